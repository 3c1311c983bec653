"""Test helpers for code that uses starcheck: `assert_grade(text, at_least="B")`.

    from starcheck.testing import assert_grade

    def test_model_answer():
        assert_grade(open("answers/conflict.txt").read(), at_least="B")

The pipeline is loaded once per process, on the first call, and shared by every rubric.
"""

from __future__ import annotations

from pathlib import Path

from .report import Report
from .rubric import RubricConfig

_POOL = None
_GRADES = ("F", "D", "C", "B", "A")


def _pool():
    global _POOL
    if _POOL is None:
        from .check.runner import ScorerPool

        _POOL = ScorerPool()
    return _POOL


def assert_grade(text: str, at_least: str = "B", rubric: RubricConfig | str | Path | None = None) -> Report:
    """Grade `text` and raise AssertionError unless its grade is `at_least` or better.

    The message shows the grade and score, the score the bar needs, the weakest criteria and the
    findings, so that a failing test says what to fix. Returns the Report for further checks.
    """
    bar = at_least.strip().upper() if isinstance(at_least, str) else at_least
    if bar not in _GRADES:
        raise ValueError(f"at_least must be one of A, B, C, D, F, got {at_least!r}")
    scorer = _pool().scorer(rubric)
    report = scorer.score(text)
    if _GRADES.index(report.grade) < _GRADES.index(bar):
        raise AssertionError(explain(report, bar, scorer.rubric))
    return report


def explain(report: Report, bar: str, rubric: RubricConfig) -> str:
    """A multi-line account of why `report` misses `bar`: what a failing test should print."""
    needed = getattr(rubric.grades, bar) if bar != "F" else 0.0
    lines = [f"expected grade {bar} or better, got {report.grade} (score {report.score:.1f}; "
             f"{bar} needs {needed:g} under the {rubric.name!r} rubric; kind: {report.kind})"]
    weak = sorted(report.criteria, key=lambda c: (c.score / c.max) if c.max else 1.0)[:3]
    if weak:
        lines.append("weakest criteria:")
        lines += [f"  {c.id}: {c.score:.1f}/{c.max:g}" + (f" - {c.feedback}" if c.feedback else "") for c in weak]
    if report.findings:
        lines.append("findings:")
        lines += [f"  {f.rule} [{f.severity}] {f.message}" for f in report.findings]
    return "\n".join(lines)
