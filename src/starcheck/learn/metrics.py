"""Evaluation measures: per-label P/R/F1, confusion matrix, segment F1, character accuracy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support


@dataclass(frozen=True)
class LabelScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def per_label(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[LabelScores]:
    p, r, f, s = precision_recall_fscore_support(
        gold, predicted, labels=list(labels), zero_division=0
    )
    return [LabelScores(lab, float(p[i]), float(r[i]), float(f[i]), int(s[i]))
            for i, lab in enumerate(labels)]


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Macro-F1 over the labels that occur in the gold data."""
    present = [s for s in per_label(gold, predicted, labels) if s.support > 0]
    return sum(s.f1 for s in present) / len(present) if present else 0.0


def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    return confusion_matrix(gold, predicted, labels=list(labels)).tolist()


Segment = tuple[int, int, str]


def merge_runs(spans: Sequence[tuple[int, int]], roles: Sequence[str]) -> list[Segment]:
    """Consecutive spans with one role merged into (start, end, role) segments."""
    segments: list[Segment] = []
    for (start, end), role in zip(spans, roles, strict=True):
        if segments and segments[-1][2] == role:
            segments[-1] = (segments[-1][0], end, role)
        else:
            segments.append((start, end, role))
    return segments


def segment_counts(gold: Sequence[Segment], predicted: Sequence[Segment]) -> tuple[int, int, int]:
    """(matched, n_predicted, n_gold): a match has the same role and each covers >= 50% of the other."""
    matched = 0
    used: set[int] = set()
    for ps, pe, prole in predicted:
        for j, (gs, ge, grole) in enumerate(gold):
            if j in used or grole != prole:
                continue
            overlap = min(pe, ge) - max(ps, gs)
            if overlap > 0 and overlap >= 0.5 * (pe - ps) and overlap >= 0.5 * (ge - gs):
                matched += 1
                used.add(j)
                break
    return matched, len(predicted), len(gold)


def f1_from_counts(matched: int, n_predicted: int, n_gold: int) -> float:
    if matched == 0:
        return 0.0
    precision, recall = matched / n_predicted, matched / n_gold
    return 2 * precision * recall / (precision + recall)


def char_roles(text: str, spans: Sequence[tuple[int, int]], roles: Sequence[str]) -> list[str | None]:
    """The role of each character (None for whitespace; 'other' where no span covers it)."""
    out: list[str | None] = [None if ch.isspace() else "other" for ch in text]
    for (start, end), role in zip(spans, roles, strict=True):
        for i in range(start, end):
            if out[i] is not None:
                out[i] = role
    return out
