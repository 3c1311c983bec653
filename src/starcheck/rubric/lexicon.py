"""The rubric's own phrase lists (`lexicon.toml`), matched on the analysed Doc.

The pipeline's `star_cues` component holds the cues the role model learns from; these are the
extra phrases that only the grading needs (lessons told in everyday words, lasting changes,
decision reasoning, buzzwords and empty claims such as "tradeoffs considered").

Matching uses spaCy's PhraseMatcher on the tokens' NORM (lower case, curly quotes read as
straight ones, "n't" as "not"), one matcher per vocabulary, built on first use: one C-level
pass per answer and no Python loop over tokens. A hyphenated phrase also matches written as
one word or as two ("trade-off", "tradeoff", "trade off").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import spacy
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .._toml import tomllib


def variants(phrase: str) -> list[str]:
    """The phrase as written, plus its hyphenated words closed up and split."""
    phrase = " ".join(phrase.split())
    out = [phrase]
    if "-" in phrase:
        out += [phrase.replace("-", ""), phrase.replace("-", " ")]
    return out


@dataclass
class RubricLexicon:
    categories: dict[str, tuple[str, ...]]
    _matchers: dict[int, tuple[Vocab, PhraseMatcher]] = field(default_factory=dict, repr=False)

    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        entry = self._matchers.get(id(vocab))
        if entry is None or entry[0] is not vocab:
            for category in self.categories:
                # permanent, even when first built inside `nlp.memory_zone()`: the matcher
                # looks its labels up in the StringStore on every call
                try:
                    vocab.strings.add(category, allow_transient=False)
                except TypeError:  # spaCy < 3.8: no memory zones, every string is permanent
                    vocab.strings.add(category)
            tokenizer = spacy.blank("en", vocab=vocab).tokenizer
            matcher = PhraseMatcher(vocab, attr="NORM")
            for category, phrases in sorted(self.categories.items()):
                forms = sorted({form for phrase in phrases for form in variants(phrase)})
                matcher.add(category, list(tokenizer.pipe(forms)))
            entry = self._matchers[id(vocab)] = (vocab, matcher)
        return entry[1]

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(category, start token, end token) of every match (overlapping ones included)."""
        # Match ids are read through our own table, not the vocab's StringStore: a matcher
        # first built inside `nlp.memory_zone()` would find its label strings gone later.
        names = self._names
        return [(names[match_id], start, end) for match_id, start, end in self.matcher(doc.vocab)(doc)]

    @property
    def _names(self) -> dict[int, str]:
        return {get_string_id(category): category for category in self.categories}


@cache
def rubric_lexicon() -> RubricLexicon:
    text = (resources.files("starcheck") / "rubric" / "lexicon.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return RubricLexicon(categories={
        name: tuple(body["phrases"]) for name, body in sorted(data["categories"].items())
    })
