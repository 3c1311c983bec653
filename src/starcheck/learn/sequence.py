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


def marginals(emissions: np.ndarray, start: np.ndarray, transitions: np.ndarray, end: np.ndarray,
              doc_starts: np.ndarray | None = None) -> np.ndarray:
    """Posterior probability of each label at each position (rows sum to 1).

    `emissions` may hold several sequences one after another (sequence `a` is rows
    `doc_starts[a]` to `doc_starts[a + 1]`); they are run side by side, padded, so the numpy
    work is shared. Scaled forward-backward in probability space: each step is renormalised,
    which changes alpha and beta by a per-position constant that the final normalisation removes.
    """
    n, k = emissions.shape
    if doc_starts is None:
        doc_starts = np.array([0, n])
    lengths = np.diff(doc_starts)
    if n == 0:
        return np.zeros((0, k))
    seq = np.repeat(np.arange(len(lengths)), lengths)
    pos = np.arange(n) - doc_starts[seq]
    E = np.ones((len(lengths), int(lengths.max()), k))
    E[seq, pos] = np.exp(emissions - emissions.max(axis=1, keepdims=True))
    T = np.exp(transitions)
    alpha = np.empty_like(E)
    beta = np.empty_like(E)
    alpha[:, 0] = np.exp(start - start.max()) * E[:, 0]
    alpha[:, 0] /= alpha[:, 0].sum(axis=1, keepdims=True)
    for i in range(1, E.shape[1]):
        step = (alpha[:, i - 1] @ T) * E[:, i]
        alpha[:, i] = step / step.sum(axis=1, keepdims=True)
    final = np.exp(end - end.max())
    for i in range(E.shape[1] - 1, -1, -1):
        if i + 1 < E.shape[1]:
            step = (E[:, i + 1] * beta[:, i + 1]) @ T.T
        else:
            step = np.ones((len(lengths), k))
        step = np.where((lengths - 1 == i)[:, None], final, step)
        beta[:, i] = step / step.sum(axis=1, keepdims=True)
    posterior = alpha[seq, pos] * beta[seq, pos]
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
