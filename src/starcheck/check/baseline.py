"""Baselines: record every answer's score and grade, then fail when a later run drops below them.

A model or rubric update can shift grades without any answer changing; the baseline turns that
drift into a failing check. The file is JSON with sorted keys and paths relative to the
baseline's own folder (POSIX slashes), so it diffs cleanly and works from any working directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import CheckInputError
from .frontmatter import Grade, grade_rank
from .runner import AnswerResult, Problem, file_problem

BASELINE_VERSION = 1


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    score: float = Field(ge=0, le=100)
    grade: Grade


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = BASELINE_VERSION
    starcheck_version: str = ""
    answers: dict[str, Entry] = Field(default_factory=dict)


def baseline_key(path: Path, baseline_file: Path) -> str:
    # abspath, not resolve: a symlinked checkout keeps the keys short and the same on every run.
    return Path(os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(baseline_file)))).as_posix()


def build_baseline(results: list[AnswerResult], baseline_file: Path) -> Baseline:
    from ..about import __version__

    answers = {baseline_key(r.answer.path, baseline_file): Entry(score=round(r.report.score, 2), grade=r.report.grade)
               for r in results}
    return Baseline(starcheck_version=__version__, answers=dict(sorted(answers.items())))


def write_baseline(results: list[AnswerResult], path: Path) -> Baseline:
    baseline = build_baseline(results, path)
    data = baseline.model_dump(mode="json")
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return baseline


def read_baseline(path: Path) -> Baseline:
    try:
        return Baseline.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckInputError(f"{path}: no such baseline file (write one with --write-baseline)") from None
    except (ValidationError, UnicodeDecodeError) as error:
        raise CheckInputError(f"{path}: not a starcheck baseline: {error}") from None


def compare_with_baseline(results: list[AnswerResult], baseline: Baseline, baseline_file: Path,
                          tolerance: float) -> None:
    """Add a failing Problem to each result whose grade fell, or whose score fell by more than `tolerance`.

    Answers missing from the baseline are new and pass; a rise is never a failure.
    """
    for result in results:
        entry = baseline.answers.get(baseline_key(result.answer.path, baseline_file))
        if entry is not None:
            result.problems.extend(baseline_problems(result, entry, tolerance))


def baseline_problems(result: AnswerResult, entry: Entry, tolerance: float) -> list[Problem]:
    report = result.report
    if grade_rank(report.grade) < grade_rank(entry.grade):
        return [file_problem(result.answer, "baseline-grade", f"grade dropped from {entry.grade} to {report.grade} "
                             f"against the baseline (score {entry.score:.1f} -> {report.score:.1f})")]
    drop = entry.score - report.score
    if drop > tolerance + 1e-9:
        return [file_problem(result.answer, "baseline-score", f"score dropped by {drop:.1f} points against the "
                             f"baseline ({entry.score:.1f} -> {report.score:.1f}), more than the tolerance "
                             f"of {tolerance:g}")]
    return []
