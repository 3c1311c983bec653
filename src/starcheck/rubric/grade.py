"""`grade(doc, config) -> Report`: a pure function of the analysed Doc and the rubric."""

from __future__ import annotations

from spacy.tokens import Doc

from ..report import Criterion, Report
from .config import RubricConfig
from .criteria import CRITERIA, MAX_POINTS
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


def overall(criteria: list[Criterion], kind: str, config: RubricConfig) -> float:
    total_weight = sum(c.weight for c in criteria) or 1.0
    score = 100.0 * sum(c.weight * c.score / c.max for c in criteria) / total_weight
    if kind in ("approach", "not_an_answer"):
        score = min(score, getattr(config.kind_caps, kind))
    return round(score, 1)


def grade(doc: Doc, config: RubricConfig) -> Report:
    view = build_view(doc)
    criteria = score_criteria(view, config)
    score = overall(criteria, view.kind, config)
    return Report(
        score=score, grade=config.letter(score), kind=view.kind,
        kind_confidence=round(view.kind_confidence, 4),
        sentences=view.sentences, segments=view.segments, quantities=view.quantities,
        tradeoffs=view.tradeoffs, criteria=criteria, findings=find(view, config),
        word_count=view.word_count,
    )
