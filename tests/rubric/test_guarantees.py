"""The rubric's promises, checked on answers written for these tests and on the whole corpus."""

from __future__ import annotations

import pytest
from answers import APPROACH_ANSWERS, COMPLETE_STORIES, NOT_ANSWERS, STUFFED

import starcheck
from starcheck.rubric import RubricConfig, profile_names

PROFILES = profile_names()


@pytest.fixture(scope="module")
def scorers() -> dict[str, starcheck.Scorer]:
    return {name: starcheck.Scorer(name) for name in PROFILES}


@pytest.mark.parametrize("profile", PROFILES)
def test_caps_keep_approach_and_non_answers_below_b(profile):
    config = RubricConfig.profile(profile)
    assert config.kind_caps.approach < config.grades.B
    assert config.kind_caps.not_an_answer < config.grades.B
    assert config.kind_caps.stuffed < config.grades.C
    assert config.length.short_cap < config.grades.B


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("domain", sorted(COMPLETE_STORIES))
def test_complete_quantified_owned_story_with_a_tradeoff_gets_at_least_b(scorers, profile, domain):
    report = scorers[profile].score(COMPLETE_STORIES[domain])
    assert report.kind == "story"
    assert report.grade in {"A", "B"}, (report.score, [(c.id, c.score) for c in report.criteria])
    assert report.criterion("ownership").score >= 8
    assert report.criterion("quantified_result").score == 10
    assert report.criterion("tradeoffs").score == 10


@pytest.mark.parametrize("profile", PROFILES)
def test_approach_and_not_an_answer_never_get_a_or_b(scorers, profile):
    for text in APPROACH_ANSWERS + NOT_ANSWERS:
        report = scorers[profile].score(text)
        assert report.kind in {"approach", "not_an_answer"}
        assert report.grade not in {"A", "B"}


def test_no_approach_or_non_answer_in_the_corpus_gets_a_or_b(scorers):
    from conftest import ROOT
    from starcheck.learn.corpus import load_corpus

    texts = [a.text for a in load_corpus(ROOT / "data")]
    for profile, scorer in scorers.items():
        for report in scorer.score_many(texts):
            if report.kind != "story":
                assert report.grade not in {"A", "B"}, (profile, report.kind, report.score)


@pytest.mark.parametrize("text", STUFFED)
def test_keyword_stuffing_does_not_get_a_good_grade(scorers, text):
    for scorer in scorers.values():
        report = scorer.score(text)
        assert report.grade in {"D", "F"}, report.score
        assert "STAR606" in {f.rule for f in report.findings}


def test_stuffing_an_answer_with_rubric_words_does_not_raise_its_grade(scorer):
    story = COMPLETE_STORIES["software"]
    weak = "I fixed the import. It was faster after that."
    stuffed = weak + " Tradeoffs considered, lessons learned, 100% better, 4x faster, 50% cheaper."
    assert scorer.score(stuffed).score <= scorer.score(weak).score + 10
    assert scorer.score(stuffed).grade in {"C", "D", "F"}
    assert scorer.score(story).score > scorer.score(stuffed).score
