"""Baselines: a stable record of grades, and a failing check when a grade or score drops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import GOOD, answer_file, good_and_weak, run_check, shared_scorer  # noqa: F401  (autouse fixture)


@pytest.fixture()
def answers(tmp_path) -> Path:
    return good_and_weak(tmp_path / "answers", weak={"fail_level": "none"})


def test_written_baseline_is_sorted_stable_and_relative(answers, tmp_path):
    first, second = tmp_path / "ci" / "baseline.json", tmp_path / "ci" / "again.json"
    assert run_check(str(answers), "--write-baseline", str(first)).exit_code == 0
    assert run_check(str(answers / "weak.md"), str(answers / "good.md"), "--write-baseline", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert list(data["answers"]) == ["../answers/good.md", "../answers/weak.md"]  # relative to the baseline
    assert set(data["answers"]["../answers/good.md"]) == {"score", "grade"}
    assert first.read_text(encoding="utf-8") == json.dumps(data, indent=2, sort_keys=True) + "\n"


def test_unchanged_answers_pass_against_their_baseline(answers, tmp_path):
    baseline = tmp_path / "baseline.json"
    run_check(str(answers), "--write-baseline", str(baseline))
    assert run_check(str(answers), "--baseline", str(baseline)).exit_code == 0


def test_baseline_catches_a_lowered_grade(answers, tmp_path):
    baseline = tmp_path / "baseline.json"
    run_check(str(answers), "--write-baseline", str(baseline))
    before = json.loads(baseline.read_text(encoding="utf-8"))["answers"]["answers/good.md"]
    # Remove the result paragraph: no bar is set, so only the baseline can notice.
    without_result = GOOD.rsplit("\n\n", 1)[0]
    (answers / "good.md").write_text(answer_file("Q?", without_result, fail_level="none"), encoding="utf-8")
    assert run_check(str(answers)).exit_code == 0
    result = run_check(str(answers), "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 1, result.output
    good = next(a for a in json.loads(result.stdout)["answers"] if a["path"] == "answers/good.md")
    assert "FDCBA".index(good["grade"]) < "FDCBA".index(before["grade"])  # a worse grade
    failing = [p for p in good["problems"] if p["fails"]]
    assert [p["rule"] for p in failing] == ["baseline-grade"]
    assert f"from {before['grade']} to {good['grade']}" in failing[0]["message"]


def test_score_drop_within_and_beyond_the_tolerance(answers, tmp_path):
    baseline = tmp_path / "baseline.json"
    run_check(str(answers), "--write-baseline", str(baseline))
    data = json.loads(baseline.read_text(encoding="utf-8"))
    entry = data["answers"]["answers/weak.md"]
    entry["score"] = min(100.0, entry["score"] + 5.0)  # same grade, a higher recorded score
    baseline.write_text(json.dumps(data), encoding="utf-8")
    drop = entry["score"] - json.loads(run_check(str(answers), "--format", "json").stdout)["answers"][1]["score"]
    assert drop > 4
    result = run_check(str(answers), "--baseline", str(baseline))
    assert result.exit_code == 1 and "baseline-score" in result.stdout
    assert run_check(str(answers), "--baseline", str(baseline), "--tolerance", "10").exit_code == 0


def test_new_answers_pass_and_bad_baselines_are_input_errors(answers, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 1, "answers": {}}', encoding="utf-8")
    assert run_check(str(answers), "--baseline", str(baseline)).exit_code == 0
    baseline.write_text('{"answers": {"a.md": {"score": 50, "grade": "Q"}}}', encoding="utf-8")
    result = run_check(str(answers), "--baseline", str(baseline))
    assert result.exit_code == 2 and "not a starcheck baseline" in result.stderr
