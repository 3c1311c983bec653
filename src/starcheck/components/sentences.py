"""Sentence boundaries that answers need beyond punctuation: line breaks, bullets, headings,
and bullet lists pasted as one run-on line.

Runs after spaCy's `sentencizer` and only adds boundaries:
- a new line starts a sentence (bullets and "Situation:" heading lines often lack a full stop);
- a part label such as "Result:" in the middle of a line starts one;
- inside a long run with no full stop, a capitalised sentence opener after a lower-case word
  starts one (the rules are data: `patterns/sentences.json`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import srsly
from pydantic import BaseModel, ValidationError
from spacy.attrs import IDX, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from ..errors import ModelFileError
from .data_files import pattern_path

SENTENCE_END = frozenset(".!?")


class RunOnRules(BaseModel):
    version: str
    description: str = ""
    min_tokens: int
    max_sentence_tokens: int
    openers: list[str]
    not_before_i: list[str]
    part_labels: list[str]
    determiners: list[str]

    @classmethod
    def from_file(cls, path: Path) -> RunOnRules:
        try:
            return cls.model_validate(srsly.read_json(path))
        except (ValidationError, ValueError) as error:
            raise ModelFileError(f"invalid sentence rules {path}: {error}") from error


class SentenceBoundaries:
    def __init__(self, rules: RunOnRules) -> None:
        self.rules = rules
        self._openers = frozenset(rules.openers)
        self._not_before_i = frozenset(rules.not_before_i)
        self._part_labels = frozenset(rules.part_labels)
        self._determiners = frozenset(rules.determiners)
        self._label_ids = frozenset(hash_string(w) for w in rules.part_labels)
        self._colon_id = np.uint64(hash_string(":"))
        self._stop_ids = [np.uint64(hash_string(c)) for c in SENTENCE_END]

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        arr = doc.to_array([IDX, LENGTH, IS_SPACE, LOWER, IS_TITLE, IS_UPPER])
        words = np.nonzero(arr[:, 2] == 0)[0]
        # a word with a line break between it and the word before starts a sentence; a line
        # break is always in a whitespace token (a token's own trailing space is one " "), so
        # only those are read (`Doc.text` would rebuild the whole text)
        if len(words) > 1:
            breaking = [i for i in np.nonzero(arr[:, 2] == 1)[0].tolist() if "\n" in doc[i].text]
            if breaking:
                after = np.searchsorted(words, breaking)  # the first word after each break
                for k in sorted(set(after[(after > 0) & (after < len(words))].tolist())):
                    doc[int(words[k])].is_sent_start = True
        # a capitalised part label followed by a colon ("Result:") starts one anywhere
        before_colon = np.nonzero((arr[1:, 3] == self._colon_id) & ((arr[:-1, 4] == 1) | (arr[:-1, 5] == 1)))[0]
        for i in before_colon.tolist():
            if int(arr[i, 3]) not in self._label_ids:
                continue
            if i > 0:
                doc[i].is_sent_start = True
            if i + 2 < len(doc):
                doc[i + 2].is_sent_start = False
        is_stop = np.zeros(len(doc), dtype=np.int64)
        for stop_id in self._stop_ids:
            is_stop |= arr[:, 3] == stop_id
        stops = np.concatenate([[0], np.cumsum(is_stop)])
        for start, end in sentence_bounds(doc):
            length, inner_stops = end - start, stops[end - 1] - stops[start]
            if length >= self.rules.min_tokens and (stops[end] == stops[start] or (
                    length >= self.rules.max_sentence_tokens and inner_stops == 0)):
                self._split_run_on(doc[start:end])  # no full stop at all, or far too long
        return doc

    def _split_run_on(self, sent: Span) -> None:
        last = sent.start
        for token in sent[2:-2]:
            if token.i - last >= 4 and self._opens_sentence(token, token.nbor(-1)):
                token.is_sent_start = True
                last = token.i

    def _opens_sentence(self, token: Token, previous: Token) -> bool:
        if not (previous.is_lower or previous.like_num or previous.text in "%)"):
            return False
        if token.text == "I":
            doc = token.doc
            near = (doc[k].lower_ for k in range(max(token.i - 3, 0), token.i))
            return previous.lower_ not in self._not_before_i and not any(w in self._determiners for w in near)
        if not token.is_title:
            return False
        lower = token.lower_
        return lower in self._openers or (lower.endswith("ed") and len(lower) > 4)


def sentence_bounds(doc: Doc, sent_starts: np.ndarray | None = None) -> list[tuple[int, int]]:
    """(start, end) token offsets of each sentence, read from the array of sentence starts
    (`doc.to_array(SENT_START)`, passed in when the caller has it).

    Cheaper than `doc.sents`, which checks every token for annotation on each call.
    """
    if len(doc) == 0:
        return []
    if sent_starts is None:
        sent_starts = doc.to_array(SENT_START)
    starts = np.nonzero(sent_starts == 1)[0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


@Language.factory(
    "star_sentences", assigns=["token.is_sent_start"], default_config={"rules_path": None}
)
def make_sentence_boundaries(nlp: Language, name: str, rules_path: str | None) -> SentenceBoundaries:
    path = Path(rules_path) if rules_path else pattern_path("sentences.json")
    return SentenceBoundaries(RunOnRules.from_file(path))
