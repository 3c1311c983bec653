"""Shared answers and helpers for the `starcheck check` tests (a plain module, not a conftest.py:
a second conftest.py would shadow `from conftest import ...` in the rest of the suite)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import starcheck
from starcheck.check import runner
from starcheck.cli import app

TEXTS = Path(__file__).resolve().parent / "texts"
# Our own words. GOOD grades A; WEAK stops before the result (STAR104, an error); APPROACH is a
# how-I-usually-work answer with warnings (STAR301, STAR101) and no error.
GOOD = (TEXTS / "good.txt").read_text(encoding="utf-8").strip()
WEAK = (TEXTS / "weak.txt").read_text(encoding="utf-8").strip()
APPROACH = (TEXTS / "approach.txt").read_text(encoding="utf-8").strip()
GOOD_QUESTION = "Tell me about a time you made something faster."
WEAK_QUESTION = "Tell me about a time you fixed a recurring problem."


def answer_file(question: str, body: str, **keys: str) -> str:
    """A YAML front matter answer file; `keys` are raw YAML values."""
    lines = ["---", f"question: {question}", *(f"{key}: {value}" for key, value in keys.items()), "---", "", body, ""]
    return "\n".join(lines)


def write_answers(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def share_scorer(monkeypatch: pytest.MonkeyPatch, scorer: starcheck.Scorer) -> None:
    """Make every `starcheck check` in this process reuse the session's Scorer (no reload)."""
    monkeypatch.setattr(runner, "load_base_scorer", lambda: scorer)


@pytest.fixture(autouse=True)
def shared_scorer(monkeypatch: pytest.MonkeyPatch, scorer: starcheck.Scorer, tmp_path: Path) -> None:
    """Import into a test module to apply it there: the session Scorer for every `check`, and a
    temp folder as the working directory (no pyproject.toml above it: no stray configuration)."""
    share_scorer(monkeypatch, scorer)
    monkeypatch.chdir(tmp_path)


def good_and_weak(folder: Path, good: dict[str, str] | None = None, weak: dict[str, str] | None = None,
                  **more: str) -> Path:
    """A folder with good.md and weak.md (front matter keys as given) and any `more` files."""
    return write_answers(folder, good=answer_file(GOOD_QUESTION, GOOD, **(good or {})),
                         weak=answer_file(WEAK_QUESTION, WEAK, **(weak or {})), **more)


def run_check(*args: str) -> Result:
    """`starcheck check ARGS...` in this process."""
    return CliRunner().invoke(app, ["check", *args])
