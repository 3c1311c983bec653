"""The CLI through its installed entry point (a subprocess), as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES

jsonschema = pytest.importorskip("jsonschema")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("starcheck")
    command = [exe, *args] if exe else [sys.executable, "-m", "starcheck.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("starcheck ")


def test_score_text_report_marks_the_parts():
    result = run("score", str(EXAMPLES / "checkout-latency.txt"))
    assert result.returncode == 0, result.stderr
    assert "Grade " in result.stdout
    assert "[S]" in result.stdout and "[A]" in result.stdout and "[R]" in result.stdout
    assert "Criteria" in result.stdout


def test_score_json_validates_against_schema():
    scored = run("score", "--format", "json", str(EXAMPLES / "checkout-latency.txt"))
    schema = run("schema")
    assert scored.returncode == 0 and schema.returncode == 0
    jsonschema.validate(json.loads(scored.stdout), json.loads(schema.stdout))


def test_score_reads_stdin():
    result = run("score", "-f", "json", stdin="I rebuilt the rota. Overtime fell by a third.")
    assert result.returncode == 0
    assert json.loads(result.stdout)["word_count"] > 0


@pytest.mark.parametrize("stdin", ["", "   \n"])
def test_empty_input_is_a_one_line_error_with_exit_2(stdin):
    result = run("score", "-", stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "empty" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_exit_2():
    result = run("score", "no-such-file.txt")
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_rubric_show_prints_effective_toml():
    result = run("rubric", "show", "senior-engineering")
    assert result.returncode == 0
    assert 'name = "senior-engineering"' in result.stdout
    assert "tradeoffs = 1.75" in result.stdout


def test_bad_rubric_is_exit_2_naming_the_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\nstructure = -1\n")
    result = run("score", "--rubric", str(bad), str(EXAMPLES / "checkout-latency.txt"))
    assert result.returncode == 2
    assert "weights.structure" in result.stderr
