"""Scorer.score_many: streaming, order, errors, and worker processes giving the same reports."""

from __future__ import annotations

import itertools

import pytest

import starcheck
import starcheck.scorer as scorer_module
from starcheck.scorer import Failed

ANSWERS = [
    "Our support queue had grown to 400 open tickets. I was asked to bring it under control. "
    "I set up a triage rota and wrote macros for the ten most common questions. "
    "Within three weeks the queue fell to 150 and first replies came in under four hours.",
    "I fixed the build. It got faster.",
    "When a release slips I usually talk to the team first and then agree a new date.",
    "The ward was short of two nurses on nights. I rewrote the handover sheet instead of "
    "adding a meeting, which cost some flexibility. Missed medications dropped from 9 to 2 a month.",
    "Not sure, I have never done that.",
]


def texts(n: int) -> list[str]:
    return [f"{ANSWERS[i % len(ANSWERS)]} (Case {i}.)" for i in range(n)]


def dumps(reports) -> list[str]:
    return [r.model_dump_json() for r in reports]


def test_two_processes_give_the_same_reports_as_one(scorer):
    corpus = texts(45)
    one = dumps(scorer.score_many(corpus, batch_size=8, n_process=1))
    two = dumps(scorer.score_many(iter(corpus), batch_size=7, n_process=2))
    assert len(one) == 45
    assert one == two
    assert one[:3] == dumps(scorer.score(t) for t in corpus[:3])


def test_score_many_yields_reports(scorer):
    reports = list(scorer.score_many(texts(3), n_process=2))
    assert all(isinstance(r, starcheck.Report) for r in reports)


@pytest.mark.parametrize("n_process", [1, 2])
def test_streams_without_reading_ahead_of_a_few_batches(scorer, n_process):
    pulled = 0

    def endless():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield ANSWERS[i % len(ANSWERS)]

    first = list(itertools.islice(scorer.score_many(endless(), batch_size=4, n_process=n_process), 6))
    assert len(first) == 6
    # n_process=1 holds one batch; a pool keeps 2 per worker in flight, plus the one being read.
    assert pulled <= 4 * (2 * n_process + 2)


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_bad_item_raises_naming_it_after_the_batches_before_it(scorer, n_process):
    corpus = [*texts(6), "   ", *texts(3)]
    seen = []
    with pytest.raises(starcheck.InputError, match="item 6"):
        for report in scorer.score_many(corpus, batch_size=3, n_process=n_process):
            seen.append(report)
    assert len(seen) == 6  # the two full batches before the bad one


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_non_str_raises_type_error_naming_item_and_type(scorer, n_process):
    with pytest.raises(TypeError, match=r"item 2: .*int"):
        list(scorer.score_many(["I did it. It worked.", "I did it.", 7], n_process=n_process))


def test_bad_arguments_fail_at_once(scorer):
    with pytest.raises(ValueError, match="at least 1"):
        scorer.score_many(["x"], batch_size=0)
    with pytest.raises(ValueError, match="at least 1"):
        scorer.score_many(["x"], n_process=0)


@pytest.mark.parametrize("n_process", [1, 2])
def test_empty_input_gives_no_reports(scorer, n_process):
    assert list(scorer.score_many(iter([]), n_process=n_process)) == []


def test_keep_errors_puts_failures_in_place(scorer, monkeypatch):
    monkeypatch.setattr(scorer, "max_chars", 30)
    items = ["I fixed it. It worked.", "", Failed("missing text: gone"), None, "x " * 20, "I led it."]
    results = list(scorer._stream(items, 2, 1, keep_errors=True))
    assert [type(r).__name__ for r in results] == ["Report", "Failed", "Failed", "Failed", "Failed", "Report"]
    assert "empty" in results[1].message
    assert results[2].message == "missing text: gone"
    assert "NoneType" in results[3].message
    assert "limit" in results[4].message


def test_an_internal_failure_costs_only_its_own_item(scorer, monkeypatch):
    real_grade = scorer_module.grade

    def flaky(doc, config, text=None):
        if "BOOM" in doc.text:
            raise RuntimeError("boom")
        return real_grade(doc, config, text)

    monkeypatch.setattr(scorer_module, "grade", flaky)
    items = ["I fixed it. It worked.", "BOOM. It broke.", "I led it. Errors fell 40%."]
    results = list(scorer._stream(items, 3, 1, keep_errors=True))
    assert isinstance(results[0], starcheck.Report) and isinstance(results[2], starcheck.Report)
    assert isinstance(results[1], Failed) and "RuntimeError: boom" in results[1].message
    with pytest.raises(RuntimeError, match="boom"):
        list(scorer.score_many(items))


def test_with_rubric_shares_the_pipeline_and_grades_with_the_other_rubric(scorer, good_answer):
    senior = scorer.with_rubric("senior-engineering")
    assert senior.nlp is scorer.nlp and senior._lock is scorer._lock
    assert senior.rubric == starcheck.RubricConfig.profile("senior-engineering")
    assert scorer.rubric == starcheck.RubricConfig.profile("default")  # the original is unchanged
    expected = starcheck.Scorer("senior-engineering").score(good_answer)
    assert senior.score(good_answer).model_dump_json() == expected.model_dump_json()
