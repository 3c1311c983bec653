"""Sequence decoding over an answer: roles mostly run S -> T -> A -> R.

Per-sentence log-probabilities from the classifier are combined with a learned transition
matrix (weighted by `transition_weight`). Forward-backward over these potentials gives each
sentence's marginal probability of each role; the labelling takes the most probable role of
each sentence (posterior decoding, which maximises the expected number of correct sentences),
and that role's marginal is the `confidence` the Report shows. `viterbi` (the single most
probable sequence) is kept for comparison in evaluation.
"""

from __future__ import annotations

import numpy as np


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
    """Posterior probability of each label at each position (rows sum to 1).

    Scaled forward-backward in probability space: each step is renormalised, which changes
    alpha and beta by a per-position constant that the final normalisation removes.
    """
    n, k = emissions.shape
    E = np.exp(emissions - emissions.max(axis=1, keepdims=True))
    T = np.exp(transitions)
    alpha = np.empty((n, k))
    beta = np.empty((n, k))
    alpha[0] = np.exp(start - start.max()) * E[0]
    alpha[0] /= alpha[0].sum()
    for i in range(1, n):
        alpha[i] = (alpha[i - 1] @ T) * E[i]
        alpha[i] /= alpha[i].sum()
    beta[-1] = np.exp(end - end.max())
    for i in range(n - 2, -1, -1):
        beta[i] = T @ (E[i + 1] * beta[i + 1])
        beta[i] /= beta[i].sum()
    posterior = alpha * beta
    return posterior / posterior.sum(axis=1, keepdims=True)


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
