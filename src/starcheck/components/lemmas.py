"""`star_lemmatizer`: spaCy's lookup lemmatizer, one dictionary read per distinct word.

spaCy's `Lemmatizer.__call__` sets `token.lemma_` token by token in Python, which costs about
twice the tokenizer. This subclass gives the same lemmas (the same `lemma_lookup` table from
spacy-lookups-data, the same `table.get(text, text)` rule) but looks each distinct word up
once, remembers the answer, and writes all of a doc's lemmas with one `Doc.from_array` call.
Everything else (config, initialize, serialisation) is spaCy's.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

CACHE_LIMIT = 20_000  # distinct words remembered (a few MB); cleared when full, so memory stays flat


class FastLookupLemmatizer(Lemmatizer):
    """A `lookup`-mode Lemmatizer that lemmatises by distinct word, not by token."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemma_of: dict[int, str] = {}  # ORTH hash -> lemma text (hashes are stable)

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup" or (self.overwrite is False and len(doc) and doc.has_annotation("LEMMA")):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        if not len(doc):
            return doc
        orths, inverse = np.unique(doc.to_array(ORTH), return_inverse=True)
        strings = doc.vocab.strings
        table = self.lookups.get_table("lemma_lookup", {})
        lemma_of = self._lemma_of
        if len(lemma_of) > CACHE_LIMIT:
            lemma_of.clear()
        hashes = np.empty(len(orths), dtype=np.uint64)
        for i, orth in enumerate(orths.tolist()):
            lemma = lemma_of.get(orth)
            if lemma is None:
                text = strings[orth]
                found = table.get(text, text)
                lemma = lemma_of[orth] = found if isinstance(found, str) else found[0]
            hashes[i] = strings.add(lemma)  # also inside a memory zone, where strings are transient
        doc.from_array([LEMMA], hashes[inverse].reshape(-1, 1))
        return doc


@Language.factory(
    "star_lemmatizer",
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "lookup",
        "overwrite": False,
        "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"},
    },
    default_score_weights={"lemma_acc": 1.0},
)
def make_lemmatizer(nlp: Language, model: None, name: str, mode: str, overwrite: bool,
                    scorer: Callable | None) -> FastLookupLemmatizer:
    return FastLookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
