"""Each output format of `starcheck check`, parsed back and checked against the answers' files."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from check_helpers import WEAK, good_and_weak, run_check, shared_scorer  # noqa: F401  (an autouse fixture)


@pytest.fixture()
def answers(tmp_path) -> Path:
    return good_and_weak(tmp_path / "answers", good={"min_grade": "B"}, weak={"min_grade": "B"})


def check(answers: Path, output_format: str):
    result = run_check(str(answers), "--format", output_format)
    assert result.exit_code == 1, result.output  # weak.md fails in every format
    return result.stdout


def text_at(path: Path, line: int, col: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[line - 1][col - 1:]


def test_json(answers):
    data = json.loads(check(answers, "json"))
    assert data["passed"] is False
    by_path = {a["path"]: a for a in data["answers"]}
    assert set(by_path) == {"answers/good.md", "answers/weak.md"}
    good, weak = by_path["answers/good.md"], by_path["answers/weak.md"]
    assert good["passed"] and not weak["passed"]
    assert weak["bar"] == {"min_grade": "B", "min_score": None}
    failing = {p["rule"] for p in weak["problems"] if p["fails"]}
    assert {"STAR104", "below-bar"} <= failing
    for problem in weak["problems"]:
        if problem["rule"].startswith("STAR"):
            assert text_at(answers / "weak.md", problem["line"], problem["col"]) in WEAK
    below = next(p for p in weak["problems"] if p["rule"] == "below-bar")
    assert text_at(answers / "weak.md", below["line"], 1).startswith("min_grade:")


def test_github_annotations(answers):
    lines = check(answers, "github").splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),"
                         r"endColumn=(\d+),title=starcheck ([\w-]+)::(.+)$")
    parsed = [pattern.match(line) for line in lines]
    assert lines and all(parsed), lines
    errors = {(m.group(2), m.group(7)) for m in parsed if m.group(1) == "error"}
    assert ("answers/weak.md", "STAR104") in errors and ("answers/weak.md", "below-bar") in errors
    assert not any(path == "answers/good.md" for path, _ in errors)
    for match in parsed:
        assert "\n" not in match.group(8)
        line, col = int(match.group(3)), int(match.group(4))
        assert int(match.group(5)) >= line
        assert text_at(answers / Path(match.group(2)).name, line, col)


def test_junit_xml(answers):
    root = ET.fromstring(check(answers, "junit").encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert suite.get("tests") == "2" and suite.get("failures") == "1" and suite.get("errors") == "0"
    assert {c.get("name") for c in cases} == {"answers/good.md", "answers/weak.md"}
    for case in cases:
        failures = case.findall("failure")
        assert case.get("classname") == "starcheck"
        if case.get("name") == "answers/weak.md":
            assert len(failures) == 1
            assert "STAR104" in failures[0].text and failures[0].get("message").startswith("grade ")
        else:
            assert failures == []
        assert case.find("system-out").text.startswith("grade ")


# A subset of the SARIF 2.1.0 schema: what GitHub code scanning and other consumers require.
_REGION = {"type": "object", "required": ["startLine", "startColumn"],
           "properties": {k: {"type": "integer", "minimum": 1}
                          for k in ("startLine", "startColumn", "endLine", "endColumn")}}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription"],
                        "properties": {"id": {"type": "string"},
                                       "defaultConfiguration": {"type": "object", "properties": {
                                           "level": {"enum": ["none", "note", "warning", "error"]}}}}}}}}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["ruleId", "message", "locations"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "ruleIndex": {"type": "integer", "minimum": 0},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"], "properties": {"physicalLocation": {
                                "type": "object", "required": ["artifactLocation", "region"],
                                "properties": {"artifactLocation": {"type": "object", "required": ["uri"]},
                                               "region": _REGION}}}}}}}}}}},
    },
}


def test_sarif(answers):
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(check(answers, "sarif"))
    jsonschema.validate(data, SARIF_SUBSET)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]  # ruleIndex points at its descriptor
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        assert text_at(Path(location["artifactLocation"]["uri"]), region["startLine"], region["startColumn"])
    errors = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
              for r in run["results"] if r["level"] == "error"}
    assert ("answers/weak.md", "STAR104") in errors and ("answers/weak.md", "below-bar") in errors
    assert all(uri == "answers/weak.md" for uri, _ in errors)


def test_sarif_subset_rejects_broken_output():
    jsonschema = pytest.importorskip("jsonschema")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": []}},
                                                           "results": [{"ruleId": "R"}]}]}, SARIF_SUBSET)
