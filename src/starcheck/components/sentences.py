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

import srsly
from pydantic import BaseModel, ValidationError
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ModelFileError
from .data_files import pattern_path

SENTENCE_END = frozenset(".!?")


class RunOnRules(BaseModel):
    version: str
    description: str = ""
    min_tokens: int
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

    def __call__(self, doc: Doc) -> Doc:
        for i in range(1, len(doc)):
            previous, token = doc[i - 1], doc[i]
            if token.is_space:
                continue
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
            elif (
                token.lower_ in self._part_labels
                and token.text[0].isupper()
                and i + 1 < len(doc)
                and doc[i + 1].text == ":"
            ):
                token.is_sent_start = True
                if i + 2 < len(doc):
                    doc[i + 2].is_sent_start = False
        for sent in list(doc.sents):
            if len(sent) >= self.rules.min_tokens and not _has_inner_stop(sent):
                self._split_run_on(sent)
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


def _has_inner_stop(sent: Span) -> bool:
    return any(t.text in SENTENCE_END for t in sent[:-1])


@Language.factory(
    "star_sentences", assigns=["token.is_sent_start"], default_config={"rules_path": None}
)
def make_sentence_boundaries(nlp: Language, name: str, rules_path: str | None) -> SentenceBoundaries:
    path = Path(rules_path) if rules_path else pattern_path("sentences.json")
    return SentenceBoundaries(RunOnRules.from_file(path))
