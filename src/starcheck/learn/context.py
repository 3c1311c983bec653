"""Features of the role model's second stage: each sentence's first-stage roles in context.

The first stage labels a sentence from its own words and its neighbours' cue words; the
decoded marginals add what the transition matrix knows. Neither sees that, say, the sentence
before is a confident action and the one after a confident result, or that a result has
already been told earlier in the answer. The second stage, a small logistic regression, reads
exactly that: its sentence's first-stage log-probabilities and marginals, its neighbours' (one
and two away), its place in the answer, and the most probable each role has been before and
after it. It is fitted on out-of-fold first-stage outputs, so it learns from probabilities as
uncertain as the ones it will see (stacking).

Everything is computed for a batch of answers at once (`doc_starts` as in SentenceFeatures).
"""

from __future__ import annotations

import numpy as np

_FLOOR = 1e-9  # marginals are logged; a hard zero would be -inf


def context_features(log_proba: np.ndarray, marginal: np.ndarray, doc_starts: np.ndarray) -> np.ndarray:
    """(n, 8k + 3) features for n sentences and k roles; see the module docstring for the blocks."""
    n = len(log_proba)
    lengths = np.diff(doc_starts)
    doc = np.repeat(np.arange(len(lengths)), lengths)
    pos = np.arange(n) - doc_starts[doc]
    last = lengths[doc] - 1

    def shifted(values: np.ndarray, by: int) -> np.ndarray:
        """values of the sentence `by` places later (earlier when negative) in the same answer; 0 outside it."""
        out = np.zeros_like(values)
        if by > 0:
            out[:-by] = values[by:]
        else:
            out[-by:] = values[:by]
        out[(pos + by < 0) | (pos + by > last)] = 0.0
        return out

    proba = np.exp(log_proba)
    # a running maximum that restarts with each answer: offset answer a by 2a (probabilities are
    # at most 1), so an earlier answer's values can never exceed a later answer's
    offset = (2.0 * doc)[:, None]
    before = np.maximum.accumulate(proba + offset, axis=0) - offset
    reverse_offset = (2.0 * (len(lengths) - 1 - doc))[:, None]
    after = (np.maximum.accumulate((proba + reverse_offset)[::-1], axis=0)[::-1]) - reverse_offset
    return np.hstack([
        log_proba, np.log(marginal + _FLOOR),
        shifted(log_proba, -1), shifted(log_proba, 1), shifted(log_proba, -2), shifted(log_proba, 2),
        (pos == 0)[:, None], (pos == last)[:, None], (pos / np.maximum(last, 1))[:, None],
        shifted(before, -1), shifted(after, 1),
    ])
