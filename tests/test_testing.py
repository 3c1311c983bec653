"""`starcheck.testing.assert_grade`: passes good answers, explains why a weak one fails."""

from __future__ import annotations

import pytest

import starcheck.testing
from starcheck import RubricConfig
from starcheck.check.runner import ScorerPool
from starcheck.testing import assert_grade

# Our own words: actions without any result.
WEAK = (
    "Last spring I ran the help desk at a small accounting firm, and our printers jammed several times a day. "
    "My manager asked me to fix it before tax season. I checked every printer, I replaced the worn rollers and "
    "I moved the heavy card stock to a separate tray."
)


@pytest.fixture(autouse=True)
def _shared(monkeypatch, scorer):
    monkeypatch.setattr(starcheck.testing, "_POOL", ScorerPool(scorer))


def test_a_good_answer_passes_and_returns_its_report(good_answer, scorer):
    report = assert_grade(good_answer, at_least="B")
    assert report == scorer.score(good_answer)
    assert assert_grade(good_answer, at_least="f").grade == report.grade


def test_a_weak_answer_fails_with_a_helpful_message(scorer):
    grade = scorer.score(WEAK).grade
    assert grade in "CDF"
    with pytest.raises(AssertionError) as caught:
        assert_grade(WEAK, at_least="B")
    message = str(caught.value)
    assert message.startswith(f"expected grade B or better, got {grade}")
    assert "'default' rubric" in message
    assert "STAR104" in message and "weakest criteria:" in message


def test_rubric_name_path_or_config(good_answer, tmp_path):
    lenient = tmp_path / "lenient.toml"
    lenient.write_text('name = "lenient"\n[grades]\nA = 4\nB = 3\nC = 2\nD = 1\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="'default' rubric"):
        assert_grade(WEAK, at_least="A")
    assert assert_grade(WEAK, at_least="A", rubric=lenient).grade == "A"
    assert assert_grade(WEAK, at_least="A", rubric=RubricConfig.from_toml(lenient)).grade == "A"
    assert assert_grade(good_answer, at_least="B", rubric="senior-engineering").grade in "AB"


def test_bad_bar():
    with pytest.raises(ValueError, match="at_least"):
        assert_grade("anything", at_least="E")
