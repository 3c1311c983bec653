from __future__ import annotations

import numpy as np

from starcheck.learn.context import context_features


def _random_batch(seed: int = 0):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 9, size=12)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    log_proba = np.log(rng.dirichlet(np.ones(5), starts[-1]))
    marginal = rng.dirichlet(np.ones(5), starts[-1])
    return log_proba, marginal, starts


def test_a_batch_gives_each_answer_the_features_it_has_alone():
    log_proba, marginal, starts = _random_batch()
    batch = context_features(log_proba, marginal, starts)
    for a, b in zip(starts[:-1], starts[1:], strict=True):
        alone = context_features(log_proba[a:b], marginal[a:b], np.array([0, b - a]))
        assert np.allclose(batch[a:b], alone, rtol=0, atol=1e-12)  # the running maxima add and remove an offset


def test_neighbours_and_running_maxima():
    proba = np.array([[0.7, 0.1, 0.1, 0.05, 0.05], [0.1, 0.1, 0.6, 0.1, 0.1], [0.1, 0.1, 0.1, 0.6, 0.1]])
    features = context_features(np.log(proba), proba, np.array([0, 3]))
    k = 5
    prev, nxt = features[:, 2 * k:3 * k], features[:, 3 * k:4 * k]
    assert np.array_equal(prev[0], np.zeros(k)) and np.allclose(prev[1], np.log(proba[0]))
    assert np.allclose(nxt[1], np.log(proba[2])) and np.array_equal(nxt[2], np.zeros(k))
    first, last, relative = features[:, 6 * k], features[:, 6 * k + 1], features[:, 6 * k + 2]
    assert first.tolist() == [1, 0, 0] and last.tolist() == [0, 0, 1] and relative.tolist() == [0, 0.5, 1]
    before, after = features[:, 6 * k + 3:7 * k + 3], features[:, 7 * k + 3:]
    assert np.allclose(before[2], proba[:2].max(axis=0)) and np.array_equal(before[0], np.zeros(k))
    assert np.allclose(after[0], proba[1:].max(axis=0)) and np.array_equal(after[2], np.zeros(k))
