"""`starcheck render`: one answer to a self-contained HTML page (file or stdin; file or stdout)."""

from __future__ import annotations

from pathlib import Path

from html_checks import check_tree
from typer.testing import CliRunner

from starcheck.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "checkout-latency.txt"


def test_render_a_file_to_a_file(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["render", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    tree = check_tree(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "checkout-latency.txt" in page and "grade" in tree.ids
    assert "".join(tree.answer_text) == EXAMPLE.read_text(encoding="utf-8")


def test_render_stdin_to_stdout():
    answer = "Our shop's website <b>crashed</b> every Friday. I moved images to a CDN. Errors fell by 90%."
    result = CliRunner().invoke(app, ["render", "-"], input=answer)
    assert result.exit_code == 0, result.output
    tree = check_tree(result.output)
    assert "".join(tree.answer_text) == answer
    assert "<b>crashed" not in result.output


def test_render_errors_exit_2(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app, ["render", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    empty = runner.invoke(app, ["render", "-"], input="   ")
    assert empty.exit_code == 2
    bad_target = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path / "no" / "r.html")])
    assert bad_target.exit_code == 2 and "no such folder" in bad_target.output
