from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import starcheck

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture(scope="session")
def scorer() -> starcheck.Scorer:
    return starcheck.Scorer()


@pytest.fixture(scope="session")
def good_answer() -> str:
    return (EXAMPLES / "checkout-latency.txt").read_text(encoding="utf-8")


@pytest.fixture()
def blank_nlp():
    """A user's own pipeline: spacy.blank('en') + sentencizer."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
