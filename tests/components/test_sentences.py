from __future__ import annotations

import pytest

import starcheck.components  # noqa: F401


@pytest.fixture()
def nlp(blank_nlp):
    blank_nlp.add_pipe("star_sentences")
    return blank_nlp


def sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_new_lines_start_sentences(nlp):
    assert sents(nlp, "Situation:\n- shelves half empty\n- I reordered stock") == [
        "Situation:", "- shelves half empty", "- I reordered stock"]


def test_inline_part_labels_start_sentences(nlp):
    assert sents(nlp, "Task: I had to fix it Result: three times faster.") == [
        "Task: I had to fix it", "Result: three times faster."]


def test_run_on_bullets_are_split_at_openers(nlp):
    text = ("Orders were arriving late every week and nobody knew why the hub was slow "
            "I needed to find the bottleneck before the holiday peak "
            "Reduced late orders from 14% to 3% within a month")
    assert sents(nlp, text) == [
        "Orders were arriving late every week and nobody knew why the hub was slow",
        "I needed to find the bottleneck before the holiday peak",
        "Reduced late orders from 14% to 3% within a month",
    ]


def test_ordinary_prose_is_not_split(nlp):
    text = ("When the audit came, the report I wrote for the Finance team showed what we had done, "
            "and the Manchester office adopted it the following month.")
    assert sents(nlp, text) == [text]
