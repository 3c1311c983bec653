"""starcheck: grade behavioural interview answers written in the STAR form.

    >>> import starcheck
    >>> report = starcheck.score("Our checkout took 2.4s to load. ...")  # doctest: +SKIP
    >>> report.grade, report.score                                          # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .about import REPORT_SCHEMA_VERSION, __version__
from .errors import InputError, ModelFileError

if TYPE_CHECKING:
    from .batch import grade_frame
    from .comparison import compare
    from .report import Criterion, Finding, Quantity, Report, Segment, Sentence, TextSpan, Tradeoff
    from .rubric import RubricConfig, RubricError
    from .scorer import Scorer

# Imported on first use, so that `import starcheck` (and the pytest plugin, which pytest loads
# in every run where starcheck is installed) does not pay for spaCy, scikit-learn or pandas.
_LAZY = {
    "Scorer": "scorer",
    "compare": "comparison",
    "grade_frame": "batch",  # pandas stays optional
    "RubricConfig": "rubric",
    "RubricError": "rubric",
    **{name: "report" for name in ("Criterion", "Finding", "Quantity", "Report", "Segment", "Sentence",
                                   "TextSpan", "Tradeoff")},
}

_default_scorer: Scorer | None = None


def score(text: str) -> Report:
    """Grade one answer with the default rubric (the pipeline is loaded on first use)."""
    global _default_scorer
    if _default_scorer is None:
        from .scorer import Scorer

        _default_scorer = Scorer()
    return _default_scorer.score(text)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starcheck' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
