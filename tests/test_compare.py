from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import starcheck
from conftest import EXAMPLES
from starcheck.cli import app
from starcheck.comparison import Comparison
from starcheck.report import report_json_schema

WEAK = ("Our checkout page was slow. We looked into it and made some changes to the pricing calls. "
        "It got a lot better after that and people were happy.")


@pytest.fixture(scope="module")
def reference() -> str:
    return (EXAMPLES / "checkout-latency.txt").read_text(encoding="utf-8")


def test_compare_names_weaker_criteria_missing_parts_and_numbers(scorer, reference):
    comparison = starcheck.compare(WEAK, reference, scorer=scorer)
    assert isinstance(comparison, Comparison)
    assert comparison.answer_score < comparison.reference_score
    weaker = {gap.id: gap for gap in comparison.weaker_criteria}
    assert {"quantified_result", "tradeoffs", "reflection"} <= set(weaker)
    for gap in weaker.values():
        assert gap.answer_score < gap.reference_score <= gap.max
    assert "task" in comparison.missing_parts
    missing = {q.text for q in comparison.missing_quantities}
    assert "from 2.4s to 600ms" in missing
    for q in comparison.missing_quantities:
        assert reference[q.start:q.end] == q.text and q.role == "result"
    text = comparison.format()
    assert "Quantified result" in text and "from 2.4s to 600ms" in text


def test_compare_with_itself_finds_nothing(scorer, reference):
    comparison = starcheck.compare(reference, reference, scorer=scorer)
    assert comparison.weaker_criteria == [] and comparison.missing_parts == []
    assert comparison.missing_quantities == []
    assert "No criterion" in comparison.format()


def test_compare_accepts_reports_and_uses_the_default_scorer(scorer, reference):
    ours, theirs = scorer.score(WEAK), scorer.score(reference)
    assert starcheck.compare(ours, theirs) == Comparison.from_reports(ours, theirs)
    assert starcheck.compare(WEAK, theirs) == Comparison.from_reports(ours, theirs)
    with pytest.raises(TypeError, match="int"):
        starcheck.compare(3, reference)


def test_a_quantity_of_the_same_kind_counts_as_a_match(scorer, reference):
    answer = ("Last spring our checkout took over two seconds to load. I was asked to speed it up before the "
              "sale. I cached the slowest pricing calls. Load time dropped from 2.1s to 900ms.")
    comparison = starcheck.compare(answer, reference, scorer=scorer)
    assert all(q.kind != "duration" for q in comparison.missing_quantities)


def test_cli_score_with_reference_prints_the_comparison(tmp_path, reference):
    answer = tmp_path / "answer.txt"
    answer.write_text(WEAK)
    model = tmp_path / "model.txt"
    model.write_text(reference)
    runner = CliRunner()
    result = runner.invoke(app, ["score", str(answer), "--reference", str(model)])
    assert result.exit_code == 0, result.output
    assert "Compared with the reference" in result.output
    result = runner.invoke(app, ["score", str(answer), "--reference", str(model), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "comparison" in data and data["comparison"]["missing_parts"] == ["task"]
    report_fields = set(report_json_schema()["properties"])
    assert set(data) == report_fields | {"comparison"}


def test_cli_json_without_reference_is_a_plain_report(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    answer = tmp_path / "answer.txt"
    answer.write_text(WEAK)
    result = CliRunner().invoke(app, ["score", str(answer), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "comparison" not in data
    jsonschema.validate(data, report_json_schema())


def test_cli_reference_file_must_exist(tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text(WEAK)
    result = CliRunner().invoke(app, ["score", str(answer), "--reference", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.output
