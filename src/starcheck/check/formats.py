"""Output formats of `starcheck check`: text, json, github, junit, sarif.

Every format carries the same facts: per answer its grade, score, bar and pass/fail, and per
problem its rule, severity, message and `path:line:col` in the Markdown file.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from ..about import __version__
from .runner import AnswerResult, CheckRun, Problem

INFORMATION_URI = "https://github.com/starcheck/starcheck"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# starcheck's own checks, next to the grader's STAR rules (SARIF and docs list them).
CHECK_RULES = {
    "below-bar": "The answer's grade or score is below its bar (min_grade / min_score).",
    "expect-fires": "A rule listed in expect.fires did not fire.",
    "expect-absent": "A rule listed in expect.absent fired.",
    "expect-kind": "The model sees another answer kind than expect.kind.",
    "expect-max-grade": "The answer graded better than expect.max_grade.",
    "baseline-grade": "The grade dropped against the baseline.",
    "baseline-score": "The score dropped against the baseline by more than the tolerance.",
}


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, with POSIX slashes."""
    resolved, cwd = path.resolve(), Path.cwd().resolve()
    return resolved.relative_to(cwd).as_posix() if resolved.is_relative_to(cwd) else path.as_posix()


def _sorted_problems(result: AnswerResult) -> list[Problem]:
    return sorted(result.problems, key=lambda p: (p.line, p.col, p.rule))


# -- text ---------------------------------------------------------------------------------------
def format_text(run: CheckRun) -> str:
    lines = []
    for result in run.results:
        path = display_path(result.answer.path)
        for problem in _sorted_problems(result):
            lines.append(f"{path}:{problem.line}:{problem.col}: {problem.rule} [{problem.severity}] {problem.message}")
    if lines:
        lines.append("")
    for result in run.results:
        status = "PASS" if result.passed else "FAIL"
        reasons = sorted({problem.rule for problem in result.failures})
        because = f"; failed on {', '.join(reasons)}" if reasons else ""
        lines.append(f"{status} {display_path(result.answer.path)}: grade {result.report.grade} "
                     f"(score {result.report.score:.1f}), bar: {result.bar.describe()}{because}")
    failed = sum(not result.passed for result in run.results)
    summary = f"{len(run.results)} answer{'s' * (len(run.results) != 1)} checked: " \
              f"{len(run.results) - failed} passed, {failed} failed"
    if run.skipped:
        summary += f"; {len(run.skipped)} Markdown file{'s' * (len(run.skipped) != 1)} without front matter skipped"
    lines.append(summary)
    return "\n".join(lines) + "\n"


# -- json ---------------------------------------------------------------------------------------
def as_dict(run: CheckRun) -> dict:
    return {
        "starcheck_version": __version__,
        "passed": run.passed,
        "answers": [{
            "path": display_path(result.answer.path),
            "question": result.answer.meta.question,
            "grade": result.report.grade,
            "score": result.report.score,
            "kind": result.report.kind,
            "bar": {"min_grade": result.bar.min_grade, "min_score": result.bar.min_score},
            "fail_level": result.fail_level,
            "passed": result.passed,
            "problems": [{
                "rule": p.rule, "severity": p.severity, "message": p.message, "fails": p.fails,
                "line": p.line, "col": p.col, "end_line": p.end_line, "end_col": p.end_col,
            } for p in _sorted_problems(result)],
        } for result in run.results],
        "skipped": [display_path(path) for path in run.skipped],
    }


def format_json(run: CheckRun) -> str:
    return json.dumps(as_dict(run), indent=2, ensure_ascii=False) + "\n"


# -- GitHub workflow commands -------------------------------------------------------------------
# A failing problem is an error; one that does not fail the check is at most a warning.
_GITHUB_LEVEL = {"error": "warning", "warning": "warning", "info": "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(run: CheckRun) -> str:
    """`::error file=…,line=…,col=…::message` lines: failing problems as errors, the rest by severity."""
    lines = []
    for result in run.results:
        path = _escape_property(display_path(result.answer.path))
        for p in _sorted_problems(result):
            level = "error" if p.fails else _GITHUB_LEVEL[p.severity]
            title = _escape_property(f"starcheck {p.rule}")
            lines.append(f"::{level} file={path},line={p.line},col={p.col},endLine={p.end_line},"
                         f"endColumn={p.end_col},title={title}::{_escape_data(p.message)}")
    return "".join(line + "\n" for line in lines)


# -- JUnit XML ----------------------------------------------------------------------------------
def format_junit(run: CheckRun) -> str:
    """One <testcase> per answer (name: its path); a failing answer has one <failure> listing its problems."""
    failures = sum(not result.passed for result in run.results)
    suites = ET.Element("testsuites", name="starcheck", tests=str(len(run.results)), failures=str(failures),
                        errors="0")
    suite = ET.SubElement(suites, "testsuite", name="starcheck", tests=str(len(run.results)),
                          failures=str(failures), errors="0", skipped="0")
    for result in run.results:
        path = display_path(result.answer.path)
        case = ET.SubElement(suite, "testcase", classname="starcheck", name=path, file=path)
        details = [f"{path}:{p.line}:{p.col}: {p.rule} [{p.severity}] {p.message}" for p in _sorted_problems(result)]
        if not result.passed:
            first = result.failures[0]
            failure = ET.SubElement(case, "failure", type=first.rule,
                                    message=f"grade {result.report.grade} (score {result.report.score:.1f}): "
                                            f"{first.message}")
            failure.text = "\n".join(details)
        out = ET.SubElement(case, "system-out")
        out.text = (f"grade {result.report.grade}, score {result.report.score:.1f}, bar: {result.bar.describe()}\n"
                    + "\n".join(details))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# -- SARIF 2.1.0 --------------------------------------------------------------------------------
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SARIF_PASSING_LEVEL = {"error": "warning", "warning": "warning", "info": "note"}


def _rule_descriptors(rule_ids: list[str]) -> list[dict]:
    from ..rubric.findings import rule_catalogue

    catalogue = rule_catalogue()
    out = []
    for rule_id in rule_ids:
        rule = catalogue.get(rule_id)
        if rule is not None:
            out.append({
                "id": rule_id, "name": rule.name,
                "shortDescription": {"text": rule.why or rule.name},
                "help": {"text": rule.fix or rule.why},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            })
        else:
            text = CHECK_RULES.get(rule_id, rule_id)
            out.append({"id": rule_id, "name": rule_id, "shortDescription": {"text": text},
                        "defaultConfiguration": {"level": "error"}})
    return out


def as_sarif(run: CheckRun) -> dict:
    rule_ids = sorted({p.rule for result in run.results for p in result.problems})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    results = []
    for result in run.results:
        uri = display_path(result.answer.path)
        for p in _sorted_problems(result):
            results.append({
                "ruleId": p.rule,
                "ruleIndex": index[p.rule],
                "level": "error" if p.fails else _SARIF_PASSING_LEVEL[p.severity],
                "message": {"text": p.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": p.line, "startColumn": p.col,
                               "endLine": p.end_line, "endColumn": p.end_col},
                }}],
                "properties": {"grade": result.report.grade, "score": result.report.score},
            })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "starcheck", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": _rule_descriptors(rule_ids)}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def format_sarif(run: CheckRun) -> str:
    return json.dumps(as_sarif(run), indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[CheckRun], str]] = {
    "text": format_text, "json": format_json, "github": format_github, "junit": format_junit, "sarif": format_sarif,
}


def render(run: CheckRun, output_format: str) -> str:
    return FORMATS[output_format](run)
