"""starcheck: grade behavioural interview answers written in the STAR form.

    >>> import starcheck
    >>> report = starcheck.score("Our checkout took 2.4s to load. ...")  # doctest: +SKIP
    >>> report.grade, report.score                                          # doctest: +SKIP
"""

from __future__ import annotations

from .about import REPORT_SCHEMA_VERSION, __version__
from .compare import compare
from .errors import InputError, ModelFileError
from .report import Criterion, Finding, Quantity, Report, Segment, Sentence, TextSpan, Tradeoff
from .rubric import RubricConfig, RubricError
from .scorer import Scorer

_default_scorer: Scorer | None = None


def score(text: str) -> Report:
    """Grade one answer with the default rubric (the pipeline is loaded on first use)."""
    global _default_scorer
    if _default_scorer is None:
        _default_scorer = Scorer()
    return _default_scorer.score(text)


def __getattr__(name: str):
    # grade_frame lives in starcheck.batch, imported on first use: pandas stays optional.
    if name == "grade_frame":
        from .batch import grade_frame

        return grade_frame
    raise AttributeError(f"module 'starcheck' has no attribute {name!r}")


__all__ = [
    "REPORT_SCHEMA_VERSION",
    "Criterion",
    "Finding",
    "InputError",
    "ModelFileError",
    "Quantity",
    "Report",
    "RubricConfig",
    "RubricError",
    "Scorer",
    "Segment",
    "Sentence",
    "TextSpan",
    "Tradeoff",
    "__version__",
    "compare",
    "grade_frame",
    "score",
]
