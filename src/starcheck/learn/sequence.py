"""Sequence decoding over an answer: roles mostly run S -> T -> A -> R.

Per-sentence log-probabilities from the classifier are combined with a learned transition
matrix (weighted by `transition_weight`). Viterbi gives the labelling; forward-backward over
the same potentials gives each sentence's marginal probability, which is the `confidence`
the Report shows.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp


def viterbi(emissions: np.ndarray, start: np.ndarray, transitions: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Best label path; all inputs are log-potentials ((n, k), (k,), (k, k), (k,))."""
    n, k = emissions.shape
    score = start + emissions[0]
    back = np.zeros((n, k), dtype=np.int64)
    for i in range(1, n):
        candidates = score[:, None] + transitions
        back[i] = np.argmax(candidates, axis=0)
        score = candidates[back[i], np.arange(k)] + emissions[i]
    path = np.empty(n, dtype=np.int64)
    path[-1] = int(np.argmax(score + end))
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


def marginals(emissions: np.ndarray, start: np.ndarray, transitions: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Posterior probability of each label at each position (rows sum to 1)."""
    n, k = emissions.shape
    alpha = np.empty((n, k))
    beta = np.empty((n, k))
    alpha[0] = start + emissions[0]
    for i in range(1, n):
        alpha[i] = logsumexp(alpha[i - 1][:, None] + transitions, axis=0) + emissions[i]
    beta[-1] = end
    for i in range(n - 2, -1, -1):
        beta[i] = logsumexp(transitions + (emissions[i + 1] + beta[i + 1])[None, :], axis=1)
    log_post = alpha + beta
    log_post -= logsumexp(log_post, axis=1, keepdims=True)
    return np.exp(log_post)


def transition_log_probs(
    sequences: list[list[int]], k: int, smoothing: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, transition and end log-probabilities counted from label sequences (add-`smoothing`)."""
    start = np.full(k, smoothing)
    trans = np.full((k, k), smoothing)
    end = np.full(k, smoothing)
    for seq in sequences:
        if not seq:
            continue
        start[seq[0]] += 1
        end[seq[-1]] += 1
        for a, b in zip(seq, seq[1:], strict=False):
            trans[a, b] += 1
    return (
        np.log(start / start.sum()),
        np.log(trans / trans.sum(axis=1, keepdims=True)),
        np.log(end / end.sum()),
    )
