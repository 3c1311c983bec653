"""`LexemeKeeper`: keep the words a Scorer meets as permanent lexemes, up to a limit.

`Scorer` runs each batch inside `nlp.memory_zone()`, which frees every lexeme and string the
batch created, so that a long run's memory stays flat. The price is that each batch builds the
lexemes of its words again: creating a lexeme runs spaCy's Python attribute getters (norm,
shape, prefix, suffix, like_num...), about half of the tokenizer's time on our corpus. The
keeper collects a batch's words inside the zone and, after it, adds them to the vocabulary for
good, until `limit` words are kept (about 0.5 KB each: 10,000 words are some 5 MB). Only
alphabetic words are kept (numbers, codes and names with digits rarely come back), batch by
batch as they are met, so a corpus's common words are kept first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

DEFAULT_LIMIT = 10_000


class LexemeKeeper:
    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._kept: set[int] = set()  # ORTH hashes of the words kept

    def __len__(self) -> int:
        return len(self._kept)

    def new_words(self, docs: Sequence[Doc]) -> list[str]:
        """The words of `docs` not kept yet (call inside the zone, while their strings exist)."""
        room = self.limit - len(self._kept)
        if room <= 0:
            return []
        arrays = [doc.to_array(ORTH) for doc in docs if len(doc)]
        if not arrays:
            return []
        hashes = np.unique(np.concatenate(arrays)).tolist()
        strings = docs[0].vocab.strings
        words = (strings[h] for h in hashes if h not in self._kept)
        return [word for word in words if word.isalpha()][:room]

    def keep(self, vocab: Vocab, words: Sequence[str]) -> None:
        """Add `words` to `vocab` for good (call outside any memory zone)."""
        for word in words:
            self._kept.add(vocab[word].orth)
