"""Cheap views of a Doc shared by star_quantities and star_tradeoffs.

Both components run on every answer, so they avoid per-token Python work: sentence starts
come from one `Doc.to_array(SENT_START)` call and the
lower-cased text of a token is read (and cached) only for the few tokens a rule looks at;
tokens with digits are found through a lexeme flag. (`Doc.text` and `Doc.sents` walk every token
in Python, so neither is used on the hot path.)
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_SPACE, LOWER, SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab


def unit_starts(doc: Doc, split_lines: bool = False) -> list[int]:
    """Token indices where a sentence starts (and, with `split_lines`, where a line starts)."""
    n = len(doc)
    if n == 0:
        return []
    # one vectorised read; Doc.has_annotation("SENT_START") would walk the tokens in Python
    flags = doc.to_array(SENT_START).astype(np.int64)
    starts = np.flatnonzero(flags == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    if split_lines:
        extra = {i + 1 for i in newline_tokens(doc) if i + 1 < n}
        if extra:
            starts = sorted(set(starts) | extra)
    return starts


def newline_tokens(doc: Doc) -> list[int]:
    """Indices of whitespace tokens that hold a line break."""
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    return [i for i in spaces if "\n" in doc[i].text]


def has_digit(text: str) -> bool:
    """Lexeme flag getter: the token text holds a digit."""
    return any(ch.isdigit() for ch in text)


def digit_flag(vocab: Vocab) -> int:
    """The id of the "has a digit" lexeme flag on `vocab`, added once (`Vocab.add_flag`).

    spaCy computes a flag once per lexeme and caches it, so finding the tokens with digits
    is one `Doc.to_array` call per doc.
    """
    for flag_id, getter in vocab.lex_attr_getters.items():
        if getter is has_digit:
            return flag_id
    return vocab.add_flag(has_digit)


def digit_tokens(doc: Doc, flag_id: int) -> list[int]:
    """Indices of tokens with a digit."""
    if len(doc) == 0:
        return []
    return np.flatnonzero(doc.to_array([flag_id])).tolist()


class Lowers:
    """Lower-cased token texts of a doc, looked up lazily from the LOWER attribute."""

    __slots__ = ("_cache", "_hashes", "_strings", "doc")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._hashes: list[int] | None = None
        self._cache: dict[int, str] = {}
        self._strings = doc.vocab.strings

    def span(self, lo: int, hi: int) -> list[str]:
        """The lower-cased texts of tokens lo..hi-1."""
        if self._hashes is None:
            self._hashes = self.doc.to_array(LOWER).tolist()
        strings = self._strings
        return [strings[h] for h in self._hashes[lo:hi]]

    def __call__(self, i: int) -> str:
        got = self._cache.get(i)
        if got is None:
            if self._hashes is None:
                self._hashes = self.doc.to_array(LOWER).tolist()
            got = self._cache[i] = self._strings[self._hashes[i]]
        return got
