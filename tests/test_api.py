from __future__ import annotations

import pytest

import starcheck

ROLES = {"situation", "task", "action", "result", "other"}


def test_score_returns_a_graded_report(good_answer):
    report = starcheck.score(good_answer)
    assert isinstance(report, starcheck.Report)
    assert 0 <= report.score <= 100
    assert report.grade in {"A", "B", "C", "D", "F"}
    assert report.kind == "story"
    assert {s.role for s in report.sentences} <= ROLES
    assert {"situation", "action", "result"} <= {s.role for s in report.sentences}
    assert len(report.criteria) == 8


def test_a_strong_story_grades_above_a_weak_one(scorer, good_answer):
    from conftest import EXAMPLES

    weak = (EXAMPLES / "we-cliffhanger.txt").read_text()
    assert scorer.score(good_answer).score > scorer.score(weak).score + 15


def test_approach_answer_is_recognised_and_capped(scorer):
    from conftest import EXAMPLES

    report = scorer.score((EXAMPLES / "approach-answer.txt").read_text())
    assert report.kind == "approach"
    assert report.grade not in {"A", "B"}


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_raises_input_error(scorer, text):
    with pytest.raises(starcheck.InputError, match="empty"):
        scorer.score(text)


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["a list"]])
def test_non_str_raises_type_error_naming_the_type(scorer, value):
    with pytest.raises(TypeError, match=type(value).__name__):
        scorer.score(value)


def test_too_long_text_raises_input_error():
    small = starcheck.Scorer(max_chars=50)
    with pytest.raises(starcheck.InputError, match="limit"):
        small.score("word " * 20)


def test_score_many_keeps_order_and_matches_single_scoring(scorer, good_answer):
    texts = [good_answer, "I fixed the build. It got faster.", good_answer[:300]]
    many = list(scorer.score_many(iter(texts), batch_size=2))
    assert [r.model_dump_json() for r in many] == [scorer.score(t).model_dump_json() for t in texts]


def test_score_many_names_the_bad_item(scorer):
    with pytest.raises(starcheck.InputError, match="item 1"):
        list(scorer.score_many(["I did it. It worked.", "  "]))


def test_same_input_gives_byte_identical_json(scorer, good_answer):
    assert scorer.score(good_answer).model_dump_json() == scorer.score(good_answer).model_dump_json()
