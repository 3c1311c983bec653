"""The tradeoff classifier: fitting, determinism, persistence, agreement with span_eval."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import spacy

from conftest import ROOT
from starcheck.components.quant_rules import default_rule_path, read_rule_text
from starcheck.errors import ModelFileError
from starcheck.learn.artifacts import default_model_dir
from starcheck.learn.corpus import load_corpus
from starcheck.learn.span_eval import evaluate_span_report
from starcheck.learn.tradeoff_model import (
    TRADEOFF_FILE,
    FeatureOptions,
    TradeoffModel,
    cross_validate,
    fit_tradeoff_model,
    rules_sha256,
    tradeoff_data,
)
from starcheck.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(roles=False)


@pytest.fixture(scope="module")
def answers():
    """Every third train answer: enough candidates of both classes, fast to fit."""
    return list(itertools.islice(load_corpus(ROOT / "data", "train"), 0, None, 3))


def test_fit_is_deterministic_and_round_trips(nlp, answers, tmp_path):
    a = fit_tradeoff_model(nlp, answers)
    b = fit_tradeoff_model(nlp, answers)
    a.save(tmp_path / "a.npz")
    b.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert a.to_bytes() == (tmp_path / "a.npz").read_bytes()
    loaded = TradeoffModel.load(tmp_path / "a.npz")
    assert (loaded.C, loaded.threshold, loaded.veto, loaded.options) == (a.C, a.threshold, a.veto, a.options)
    data = tradeoff_data(nlp, answers[:20])
    assert np.allclose(loaded.predict_proba(data.X, data.dense_names),
                       a.predict_proba(data.X, data.dense_names))
    with np.load(tmp_path / "a.npz", allow_pickle=False) as arrays:  # plain arrays, no pickle
        assert {"columns", "weights", "params", "options", "dense_names"} <= set(arrays.files)


def test_a_loaded_model_does_not_change_fitting(nlp, answers):
    finder = nlp.get_pipe("star_tradeoffs")
    saved = finder.model
    try:
        finder.set_model(None)
        rules_only = fit_tradeoff_model(nlp, answers[:60]).to_bytes()
        finder.set_model(fit_tradeoff_model(nlp, answers[60:]))
        assert fit_tradeoff_model(nlp, answers[:60]).to_bytes() == rules_only
    finally:
        finder.set_model(saved)


def test_fit_without_the_component_in_the_pipeline(answers):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    model = fit_tradeoff_model(nlp, answers[:80])
    assert model.rules_sha256 == rules_sha256(read_rule_text(default_rule_path("tradeoffs.jsonl")))


def test_sentence_scores_agree_with_span_eval(nlp, answers):
    subset = answers[:60]
    data = tradeoff_data(nlp, subset)
    model = fit_tradeoff_model(nlp, answers[60:])
    finder = nlp.get_pipe("star_tradeoffs")
    saved = finder.model
    try:
        for used in (None, model):
            finder.set_model(used)
            report = evaluate_span_report(nlp, subset).tradeoff
            decision = data.rules if used is None else used.predict(data.X, data.dense_names, data.rules)
            p, r, _ = data.sentence_scores(decision)
            assert (round(p, 6), round(r, 6)) == (round(report.precision, 6), round(report.recall, 6))
    finally:
        finder.set_model(saved)


def test_veto_keeps_rule_decisions_unless_confident(nlp, answers):
    data = tradeoff_data(nlp, answers[:60])
    model = fit_tradeoff_model(nlp, answers[60:])
    proba = model.predict_proba(data.X, data.dense_names)
    decision = model.predict(data.X, data.dense_names, data.rules)
    assert np.array_equal(decision[data.rules], proba[data.rules] >= model.veto)
    assert np.array_equal(decision[~data.rules], proba[~data.rules] >= model.threshold)


def test_dense_features_are_matched_by_name(nlp, answers):
    data = tradeoff_data(nlp, answers[:30])
    model = fit_tradeoff_model(nlp, answers[30:])
    base = model.decision_function(data.X, data.dense_names)
    # reversed column order with reversed names: the same logits
    flipped = type(data.X)(data.X.n, data.X.rows, data.X.cols, data.X.dense[:, ::-1])
    assert np.allclose(model.decision_function(flipped, data.dense_names[::-1]), base)
    # a name the model never saw weighs nothing
    unknown = [f"unknown:{i}" for i in range(len(data.dense_names))]
    assert np.allclose(model.decision_function(data.X, unknown),
                       model.decision_function(type(data.X)(data.X.n, data.X.rows, data.X.cols,
                                                            np.zeros_like(data.X.dense)), data.dense_names))


def test_ngram_option_adds_hashed_columns(nlp, answers):
    assert FeatureOptions().ngrams  # on by default since rules 1.1
    plain = tradeoff_data(nlp, answers[:10], FeatureOptions(ngrams=False))
    with_ngrams = tradeoff_data(nlp, answers[:10])
    assert len(with_ngrams.X.cols) > len(plain.X.cols)
    assert np.array_equal(with_ngrams.y, plain.y)


def test_cross_validation_reports_rules_and_grid(nlp, answers):
    results = cross_validate(nlp, answers, Cs=(0.5,), thresholds=(0.5,), vetoes=(0.1,))
    assert set(results) == {"rules", "C=0.5,threshold=0.5,veto=0.5", "C=0.5,threshold=0.5,veto=0.1"}
    assert all(0.0 <= v <= 1.0 for scores in results.values() for v in scores)


def test_shipped_model_matches_the_packaged_rules():
    """models/tradeoffs.npz must be retrained when patterns/tradeoffs.jsonl changes."""
    model = TradeoffModel.load(default_model_dir() / TRADEOFF_FILE)
    assert model.rules_sha256 == rules_sha256(read_rule_text(default_rule_path("tradeoffs.jsonl")))


def test_corrupt_model_file(tmp_path):
    (tmp_path / "m.npz").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ModelFileError):
        TradeoffModel.load(tmp_path / "m.npz")
    with pytest.raises(ModelFileError):
        TradeoffModel.from_bytes(b"")
