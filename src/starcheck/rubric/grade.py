"""`grade(doc, config) -> Report`: a pure function of the analysed Doc and the rubric.

The score is the weighted average of the criteria (0-100), then capped: an `approach` or
`not_an_answer` text at `kind_caps`, an answer under `length.short_words` words at
`length.short_cap`, a keyword-stuffed answer (STAR606) at `kind_caps.stuffed`. The letter comes
from the cut points in `grades`. The weights, caps and cut points of the shipped default profile
are fitted to the labelled corpus (`python -m starcheck.learn.calibrate`, docs/rubric.md).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..language import looks_english
from ..report import Criterion, Report
from .config import RubricConfig
from .criteria import CRITERIA, MAX_POINTS, is_stuffed, stuffing_signals
from .findings import find
from .view import AnswerView, build_view


def score_criteria(view: AnswerView, config: RubricConfig) -> list[Criterion]:
    criteria = []
    for criterion_id, (name, judge) in CRITERIA.items():
        judgement = judge(view, config)
        criteria.append(Criterion(
            id=criterion_id, name=name,
            score=round(min(max(judgement.fraction, 0.0), 1.0) * MAX_POINTS, 2),
            max=MAX_POINTS, weight=getattr(config.weights, criterion_id),
            evidence=judgement.evidence, feedback=judgement.feedback,
        ))
    return criteria


def cap_for(kind: str, words: int, config: RubricConfig, stuffed: bool = False) -> float:
    """The highest score this answer can get, from its kind, its length and keyword stuffing."""
    cap = 100.0
    if kind in ("approach", "not_an_answer"):
        cap = getattr(config.kind_caps, kind)
    if words < config.length.short_words:
        cap = min(cap, config.length.short_cap)
    if stuffed:
        cap = min(cap, config.kind_caps.stuffed)
    return cap


def overall(criteria: list[Criterion], kind: str, config: RubricConfig, words: int | None = None,
            stuffed: bool = False) -> float:
    total_weight = sum(c.weight for c in criteria) or 1.0
    score = 100.0 * sum(c.weight * c.score / c.max for c in criteria) / total_weight
    words = config.length.short_words if words is None else words
    score = min(score, cap_for(kind, words, config, stuffed))
    return round(score, 1)


def grade(doc: Doc, config: RubricConfig, text: str | None = None) -> Report:
    """The Report of an analysed Doc; pass `text`, the string the Doc was made from, when you
    have it (it spares rebuilding it from the tokens)."""
    view = build_view(doc, text)
    criteria = score_criteria(view, config)
    stuffed = is_stuffed(stuffing_signals(view))
    score = overall(criteria, view.kind, config, view.word_count, stuffed)
    return Report(
        score=score, grade=config.letter(score), kind=view.kind,
        kind_confidence=round(view.kind_confidence, 4),
        sentences=view.sentences, segments=view.segments, quantities=view.quantities,
        tradeoffs=view.tradeoffs, criteria=criteria, findings=find(view, config),
        word_count=view.word_count, looks_english=looks_english(view.text),
    )
