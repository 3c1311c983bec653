"""A read-only view of an analysed Doc, with character offsets: what the criteria look at.

Built once per answer so that each criterion is a small pure function of it. Building it is on
every answer's path, so it reads token attributes as arrays (`Doc.to_array`) instead of
looping over Token objects in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_TITLE, LENGTH, ORTH
from spacy.tokens import Doc, Span

from ..components.quant_doc import Lowers
from ..components.quantities import quantity_role
from ..report import Quantity, Segment, Sentence, TextSpan, Tradeoff
from .lexicon import rubric_lexicon


class Cue(NamedTuple):
    """A matched cue phrase: its category, character span, text and sentence."""

    category: str
    start: int
    end: int
    text: str
    sentence: int  # index into AnswerView.sentences


@dataclass
class AnswerView:
    text: str
    kind: str
    kind_confidence: float
    sentences: list[Sentence]
    segments: list[Segment]
    quantities: list[Quantity]
    quantity_sentence: list[int]
    tradeoffs: list[Tradeoff]
    cues: dict[str, list[Cue]] = field(default_factory=lambda: defaultdict(list))
    sentence_words: list[int] = field(default_factory=list)
    tradeoff_sentence: list[int] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False)  # readings shared by criteria and rules

    @property
    def word_count(self) -> int:
        return sum(self.sentence_words)

    def roles(self) -> list[str]:
        roles = self.memo.get("roles")
        if roles is None:
            roles = self.memo["roles"] = [s.role for s in self.sentences]
        return list(roles)

    def words_by_role(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for sentence, words in zip(self.sentences, self.sentence_words, strict=True):
            out[sentence.role] += words
        return out

    def cues_in(self, category: str, role: str | None = None) -> list[Cue]:
        found = self.cues.get(category, [])
        if role is None:
            return list(found)
        return [c for c in found if self.sentences[c.sentence].role == role]

    def whole(self) -> tuple[int, int]:
        """The answer's span without surrounding whitespace."""
        start = len(self.text) - len(self.text.lstrip())
        return start, len(self.text.rstrip())

    def sentence_span(self, index: int) -> tuple[int, int]:
        sentence = self.sentences[index]
        return sentence.start, sentence.end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int, str]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    body = piece.strip()
    return start + lead, start + lead + len(body), body


def text_span(span: Span) -> TextSpan:
    start, end, text = _trimmed(span.doc.text, span.start_char, span.end_char)
    return TextSpan(start=start, end=end, text=text)


def build_view(doc: Doc, text: str | None = None) -> AnswerView:
    """The view of `doc`; pass the text it was made from when you have it (`Doc.text` rebuilds
    it from every token, which costs as much as the rest of this function)."""
    text = doc.text if text is None else text
    sents: list[Span] = doc._.star_sents or []
    n_tokens = len(doc)
    bounds = np.array([(s.start, s.end) for s in sents], dtype=np.int64).reshape(-1, 2)
    token_sentence = np.full(n_tokens, -1, dtype=np.int64)
    sentences: list[Sentence] = []
    words: list[int] = []
    cues: dict[str, list[Cue]] = defaultdict(list)
    if n_tokens and len(sents):
        numeric = doc.to_array([IDX, LENGTH, IS_TITLE, IS_PUNCT, IS_SPACE]).astype(np.int64)
        idx, length, is_title, is_punct, is_space = numeric.T
        orth = doc.to_array(ORTH)
        is_word = (is_punct == 0) & (is_space == 0)
        cumulative = np.concatenate([[0], np.cumsum(is_word)])
        words = (cumulative[bounds[:, 1]] - cumulative[bounds[:, 0]]).tolist()
        for index, (first, last) in enumerate(bounds):
            token_sentence[first:last] = index
        # "named": a capitalised word inside a sentence (not "I", not after punctuation or a
        # line break, which start a new clause or a bullet)
        previous_punct = np.concatenate([[1], (is_punct | is_space)[:-1]])
        sentence_first = np.zeros(n_tokens, dtype=bool)
        sentence_first[bounds[:, 0]] = True
        named = np.flatnonzero((is_title == 1) & (token_sentence >= 0) & ~sentence_first
                               & (previous_punct == 0) & (orth != doc.vocab.strings["I"]))
        for i in named.tolist():
            start = int(idx[i])
            end = start + int(length[i])
            cues["named"].append(Cue("named", start, end, text[start:end], int(token_sentence[i])))
        roles = doc._.star_role_table or {}
        for sent in sents:
            start, end, body = _trimmed(text, sent.start_char, sent.end_char)
            role, confidence = roles.get((sent.start, sent.end), (None, 0.0))
            # built without re-validation: every field is well-formed by construction
            sentences.append(Sentence.model_construct(
                start=start, end=end, text=body, role=role, confidence=round(float(confidence), 4)))
    segments = []
    for span in doc.spans.get("star_segments", []):
        start, end, body = _trimmed(text, span.start_char, span.end_char)
        segments.append(Segment(start=start, end=end, text=body, role=span.label_))
    quantities, quantity_sentence = [], []
    lowers, sentence_cues = Lowers(doc), {}
    for span in doc.spans.get("star_quantities", []):
        value = span._.star_quantity
        start, end, body = _trimmed(text, span.start_char, span.end_char)
        sentence = int(token_sentence[span.start]) if span.start < n_tokens else -1
        if sentence >= 0:
            role = quantity_role(span, sentences[sentence].role, tuple(bounds[sentence].tolist()), lowers,
                                 sentence_cues)
        else:
            role = quantity_role(span)
        quantities.append(Quantity(
            start=start, end=end, text=body, kind=span.label_ or "other",
            role=role,
            value=None if value is None else value.value,
            unit=None if value is None else value.unit,
            approximate=False if value is None else value.approximate,
            before=None if value is None else value.before,
            after=None if value is None else value.after,
            change=None if value is None else value.change,
        ))
        quantity_sentence.append(sentence)
    tradeoffs, tradeoff_sentence = [], []
    for span in doc.spans.get("star_tradeoffs", []):
        start, end, body = _trimmed(text, span.start_char, span.end_char)
        tradeoffs.append(Tradeoff(start=start, end=end, text=body, kind=span.label_ or "tradeoff"))
        tradeoff_sentence.append(int(token_sentence[span.start]) if span.start < n_tokens else -1)
    for span in doc.spans.get("star_cues", []):
        sentence = int(token_sentence[span.start]) if span.start < n_tokens else -1
        if sentence >= 0:
            start, end = span.start_char, span.end_char
            cues[span.label_].append(Cue(span.label_, start, end, text[start:end], sentence))
    if sentences:
        for category, first, last in rubric_lexicon().find(doc):
            sentence = int(token_sentence[first])
            if sentence >= 0:
                start, end = int(idx[first]), int(idx[last - 1] + length[last - 1])
                cues[category].append(Cue(category, start, end, text[start:end], sentence))
    return AnswerView(
        text=text, kind=doc._.star_kind or "not_an_answer",
        kind_confidence=float(doc._.star_kind_confidence or 0.0),
        sentences=sentences, segments=segments, quantities=quantities,
        quantity_sentence=quantity_sentence, tradeoffs=tradeoffs, cues=cues,
        sentence_words=words, tradeoff_sentence=tradeoff_sentence,
    )
