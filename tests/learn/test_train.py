from __future__ import annotations

import itertools
import json

import pytest

from conftest import ROOT
from starcheck.learn.corpus import CorpusAnswer
from starcheck.learn.train import gold_roles_for, train
from starcheck.pipeline import build_pipeline


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """A slice of every corpus file, so training runs in seconds."""
    data = tmp_path_factory.mktemp("data")
    (data / "corpus").mkdir()
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        (data / "corpus" / path.name).write_text("\n".join(itertools.islice(lines, 0, None, 4)) + "\n")
    return data


def test_training_is_deterministic(small_corpus, tmp_path):
    nlp = build_pipeline(roles=False)
    train(small_corpus, tmp_path / "a", nlp, log=lambda _: None)
    train(small_corpus, tmp_path / "b", nlp, log=lambda _: None)
    for name in ("roles.npz", "kind.npz", "tradeoffs.npz", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["training"]["answers"]["train"] > 0


def test_gold_role_is_the_one_covering_most_characters():
    a = CorpusAnswer.model_validate({
        "id": "g-1", "domain": "other", "kind": "story", "grade": 2,
        "sentences": [["situation", "It was slow."], ["action", "I fixed it quickly and well."]],
    })
    # one predicted span covering both gold sentences: the longer action wins
    assert gold_roles_for([(0, len(a.text))], a) == ["action"]
    assert gold_roles_for([(0, 12), (13, len(a.text))], a) == ["situation", "action"]
