"""CI checks on curated model answers: `starcheck check`, the pytest plugin and pre-commit.

A curated answer is a Markdown file with front matter (question, min_grade, expect, rubric);
see docs/ci.md.
"""

from __future__ import annotations

from .errors import CheckInputError
from .frontmatter import AnswerFile, Expect, FrontMatter, parse_answer, read_answer_file
from .runner import AnswerResult, CheckOptions, CheckRun, Problem, ScorerPool, check_answer, run_check

__all__ = [
    "AnswerFile",
    "AnswerResult",
    "CheckInputError",
    "CheckOptions",
    "CheckRun",
    "Expect",
    "FrontMatter",
    "Problem",
    "ScorerPool",
    "check_answer",
    "parse_answer",
    "read_answer_file",
    "run_check",
]
