from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from starcheck.learn.sequence import marginals, transition_log_probs


def brute_force_marginals(emissions, start, trans, end):
    """Sum over every label path: the definition of the posterior marginals."""
    n, k = emissions.shape
    totals = np.zeros((n, k))
    for path in itertools.product(range(k), repeat=n):
        score = start[path[0]] + emissions[0, path[0]] + end[path[-1]]
        score += sum(trans[a, b] + emissions[i + 1, b] for i, (a, b) in enumerate(zip(path, path[1:], strict=False)))
        for i, label in enumerate(path):
            totals[i, label] += np.exp(score)
    return totals / totals.sum(axis=1, keepdims=True)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(0, 10_000))
def test_marginals_match_brute_force(n, seed):
    rng = np.random.default_rng(seed)
    args = (rng.normal(size=(n, 3)), rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=3))
    assert np.allclose(marginals(*args), brute_force_marginals(*args))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=4), st.integers(0, 10_000))
def test_batched_sequences_are_decoded_separately(lengths, seed):
    rng = np.random.default_rng(seed)
    start, trans, end = rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=3)
    parts = [rng.normal(size=(n, 3)) for n in lengths]
    doc_starts = np.concatenate([[0], np.cumsum(lengths)])
    together = marginals(np.vstack(parts), start, trans, end, doc_starts=doc_starts)
    alone = np.vstack([marginals(p, start, trans, end) for p in parts])
    assert np.allclose(together, alone)


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
