"""Grade curated answer files and decide, for each, whether it passes its bar.

`check_answer` is a pure function of an answer file, its Report and the options, so the CLI,
the pytest plugin and tests share one definition of "passes".
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..report import Report
from ..rubric import RubricConfig
from ..scorer import Scorer
from .errors import CheckInputError
from .frontmatter import GRADES, AnswerFile, FailLevel, Grade, grade_rank, has_front_matter, parse_answer

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2, "none": 3}
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages", "build", "dist"})


@dataclass(frozen=True)
class CheckOptions:
    """Defaults for every answer; an answer's front matter overrides them."""

    min_grade: Grade | None = None
    min_score: float | None = None
    fail_level: FailLevel = "error"
    ignore: tuple[str, ...] = ()
    rubric: str | None = None
    rubric_root: Path | None = None  # a relative rubric path in the options is relative to this
    tolerance: float = 2.0


@dataclass(frozen=True)
class Problem:
    """One line of output: a finding of the grader, or a check of starcheck's own (bar, expect, baseline)."""

    rule: str
    severity: str
    message: str
    line: int
    col: int
    end_line: int
    end_col: int
    fails: bool  # does it make the answer fail?


@dataclass(frozen=True)
class Bar:
    min_grade: Grade | None
    min_score: float | None

    def describe(self) -> str:
        parts = [f"grade {self.min_grade}" if self.min_grade else "", f"score {self.min_score:g}"
                 if self.min_score is not None else ""]
        return " and ".join(p for p in parts if p) or "none"


@dataclass
class AnswerResult:
    answer: AnswerFile
    report: Report
    bar: Bar
    fail_level: FailLevel
    problems: list[Problem] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(problem.fails for problem in self.problems)

    @property
    def failures(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.fails]


@dataclass
class CheckRun:
    results: list[AnswerResult]
    skipped: list[Path] = field(default_factory=list)  # Markdown files without front matter

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1


# -- finding the files ------------------------------------------------------------------------
def discover(paths: Iterable[Path]) -> list[Path]:
    """Every *.md file named or under a named folder (hidden and build folders skipped), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
                found.update(Path(folder) / name for name in files if name.endswith(".md"))
        else:
            raise CheckInputError(f"{path}: no such file or folder")
    return sorted(found)


def load_answers(files: Iterable[Path]) -> tuple[list[AnswerFile], list[Path]]:
    """Parse the answer files; Markdown without front matter is not an answer and is skipped.

    Every bad file is reported at once (one CheckInputError listing them), before any grading.
    """
    answers, skipped, errors = [], [], []
    for path in files:
        try:
            head = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.append(f"{path}: cannot read: {error}")
            continue
        if not has_front_matter(head):
            skipped.append(path)
            continue
        try:
            answers.append(parse_answer(head, path))
        except CheckInputError as error:
            errors.append(str(error))
    if errors:
        raise CheckInputError("\n".join(errors))
    return answers, skipped


# -- grading ------------------------------------------------------------------------------------
def load_base_scorer() -> Scorer:
    """The one pipeline load (about a second); tests replace this to share a Scorer."""
    return Scorer()


class ScorerPool:
    """One pipeline, any number of rubrics: rubric variants share the loaded pipeline."""

    def __init__(self, base: Scorer | None = None) -> None:
        self._base = base
        self._by_rubric: dict[str, Scorer] = {}

    @property
    def base(self) -> Scorer:
        if self._base is None:
            self._base = load_base_scorer()
        return self._base

    def scorer(self, rubric: RubricConfig | str | Path | None) -> Scorer:
        if rubric is None:
            return self.base
        key = rubric.model_dump_json() if isinstance(rubric, RubricConfig) else str(rubric)
        if key not in self._by_rubric:
            self._by_rubric[key] = self.base.with_rubric(rubric)  # same pipeline, another rubric
        return self._by_rubric[key]


def answer_rubric(answer: AnswerFile, options: CheckOptions) -> str | Path | None:
    """The answer's rubric: its own (a path is relative to the file), else the default."""
    if answer.meta.rubric is not None:
        return _rubric_ref(answer.meta.rubric, answer.path.parent)
    if options.rubric is not None:
        return _rubric_ref(options.rubric, options.rubric_root)
    return None


def _rubric_ref(value: str, root: Path | None) -> str | Path:
    if value.endswith(".toml") and root is not None and not Path(value).is_absolute():
        return root / value
    return value


def grade_answer(answer: AnswerFile, options: CheckOptions, pool: ScorerPool) -> Report:
    from ..errors import InputError
    from ..rubric import RubricError

    try:
        scorer = pool.scorer(answer_rubric(answer, options))
    except RubricError as error:
        raise CheckInputError(f"{answer.path}: key 'rubric': {error}") from None
    try:
        return scorer.score(answer.answer)
    except InputError as error:
        raise CheckInputError(f"{answer.path}: {error}") from None


def run_check(answers: list[AnswerFile], options: CheckOptions, pool: ScorerPool | None = None) -> list[AnswerResult]:
    pool = pool or ScorerPool()
    return [check_answer(answer, grade_answer(answer, options, pool), options) for answer in answers]


# -- deciding -----------------------------------------------------------------------------------
def _matches(rule: str, patterns: Iterable[str]) -> bool:
    return any(rule.startswith(pattern) for pattern in patterns)


def check_answer(answer: AnswerFile, report: Report, options: CheckOptions) -> AnswerResult:
    """The answer's findings and starcheck's own checks (bar, expectations), as Problems."""
    meta = answer.meta
    own_bar = meta.min_grade is not None or meta.min_score is not None
    bar = Bar(meta.min_grade, meta.min_score) if own_bar else Bar(options.min_grade, options.min_score)
    fail_level: FailLevel = meta.fail_level or options.fail_level
    ignore = (*options.ignore, *meta.ignore)
    expected = meta.expect.fires
    result = AnswerResult(answer, report, bar, fail_level)
    threshold = SEVERITY_RANK[fail_level]
    for finding in report.findings:
        if _matches(finding.rule, ignore):
            continue
        line, col = answer.position(finding.start)
        end_line, end_col = answer.position(max(finding.end, finding.start))
        fails = SEVERITY_RANK[finding.severity] >= threshold and not _matches(finding.rule, expected)
        result.problems.append(Problem(finding.rule, finding.severity, finding.message,
                                       line, col, end_line, end_col, fails))
    result.problems.extend(_bar_problems(answer, report, bar))
    result.problems.extend(_expect_problems(answer, report))
    return result


def file_problem(answer: AnswerFile, rule: str, message: str, *keys: str) -> Problem:
    """A failing problem about the whole answer, placed on its front matter key (or line 1)."""
    line = answer.key_line(*keys)
    width = len(answer.source.split("\n")[line - 1]) if answer.source else 0
    return Problem(rule, "error", message, line, 1, line, width + 1, True)


def _bar_problems(answer: AnswerFile, report: Report, bar: Bar) -> list[Problem]:
    out = []
    if bar.min_grade is not None and grade_rank(report.grade) < grade_rank(bar.min_grade):
        out.append(file_problem(answer, "below-bar", f"grade {report.grade} (score {report.score:.1f}) is below "
                                f"the bar: grade {bar.min_grade} or better", "min_grade"))
    if bar.min_score is not None and report.score < bar.min_score:
        out.append(file_problem(answer, "below-bar", f"score {report.score:.1f} (grade {report.grade}) is below "
                                f"the bar: score {bar.min_score:g} or more", "min_score"))
    return out


def _expect_problems(answer: AnswerFile, report: Report) -> list[Problem]:
    expect = answer.meta.expect
    fired = sorted({finding.rule for finding in report.findings})
    out = []
    for pattern in expect.fires:
        if not _matches_any(pattern, fired):
            out.append(file_problem(answer, "expect-fires", f"expected {pattern} to fire, but it did not "
                                    f"(fired: {', '.join(fired) or 'nothing'})", "expect"))
    for pattern in expect.absent:
        hits = [rule for rule in fired if rule.startswith(pattern)]
        if hits:
            out.append(file_problem(answer, "expect-absent", f"expected {pattern} not to fire, but "
                                    f"{', '.join(hits)} did", "expect"))
    if expect.kind is not None and report.kind != expect.kind:
        out.append(file_problem(answer, "expect-kind", f"expected kind {expect.kind}, the model sees "
                                f"{report.kind} (confidence {report.kind_confidence:.2f})", "expect"))
    if expect.max_grade is not None and grade_rank(report.grade) > grade_rank(expect.max_grade):
        out.append(file_problem(answer, "expect-max-grade", f"grade {report.grade} (score {report.score:.1f}) "
                                f"is better than the expected {expect.max_grade} at most", "expect"))
    return out


def _matches_any(pattern: str, rules: Iterable[str]) -> bool:
    return any(rule.startswith(pattern) for rule in rules)


__all__ = ["GRADES", "AnswerResult", "Bar", "CheckOptions", "CheckRun", "Problem", "ScorerPool",
           "check_answer", "discover", "load_answers", "run_check"]
