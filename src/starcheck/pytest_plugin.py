"""pytest plugin: `pytest --starcheck` collects curated answer files as test items (issue 7).

Each Markdown file with front matter becomes one test item named after the file; it passes
when the answer meets its bar (front matter, else `[tool.starcheck]`) and its expectations.
Enable it with `--starcheck` or the `starcheck_paths` ini option (which also adds those folders
to the run when no paths are given on the command line). When it is off, the hooks return at
once and nothing of starcheck is imported; when it is on, the pipeline is loaded once per
session, on the first answer that runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_STATE: pytest.StashKey[Any] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("starcheck")
    group.addoption("--starcheck", action="store_true", default=False,
                    help="Collect curated answer files (Markdown with front matter) as tests.")
    parser.addini("starcheck_paths", type="paths", default=[],
                  help="Folders or files of curated answers to collect as tests (turns the plugin on).")


class _State:
    """Per-session settings and the lazily loaded Scorer pool."""

    def __init__(self, config: pytest.Config) -> None:
        from .check.config import load_config
        from .check.errors import CheckInputError
        from .check.runner import CheckOptions, ScorerPool

        try:
            loaded = load_config(start=config.rootpath)
        except CheckInputError as error:
            raise pytest.UsageError(f"starcheck: {error}") from None
        settings = loaded.config
        self.options = CheckOptions(
            min_grade=settings.min_grade, min_score=settings.min_score,
            fail_level=settings.fail_level or "error", ignore=tuple(settings.ignore),
            rubric=settings.rubric, rubric_root=loaded.root,
        )
        ini_paths: list[Path] = config.getini("starcheck_paths")
        roots = ini_paths or [loaded.resolve(p) for p in settings.paths]
        self.roots = [Path(root).resolve() for root in roots]
        self.pool = ScorerPool()  # loads nothing until the first answer is graded

    def wants(self, path: Path) -> bool:
        if path.suffix.lower() != ".md":
            return False
        if not self.roots:
            return True
        resolved = path.resolve()
        return any(resolved == root or resolved.is_relative_to(root) for root in self.roots)


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("starcheck") or config.getini("starcheck_paths"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "starcheck: a curated answer checked by starcheck")
    if not _enabled(config):
        return
    state = _State(config)
    config.stash[_STATE] = state
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        # No paths on the command line: run the answers as well as the usual tests.
        invocation = config.invocation_params.dir
        covered = [(invocation / arg).resolve() for arg in config.args]
        for root in state.roots:
            if root.exists() and not any(root == c or root.is_relative_to(c) for c in covered):
                config.args.append(str(root))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    state = parent.config.stash.get(_STATE, None)
    if state is None or not state.wants(file_path):
        return None
    from .check.frontmatter import has_front_matter

    try:
        with file_path.open(encoding="utf-8") as stream:
            first_line = stream.readline()
    except (OSError, UnicodeDecodeError):
        return None
    if not has_front_matter(first_line):
        return None  # a README or other page, not an answer
    return AnswerFile.from_parent(parent, path=file_path)


class AnswerFile(pytest.File):
    """A curated answer file; it holds one item, named after the file."""

    def collect(self):
        from .check.errors import CheckInputError
        from .check.frontmatter import read_answer_file

        try:
            answer = read_answer_file(self.path)
        except CheckInputError as error:
            raise self.CollectError(str(error)) from None
        yield AnswerItem.from_parent(self, name=self.path.stem, answer=answer)


class AnswerFailed(AssertionError):
    """The answer misses its bar or an expectation; carries the result for the report."""

    def __init__(self, result: Any) -> None:
        super().__init__(f"{result.answer.path.name} failed its starcheck bar")
        self.result = result


class AnswerItem(pytest.Item):
    def __init__(self, *, answer: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answer = answer
        self.add_marker("starcheck")

    def runtest(self) -> None:
        from .check.runner import check_answer, grade_answer

        state = self.config.stash[_STATE]
        report = grade_answer(self.answer, state.options, state.pool)
        result = check_answer(self.answer, report, state.options)
        self.user_properties.extend([("grade", report.grade), ("score", report.score)])
        if not result.passed:
            raise AnswerFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from .check.errors import CheckInputError

        if isinstance(excinfo.value, AnswerFailed):
            return describe_failure(excinfo.value.result)
        if isinstance(excinfo.value, CheckInputError):
            return f"starcheck: {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"starcheck answer: {self.name}"


def describe_failure(result: Any) -> str:
    """The grade, the bar, why it failed and every finding, each with its line:col in the file."""
    report = result.report
    lines = [f"{result.answer.path.name}: grade {report.grade} (score {report.score:.1f}, kind {report.kind}); "
             f"bar: {result.bar.describe()}; fail level: {result.fail_level}",
             f"question: {result.answer.meta.question}"]
    failures = sorted(result.failures, key=lambda p: (p.line, p.col))
    lines.append("failed on:")
    lines += [f"  {p.line}:{p.col} {p.rule} [{p.severity}] {p.message}" for p in failures]
    others = sorted((p for p in result.problems if not p.fails), key=lambda p: (p.line, p.col))
    if others:
        lines.append("other findings:")
        lines += [f"  {p.line}:{p.col} {p.rule} [{p.severity}] {p.message}" for p in others]
    return "\n".join(lines)
