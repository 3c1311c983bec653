from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from starcheck.errors import ModelFileError
from starcheck.learn.artifacts import default_model_dir, load_models
from starcheck.learn.features import SentenceFeatures
from starcheck.learn.kind_model import KindClassifier
from starcheck.learn.role_model import RoleTagger


def toy_data():
    """Answers of four sentences; sentence i has one of ten n-gram features of its role."""
    rng = np.random.default_rng(0)
    X, y = [], []
    for _ in range(30):
        rows = np.arange(4)
        cols = rows * 10 + rng.integers(0, 10, size=4)
        X.append(SentenceFeatures(4, rows, cols, np.zeros((4, 3))))
        y.append(["situation", "task", "action", "result"])
    return X, y


def test_role_tagger_learns_and_round_trips(tmp_path):
    X, y = toy_data()
    tagger = RoleTagger(C=1.0).fit(X, y)
    assert tagger.predict(X[0]) == y[0]
    tagger.save(tmp_path / "roles.npz")
    loaded = RoleTagger.load(tmp_path / "roles.npz")
    assert np.allclose(loaded.tag(X[1])[1], tagger.tag(X[1])[1])
    proba = loaded.tag(X[1])[1]
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_role_tagger_is_deterministic(tmp_path):
    X, y = toy_data()
    RoleTagger().fit(X, y).save(tmp_path / "a.npz")
    RoleTagger().fit(X, y).save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_kind_classifier_round_trips(tmp_path):
    X = np.array([[0.0, 1.0], [0.1, 0.9], [1.0, 0.0], [0.9, 0.2], [0.5, 0.5], [0.4, 0.6]])
    y = ["story", "story", "approach", "approach", "not_an_answer", "not_an_answer"]
    model = KindClassifier().fit(X, y)
    model.save(tmp_path / "kind.npz")
    assert KindClassifier.load(tmp_path / "kind.npz").predict(X) == model.predict(X)


def test_model_files_load_without_pickle():
    with np.load(default_model_dir() / "roles.npz", allow_pickle=False) as data:
        assert "weights" in data


@pytest.fixture()
def model_copy(tmp_path):
    target = tmp_path / "models"
    shutil.copytree(default_model_dir(), target)
    return target


def test_corrupt_model_file_is_named(model_copy):
    path = model_copy / "roles.npz"
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelFileError, match=r"roles\.npz"):
        load_models(model_copy)


def test_missing_model_file_is_named(model_copy):
    (model_copy / "kind.npz").unlink()
    with pytest.raises(ModelFileError, match=r"kind\.npz"):
        load_models(model_copy)


def test_manifest_records_data_hash_and_command():
    manifest = json.loads((default_model_dir() / "manifest.json").read_text())
    assert manifest["training"]["command"] == "starcheck train"
    assert len(manifest["training"]["data_sha256"]) == 64


def test_shipped_model_was_trained_on_the_shipped_corpus():
    """A corpus edit without `starcheck train` leaves a stale model: this catches it."""
    from conftest import ROOT
    from starcheck.learn.corpus import corpus_sha256

    manifest = json.loads((default_model_dir() / "manifest.json").read_text())
    assert manifest["training"]["data_sha256"] == corpus_sha256(ROOT / "data"), "run `starcheck train`"


def test_role_tagger_without_second_stage_round_trips(tmp_path):
    X, y = toy_data()
    tagger = RoleTagger(C=1.0, context_C=None).fit(X, y)
    tagger.save(tmp_path / "roles.npz")
    loaded = RoleTagger.load(tmp_path / "roles.npz")
    assert loaded.context_weights_ is None
    assert np.allclose(loaded.tag(X[1])[1], tagger.tag(X[1])[1])
    assert tagger.predict(X[0]) == tagger.predict(X[0], context=False) == y[0]
