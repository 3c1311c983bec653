"""Shared answers and helpers for the `starcheck check` tests (a plain module, not a conftest.py:
a second conftest.py would shadow `from conftest import ...` in the rest of the suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

import starcheck
from starcheck.check import runner

TEXTS = Path(__file__).resolve().parent / "texts"
# Our own words. GOOD grades A; WEAK stops before the result (STAR104, an error); APPROACH is a
# how-I-usually-work answer with warnings (STAR301, STAR101) and no error.
GOOD = (TEXTS / "good.txt").read_text(encoding="utf-8").strip()
WEAK = (TEXTS / "weak.txt").read_text(encoding="utf-8").strip()
APPROACH = (TEXTS / "approach.txt").read_text(encoding="utf-8").strip()


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
