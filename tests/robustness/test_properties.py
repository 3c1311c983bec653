"""Property tests (hypothesis): any text gets a well-formed, deterministic Report or a clear error.

Generated answers mix filled-in STAR sentences with random Unicode, whitespace, quotes and line
breaks. Examples are few (the machine is shared) and have no deadline (the pipeline's first
call on new strings is slower).
"""

from __future__ import annotations

import math
import random
from itertools import groupby

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_answers import generated_answer

import starcheck
from starcheck.errors import InputError

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", "\r\n", "\t", " - ", "\n* ", "\n1. ", " \u00a0"])
QUOTES = st.sampled_from(['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "`", "«", "»"])
# Any character but lone surrogates (those are an InputError, tested on their own below).
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
STAR_SENTENCE = st.integers(0, 2**32 - 1).map(lambda seed: generated_answer(random.Random(seed)))
PIECE = st.one_of(STAR_SENTENCE, STAR_SENTENCE, UNICODE, QUOTES, SEPARATORS,
                  st.from_regex(r"[0-9]{1,4}(\.[0-9])?(%|x| ms| days|k)?", fullmatch=True))
ANSWERS = st.lists(PIECE, min_size=1, max_size=8).map("".join)


def gradable(text: str) -> bool:
    return bool(text.strip())


@pytest.fixture(scope="module")
def other_scorer() -> starcheck.Scorer:
    return starcheck.Scorer()


@SETTINGS
@given(text=st.one_of(ANSWERS, st.text(max_size=60), st.lists(st.one_of(
    PIECE, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)), min_size=1, max_size=6).map("".join)))
def test_any_str_gets_a_report_or_an_input_error(scorer, text):
    try:
        report = scorer.score(text)
    except InputError:
        assert not text.strip() or any("\ud800" <= c <= "\udfff" for c in text)
        return
    assert isinstance(report, starcheck.Report)


@SETTINGS
@given(value=st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text(), max_size=2)))
def test_any_non_str_is_a_type_error(scorer, value):
    with pytest.raises(TypeError, match=type(value).__name__):
        scorer.score(value)


def spans_of(report: starcheck.Report) -> list:
    return [*report.sentences, *report.segments, *report.quantities, *report.tradeoffs,
            *(span for criterion in report.criteria for span in criterion.evidence)]


@SETTINGS
@given(text=ANSWERS.filter(gradable))
def test_every_offset_is_inside_the_text_and_quotes_it(scorer, text):
    report = scorer.score(text)
    for span in spans_of(report):
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
    starts = [s.start for s in report.sentences]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(report.sentences, report.sentences[1:], strict=False))


@SETTINGS
@given(text=ANSWERS.filter(gradable))
def test_scores_are_within_bounds(scorer, text):
    report = scorer.score(text)
    assert 0.0 <= report.score <= 100.0 and not math.isnan(report.score)
    assert report.grade in {"A", "B", "C", "D", "F"}
    assert 0.0 <= report.kind_confidence <= 1.0
    assert report.word_count >= 0
    for sentence in report.sentences:
        assert 0.0 <= sentence.confidence <= 1.0
        assert sentence.role in {"situation", "task", "action", "result", "other"}
    for criterion in report.criteria:
        assert 0.0 <= criterion.score <= criterion.max and criterion.weight >= 0.0
    assert [f.severity in {"info", "warning", "error"} for f in report.findings].count(False) == 0


@SETTINGS
@given(text=ANSWERS.filter(gradable))
def test_segments_are_the_runs_of_sentences_with_one_role(scorer, text):
    report = scorer.score(text)
    runs = []
    for role, run in groupby(report.sentences, key=lambda s: s.role):
        run = list(run)
        runs.append((role, run[0].start, run[-1].end))
    assert [(s.role, s.start, s.end) for s in report.segments] == runs


@SETTINGS
@given(text=ANSWERS.filter(gradable))
def test_the_same_input_gives_byte_identical_json(scorer, other_scorer, text):
    first = scorer.score(text).model_dump_json()
    assert scorer.score(text).model_dump_json() == first
    assert other_scorer.score(text).model_dump_json() == first


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(ANSWERS.filter(gradable), min_size=1, max_size=12))
def test_a_batch_gives_the_same_reports_as_one_by_one(scorer, texts):
    one_by_one = [scorer.score(text).model_dump_json() for text in texts]
    for batch_size in (1, 7, 64):
        batched = [r.model_dump_json() for r in scorer.score_many(texts, batch_size=batch_size)]
        assert batched == one_by_one, batch_size
