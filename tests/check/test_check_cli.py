"""`starcheck check` end to end: a folder of good and weak answers, exit codes, configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from check_helpers import (  # noqa: F401  (shared_scorer: an autouse fixture)
    APPROACH,
    GOOD,
    WEAK,
    answer_file,
    good_and_weak,
    run_check,
    shared_scorer,
    write_answers,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def answers(tmp_path) -> Path:
    return good_and_weak(tmp_path / "answers", good={"min_grade": "B"},
                         approach=answer_file("How do you handle disagreements?", APPROACH))


def test_all_pass_exit_0(answers):
    result = run_check(str(answers / "good.md"), str(answers / "approach.md"))
    assert result.exit_code == 0, result.output
    assert "2 answers checked: 2 passed, 0 failed" in result.stdout


def test_a_failing_answer_exits_1_and_points_into_the_file(answers):
    result = run_check(str(answers))
    assert result.exit_code == 1
    text = (answers / "weak.md").read_text(encoding="utf-8")
    line = next(line for line in result.stdout.splitlines() if "STAR104" in line and line.startswith("answers/"))
    path, line_no, col, rest = line.split(":", 3)
    assert path == "answers/weak.md" and rest.startswith(" STAR104 [error]")
    assert int(line_no) > 3  # below the front matter, in the body
    rest_of_line = text.split("\n")[int(line_no) - 1][int(col) - 1:]
    assert rest_of_line and rest_of_line in WEAK
    assert "FAIL answers/weak.md" in result.stdout and "PASS answers/good.md" in result.stdout


def test_min_grade_and_fail_level_options(answers):
    approach = str(answers / "approach.md")
    assert run_check(approach).exit_code == 0
    assert run_check(approach, "--fail-level", "warning").exit_code == 1
    assert run_check(approach, "--min-grade", "a").exit_code == 1
    assert run_check(approach, "--min-score", "99").exit_code == 1
    assert run_check(str(answers / "weak.md"), "--fail-level", "none", "--min-grade", "F").exit_code == 0
    assert run_check(str(answers / "weak.md"), "--ignore", "STAR104").exit_code == 0


def test_front_matter_overrides_the_command_line(answers):
    # good.md says min_grade: B, so --min-grade F does not lower it and --min-grade A does not raise it.
    assert run_check(str(answers / "good.md"), "--min-grade", "A").exit_code == 0
    (answers / "good.md").write_text(answer_file("Q?", GOOD, min_score="100.5"), encoding="utf-8")
    result = run_check(str(answers / "good.md"), "--min-grade", "F")
    assert result.exit_code == 2 and "min_score" in result.stderr  # above 100: an input error


@pytest.mark.parametrize(("content", "key"), [
    ("---\nquestion: q\nmin_grade: Z\n---\nbody\n", "min_grade"),
    ("---\nquestion: q\nexpect: {fires: [STAR999]}\n---\nbody\n", "expect.fires"),
    ("---\nmin_grade: B\n---\nbody\n", "question"),
])
def test_bad_front_matter_exits_2_naming_file_and_key(answers, content, key):
    (answers / "broken.md").write_text(content, encoding="utf-8")
    result = run_check(str(answers))
    assert result.exit_code == 2
    assert "broken.md" in result.stderr and key in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(answers, tmp_path):
    assert run_check(str(tmp_path / "missing")).exit_code == 2
    assert run_check().exit_code == 2  # no paths and no configuration
    assert run_check(str(answers), "--format", "xml").exit_code == 2
    assert run_check(str(answers), "--baseline", str(tmp_path / "none.json")).exit_code == 2


def test_no_answers_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / "README.md").write_text("# Just docs\n", encoding="utf-8")
    result = run_check(str(tmp_path / "README.md"))
    assert result.exit_code == 0 and "no answer files" in result.stderr


def test_pyproject_configuration_and_cli_override(answers, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.starcheck]\npaths = ["answers/approach.md"]\nmin-grade = "A"\n', encoding="utf-8")
    work = tmp_path / "sub"
    work.mkdir()
    monkeypatch.chdir(work)  # found by walking up; paths are relative to the pyproject.toml
    result = run_check()
    assert result.exit_code == 1 and "bar: grade A" in result.stdout
    assert run_check("--min-grade", "F").exit_code == 0
    assert run_check("--isolated", str(answers / "approach.md")).exit_code == 0


def test_output_file(answers, tmp_path):
    out = tmp_path / "reports" / "check.txt"
    result = run_check(str(answers / "good.md"), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 answer checked: 1 passed" in out.read_text(encoding="utf-8")


def test_shipped_examples_pass_through_the_real_command():
    """The console entry point in a fresh process, on the repo's own example answers."""
    command = [sys.executable, "-c", "from starcheck.cli import main; main()", "check", "examples/answers",
               "--isolated"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 answers checked: 4 passed, 0 failed" in result.stdout
