from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from starcheck.learn.sequence import marginals, transition_log_probs, viterbi


def brute_force(emissions, start, trans, end):
    n, k = emissions.shape
    best, best_path = -np.inf, None
    for path in itertools.product(range(k), repeat=n):
        score = start[path[0]] + emissions[0, path[0]] + end[path[-1]]
        score += sum(trans[a, b] + emissions[i + 1, b] for i, (a, b) in enumerate(zip(path, path[1:], strict=False)))
        if score > best:
            best, best_path = score, path
    return list(best_path)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(0, 10_000))
def test_viterbi_finds_the_best_path(n, seed):
    rng = np.random.default_rng(seed)
    k = 3
    args = (rng.normal(size=(n, k)), rng.normal(size=k), rng.normal(size=(k, k)), rng.normal(size=k))
    assert viterbi(*args).tolist() == brute_force(*args)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(0, 10_000))
def test_marginals_are_probabilities(n, seed):
    rng = np.random.default_rng(seed)
    post = marginals(rng.normal(size=(n, 4)), rng.normal(size=4), rng.normal(size=(4, 4)), rng.normal(size=4))
    assert np.allclose(post.sum(axis=1), 1.0)
    assert (post >= 0).all()


def test_transitions_are_counted_with_smoothing():
    start, trans, end = transition_log_probs([[0, 1, 1], [0, 1]], k=2, smoothing=1.0)
    assert np.isclose(np.exp(start[0]), 3 / 4)
    assert np.isclose(np.exp(trans[0, 1]), 3 / 4)
    assert np.isclose(np.exp(end[1]), 3 / 4)
