"""The sentence-role tagger: a linear classifier over sentence features + sequence decoding,
then a second, small classifier over those outputs in context (`context.py`; stacking).

scikit-learn conventions: parameters in `__init__`, `fit` / `predict`, deterministic for a
given data set (lbfgs has no random state). The fitted state is plain arrays, saved to `.npz`
(no pickle: `np.load(allow_pickle=False)` cannot run code), so the predict path needs numpy
only and stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from .context import context_features
from .corpus import ROLES
from .features import N_HASH_BITS, SentenceFeatures
from .sequence import marginals, transition_log_probs


class RoleTagger:
    def __init__(
        self,
        C: float = 2.0,
        transition_weight: float = 1.0,
        smoothing: float = 1.0,
        max_iter: int = 3000,
        labels: Sequence[str] = ROLES,
        context_C: float | None = 1.0,
        context_folds: int = 5,
    ) -> None:
        self.C = C
        self.transition_weight = transition_weight
        self.smoothing = smoothing
        self.max_iter = max_iter
        self.labels = tuple(labels)
        self.context_C = context_C  # None: no second stage (first stage + decoding only)
        self.context_folds = context_folds

    # -- fitting --------------------------------------------------------------------
    def fit(self, X: Sequence[SentenceFeatures], y: Sequence[Sequence[str]]) -> RoleTagger:
        """X: the features of each answer's sentences; y: their role labels."""
        self._fit_first_stage(X, y)
        self.context_weights_ = self.context_intercept_ = None
        if self.context_C is not None:
            self._fit_context(X, y)
        return self

    def _label_ids(self, y: Sequence[Sequence[str]]) -> list[list[int]]:
        index = {label: i for i, label in enumerate(self.labels)}
        return [[index[label] for label in seq] for seq in y]

    def _logistic_regression(self, X, flat: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
        """Weights (n_features, k) and intercept (k) of a multinomial logistic regression, with
        a column for every label: a label absent from training gets intercept -30 (never predicted)."""
        from sklearn.linear_model import LogisticRegression  # training only: heavy to import

        classifier = LogisticRegression(C=C, max_iter=self.max_iter, solver="lbfgs").fit(X, flat)
        k = len(self.labels)
        weights = np.zeros((classifier.coef_.shape[1], k))
        intercept = np.full(k, -30.0)
        weights[:, classifier.classes_] = classifier.coef_.T
        intercept[classifier.classes_] = classifier.intercept_
        return weights, intercept

    def _fit_first_stage(self, X: Sequence[SentenceFeatures], y: Sequence[Sequence[str]]) -> None:
        y_ids = self._label_ids(y)
        stacked = sparse.vstack([x.to_csr() for x in X], format="csr")
        flat = np.concatenate([np.array(seq, dtype=np.int64) for seq in y_ids])
        # Fit on the columns that occur: with an L2 penalty a feature never seen keeps weight 0,
        # so this is the same model, fitted in a fraction of the time.
        columns = np.unique(stacked.indices)
        self.weights_, self.intercept_ = self._logistic_regression(stacked[:, columns], flat, self.C)
        self.columns_ = columns.astype(np.int64)
        self._row_table = self._dense_cache = None  # lookup tables of an earlier fit
        k = len(self.labels)
        self.start_, self.transitions_, self.end_ = transition_log_probs(
            y_ids, len(self.labels), self.smoothing
        )
        counts = np.bincount(flat, minlength=k) + self.smoothing
        self.prior_ = np.log(counts / counts.sum())

    def _fit_context(self, X: Sequence[SentenceFeatures], y: Sequence[Sequence[str]]) -> None:
        """The second stage, fitted on out-of-fold first-stage outputs (answer i is in fold
        i % context_folds), so it sees training answers as uncertain as unseen ones."""
        rows: list[np.ndarray | None] = [None] * len(X)
        for fold in range(self.context_folds):
            held = range(fold, len(X), self.context_folds)
            kept = [i for i in range(len(X)) if i % self.context_folds != fold]
            first = RoleTagger(self.C, self.transition_weight, self.smoothing, self.max_iter,
                               self.labels, context_C=None)
            first.fit([X[i] for i in kept], [y[i] for i in kept])
            for i in held:
                rows[i] = context_features(*first._first_stage(X[i]), X[i].doc_starts)
        flat = np.array([i for seq in self._label_ids(y) for i in seq], dtype=np.int64)
        self.context_weights_, self.context_intercept_ = self._logistic_regression(
            np.vstack(rows), flat, self.context_C)

    # -- prediction -----------------------------------------------------------------
    def sentence_log_proba(self, X: SentenceFeatures) -> np.ndarray:
        """log p(role | sentence) for each sentence, without sequence decoding."""
        logits = np.tile(self.intercept_, (X.n, 1))
        positions = self._weight_rows()[X.cols]
        known = positions >= 0
        rows, weights = X.rows[known], self.weights_[positions[known]]
        if len(rows):  # rows ascend (SentenceFeatures), so each sentence's weights are one run
            firsts = np.flatnonzero(np.concatenate([[True], rows[1:] != rows[:-1]]))
            logits[rows[firsts]] += np.add.reduceat(weights, firsts, axis=0)
        logits += X.dense @ self._dense_weights(X.dense.shape[1])
        logits -= logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))

    def _weight_rows(self) -> np.ndarray:
        """For each hashed column, its row in `weights_` (-1: never seen in training), cached.
        A 4 MB table: one index per column beats a binary search per active feature."""
        table = getattr(self, "_row_table", None)
        if table is None:
            table = np.full(1 << N_HASH_BITS, -1, dtype=np.int32)
            hashed = self.columns_ < (1 << N_HASH_BITS)
            table[self.columns_[hashed]] = np.nonzero(hashed)[0]
            self._row_table = table
        return table

    def _dense_weights(self, n_dense: int) -> np.ndarray:
        """Weights of the dense block (columns after the hashed ones), cached."""
        cached = getattr(self, "_dense_cache", None)
        if cached is None or cached.shape[0] != n_dense:
            wanted = (1 << N_HASH_BITS) + np.arange(n_dense)
            positions = np.minimum(np.searchsorted(self.columns_, wanted), len(self.columns_) - 1)
            known = self.columns_[positions] == wanted
            cached = np.where(known[:, None], self.weights_[positions], 0.0)
            self._dense_cache = cached
        return cached

    def _potentials(self, X: SentenceFeatures):
        # Hybrid decoding: the classifier gives p(role | sentence), which already holds the
        # roles' prior; the transitions hold it again. Dividing the posterior by the prior
        # (a scaled likelihood) counts it once, so rare roles (task, other) are not pushed
        # into their neighbours. The correction grows with the transitions' weight.
        w = self.transition_weight
        emissions = self.sentence_log_proba(X) - w * self.prior_
        return emissions, w * self.start_, w * self.transitions_, w * self.end_

    def _first_stage(self, X: SentenceFeatures) -> tuple[np.ndarray, np.ndarray]:
        """The first stage's per-sentence log-probabilities and decoded marginals."""
        emissions, start, transitions, end = self._potentials(X)
        log_proba = emissions + self.transition_weight * self.prior_
        return log_proba, marginals(emissions, start, transitions, end, doc_starts=X.doc_starts)

    def tag(self, X: SentenceFeatures, context: bool = True) -> tuple[list[str], np.ndarray]:
        """Each sentence's most probable role and all role probabilities (every answer in X
        decoded separately): the second stage's when there is one (and `context`), else the
        first stage's marginals."""
        if X.n == 0:
            return [], np.zeros((0, len(self.labels)))
        log_proba, proba = self._first_stage(X)
        if context and self.context_weights_ is not None:
            logits = context_features(log_proba, proba, X.doc_starts) @ self.context_weights_
            logits += self.context_intercept_
            proba = np.exp(logits - logits.max(axis=1, keepdims=True))
            proba /= proba.sum(axis=1, keepdims=True)
        return [self.labels[i] for i in proba.argmax(axis=1)], proba

    def predict(self, X: SentenceFeatures, decode: bool = True, context: bool = True) -> list[str]:
        """Roles; `decode=False` labels each sentence on its own (the evaluation baseline),
        `context=False` stops after the first stage's decoding."""
        if X.n == 0:
            return []
        if not decode:
            return [self.labels[i] for i in self.sentence_log_proba(X).argmax(axis=1)]
        return self.tag(X, context)[0]

    # -- persistence (npz, no pickle) -----------------------------------------------
    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(
                handle,
                labels=np.array(self.labels),
                columns=self.columns_,
                weights=self.weights_,
                intercept=self.intercept_,
                start=self.start_,
                transitions=self.transitions_,
                end=self.end_,
                prior=self.prior_,
                params=np.array([self.C, self.transition_weight, self.smoothing]),
                **({} if self.context_weights_ is None else {
                    "context_weights": self.context_weights_,
                    "context_intercept": self.context_intercept_,
                    "context_params": np.array([self.context_C, self.context_folds])}),
            )

    @classmethod
    def load(cls, path: Path) -> RoleTagger:
        with np.load(path, allow_pickle=False) as data:
            C, weight, smoothing = (float(v) for v in data["params"])
            model = cls(C=C, transition_weight=weight, smoothing=smoothing,
                        labels=[str(label) for label in data["labels"]])
            model.columns_ = data["columns"]
            model.weights_ = data["weights"]
            model.intercept_ = data["intercept"]
            model.start_ = data["start"]
            model.transitions_ = data["transitions"]
            model.end_ = data["end"]
            model.prior_ = data["prior"] if "prior" in data.files else np.zeros(len(model.labels))
            model.context_weights_ = model.context_intercept_ = None
            model.context_C = None
            if "context_weights" in data.files:
                model.context_weights_ = data["context_weights"]
                model.context_intercept_ = data["context_intercept"]
                context_C, folds = (float(v) for v in data["context_params"])
                model.context_C, model.context_folds = context_C, int(folds)
        return model
