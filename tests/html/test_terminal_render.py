"""`starcheck score` in a terminal: coloured on a tty, plain text (no ANSI codes) under NO_COLOR or a pipe."""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from starcheck.cli import app
from starcheck.render import print_report, terminal_console

ESC = "\x1b["


@pytest.fixture(autouse=True)
def _no_forcing(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def _render(scorer, text, **console_args) -> str:
    out = io.StringIO()
    print_report(text, scorer.score(text), terminal_console(out, **console_args))
    return out.getvalue()


def test_a_terminal_gets_colour(scorer, good_answer):
    assert ESC in _render(scorer, good_answer, force_terminal=True)


@pytest.mark.parametrize("value", ["1", "true", "anything"])
def test_no_color_gives_plain_text_even_on_a_terminal(scorer, good_answer, monkeypatch, value):
    monkeypatch.setenv("NO_COLOR", value)
    output = _render(scorer, good_answer, force_terminal=True)
    assert ESC not in output and "\x1b" not in output
    assert "[S]" in output and "[R]" in output and "Grade " in output


def test_an_empty_no_color_does_not_count(scorer, good_answer, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "")
    assert ESC in _render(scorer, good_answer, force_terminal=True)


def test_a_pipe_gets_plain_text(scorer, good_answer):
    output = _render(scorer, good_answer)
    assert "\x1b" not in output and "[A]" in output


def test_score_command_output_is_plain_when_not_a_terminal(good_answer):
    result = CliRunner().invoke(app, ["score", "-"], input=good_answer)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "[S]" in result.output
