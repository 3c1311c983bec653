"""The calibration code, and the fitted default profile it wrote."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from conftest import ROOT
from starcheck.learn.calibrate import (
    MIN_WEIGHT,
    WEIGHT_SUM,
    Graded,
    analyse,
    cross_validate,
    fast_qwk,
    fit_cut_points,
    fit_lsq,
    fit_ordinal,
    letter_values,
    scaled_weights,
    scores,
)
from starcheck.learn.corpus import load_corpus
from starcheck.rubric import RubricConfig, grade
from starcheck.rubric.config import CRITERIA


def test_fast_qwk_equals_sklearns():
    rng = np.random.default_rng(0)
    for _ in range(20):
        gold = rng.integers(1, 6, 60)
        predicted = np.clip(gold + rng.integers(-2, 3, 60), 1, 5)
        expected = cohen_kappa_score(gold, predicted, weights="quadratic", labels=[1, 2, 3, 4, 5])
        assert fast_qwk(gold, predicted) == pytest.approx(expected)


def test_cut_points_separate_separable_scores():
    gold = np.repeat([1, 2, 3, 4, 5], 20)
    values = gold * 20.0 - 10 + np.tile(np.linspace(-5, 5, 20), 5)
    cuts = fit_cut_points(values, gold)
    assert cuts["D"] < cuts["C"] < cuts["B"] < cuts["A"]
    assert (letter_values(values, cuts) == gold).all()


def test_weights_are_non_negative_and_follow_the_signal():
    rng = np.random.default_rng(1)
    x = rng.random((300, 4))
    y = np.clip(np.round(1 + 3 * x[:, 0] + 1 * x[:, 1] + rng.normal(0, 0.3, 300)), 1, 5).astype(int)
    for beta in (fit_lsq(x, y), fit_ordinal(x, y)):
        assert (beta >= 0).all()
        assert beta[0] > beta[1] > max(beta[2], beta[3])


def _synthetic(n: int, seed: int, signal: bool) -> Graded:
    """Story answers of 200 words whose first criterion carries the grade (or nothing does)."""
    rng = np.random.default_rng(seed)
    fractions = rng.random((n, len(CRITERIA)))
    gold = np.clip(np.round(1 + 4 * fractions[:, 0] + rng.normal(0, 0.2, n)), 1, 5).astype(int)
    if not signal:
        gold = rng.permutation(gold)
    return Graded([f"a{i}" for i in range(n)], fractions, np.array(["story"] * n),
                  np.full(n, 200), np.zeros(n, dtype=bool), gold)


def test_cross_validation_grades_each_fold_with_a_fit_on_the_others():
    base = RubricConfig.profile("default")
    fold = np.arange(300) % 5
    learnable = cross_validate("lsq-all", _synthetic(300, 2, signal=True), fold, base, 200, 5)
    assert learnable["n"] == 300 and learnable["qwk"] > 0.8 and learnable["spearman"] > 0.8
    # with grades unrelated to the criteria there is nothing to learn: no agreement out of fold
    # (in sample, the same fit agrees a little, QWK about 0.16, by fitting the noise)
    noise = cross_validate("lsq-all", _synthetic(300, 2, signal=False), fold, base, 200, 5)
    assert noise["qwk"] < 0.1 and noise["spearman"] < 0.1


def test_scaled_weights_sum_to_eight_and_keep_every_criterion():
    beta = np.array([0.0, 3.0, 0.001, 2.0, 0.5, 1.0, 0.02, 4.0])
    weights = np.array(list(scaled_weights(beta).values()))
    assert weights.sum() == pytest.approx(WEIGHT_SUM, abs=0.01)
    assert weights.min() == pytest.approx(MIN_WEIGHT, abs=1e-3)
    assert weights[7] / weights[1] == pytest.approx(4 / 3, rel=1e-3)  # the fitted ones keep their ratios


def test_shipped_default_profile_is_a_valid_fit():
    config = RubricConfig.profile("default")
    weights = config.weights.model_dump()
    assert all(w >= MIN_WEIGHT - 1e-9 for w in weights.values())
    assert sum(weights.values()) == pytest.approx(8.0, abs=0.01)
    assert config.grades.D < config.grades.C < config.grades.B < config.grades.A


def test_vectorised_scores_match_grade(scorer):
    """The arrays the calibration fits on give exactly the scores grade() reports."""
    config = RubricConfig.profile("default")
    answers = load_corpus(ROOT / "data", "dev")[:40]
    graded: Graded = analyse(answers, config, scorer.nlp)
    caps = {"approach": config.kind_caps.approach, "not_an_answer": config.kind_caps.not_an_answer,
            "stuffed": config.kind_caps.stuffed, "short": config.length.short_cap}
    values = scores(graded, config.weights.model_dump(), caps, config.length.short_words)
    reports = [grade(doc, config) for doc in scorer.nlp.pipe(a.text for a in answers)]
    # grade() averages criterion scores already rounded to 0.01 and rounds the result to 0.1,
    # the arrays do not round: the two may land one rounding step (0.1) apart, never more
    assert [r.score for r in reports] == pytest.approx(values.tolist(), abs=0.1001)
    assert graded.fractions.shape == (len(answers), len(CRITERIA))
