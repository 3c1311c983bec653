"""A read-only view of an analysed Doc, with character offsets: what the criteria look at.

Built once per answer so that each criterion is a small pure function of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..components.quantities import quantity_role
from ..report import Quantity, Segment, Sentence, TextSpan, Tradeoff


@dataclass(frozen=True)
class Cue:
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

    @property
    def word_count(self) -> int:
        return sum(self.sentence_words)

    def roles(self) -> list[str]:
        return [s.role for s in self.sentences]

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


def _trimmed(span: Span) -> tuple[int, int, str]:
    text = span.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return span.start_char + lead, span.start_char + lead + len(body), body


def text_span(span: Span) -> TextSpan:
    start, end, text = _trimmed(span)
    return TextSpan(start=start, end=end, text=text)


def build_view(doc: Doc) -> AnswerView:
    sents: list[Span] = doc._.star_sents or []
    sentences = []
    cues: dict[str, list[Cue]] = defaultdict(list)
    token_sentence: dict[int, int] = {}
    words = []
    for index, sent in enumerate(sents):
        start, end, text = _trimmed(sent)
        sentences.append(Sentence(start=start, end=end, text=text, role=sent._.star_role,
                                  confidence=round(sent._.star_role_confidence, 4)))
        for token in sent:
            token_sentence[token.i] = index
            if token.is_title and token.i > sent.start and token.text != "I" and not token.nbor(-1).is_punct:
                cues["named"].append(Cue("named", token.idx, token.idx + len(token), token.text, index))
        words.append(sum(1 for t in sent if not (t.is_punct or t.is_space)))
    segments = []
    for span in doc.spans.get("star_segments", []):
        start, end, text = _trimmed(span)
        segments.append(Segment(start=start, end=end, text=text, role=span.label_))
    quantities, quantity_sentence = [], []
    for span in doc.spans.get("star_quantities", []):
        value = span._.star_quantity
        start, end, text = _trimmed(span)
        quantities.append(Quantity(
            start=start, end=end, text=text, kind=span.label_ or "other",
            role=quantity_role(span),
            value=None if value is None else value.value,
            unit=None if value is None else value.unit,
            approximate=False if value is None else value.approximate,
            before=None if value is None else value.before,
            after=None if value is None else value.after,
            change=None if value is None else value.change,
        ))
        quantity_sentence.append(token_sentence.get(span.start, -1))
    tradeoffs = []
    for span in doc.spans.get("star_tradeoffs", []):
        start, end, text = _trimmed(span)
        tradeoffs.append(Tradeoff(start=start, end=end, text=text, kind=span.label_ or "tradeoff"))
    for span in doc.spans.get("star_cues", []):
        sentence = token_sentence.get(span.start)
        if sentence is not None:
            start, end, text = _trimmed(span)
            cues[span.label_].append(Cue(span.label_, start, end, text, sentence))
    return AnswerView(
        text=doc.text, kind=doc._.star_kind or "not_an_answer",
        kind_confidence=float(doc._.star_kind_confidence or 0.0),
        sentences=sentences, segments=segments, quantities=quantities,
        quantity_sentence=quantity_sentence, tradeoffs=tradeoffs, cues=cues,
        sentence_words=words,
    )
