"""The answer-kind classifier: story, approach or not_an_answer, from answer-level features.

Features are averages over the answer's sentences of the role model's dense features (cue
categories: first person, past tense, modality, generic present, marketing...; shape) plus the
role probabilities and the answer's length. Standardised, then a multinomial logistic regression.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from .corpus import KINDS


def answer_features(dense: np.ndarray, dense_names: Sequence[str], role_proba: np.ndarray,
                    n_words: int | np.ndarray, doc_starts: np.ndarray | None = None) -> np.ndarray:
    """Answer-level feature rows (see `answer_feature_names`), one per answer in `doc_starts`."""
    if doc_starts is None:
        doc_starts = np.array([0, dense.shape[0]])
    lengths = np.diff(doc_starts)
    keep = _kept_columns(tuple(dense_names))
    rows = np.zeros((len(lengths), len(keep) + role_proba.shape[1]))
    present = lengths > 0
    if present.any():
        starts = doc_starts[:-1][present]
        sums = np.add.reduceat(np.hstack([dense[:, keep], role_proba]), starts, axis=0)
        rows[present] = sums / lengths[present][:, None]
    size = np.column_stack([np.log1p(np.asarray(n_words, dtype=float).reshape(-1)) / 6.0,
                            np.log1p(lengths) / 3.0])
    return np.hstack([rows, size])


def answer_feature_names(dense_names: Sequence[str], roles: Sequence[str]) -> list[str]:
    return [n for n in dense_names if _kept(n)] + [f"role:{r}" for r in roles] + ["log_words", "log_sents"]


@cache
def _kept_columns(dense_names: tuple[str, ...]) -> list[int]:
    return [i for i, name in enumerate(dense_names) if _kept(name)]


def _kept(name: str) -> bool:
    return not name.startswith(("prev:", "next:", "answer:", "pos:", "relpos:", "nsent:"))


class KindClassifier:
    def __init__(self, C: float = 1.0, max_iter: int = 3000, labels: Sequence[str] = KINDS) -> None:
        self.C = C
        self.max_iter = max_iter
        self.labels = tuple(labels)

    def fit(self, X: np.ndarray, y: Sequence[str]) -> KindClassifier:
        index = {label: i for i, label in enumerate(self.labels)}
        self.mean_ = X.mean(axis=0)
        self.scale_ = X.std(axis=0)
        self.scale_[self.scale_ < 1e-6] = 1.0
        from sklearn.linear_model import LogisticRegression  # training only: heavy to import

        classifier = LogisticRegression(C=self.C, max_iter=self.max_iter, class_weight="balanced")
        classifier.fit((X - self.mean_) / self.scale_, np.array([index[v] for v in y]))
        coef = np.zeros((len(self.labels), X.shape[1]))
        intercept = np.full(len(self.labels), -30.0)
        coef[classifier.classes_] = classifier.coef_
        intercept[classifier.classes_] = classifier.intercept_
        self.coef_, self.intercept_ = coef, intercept
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        logits = ((np.atleast_2d(X) - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray) -> list[str]:
        return [self.labels[i] for i in self.predict_proba(X).argmax(axis=1)]

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(handle, labels=np.array(self.labels), mean=self.mean_, scale=self.scale_,
                     coef=self.coef_, intercept=self.intercept_, params=np.array([self.C]))

    @classmethod
    def load(cls, path: Path) -> KindClassifier:
        with np.load(path, allow_pickle=False) as data:
            model = cls(C=float(data["params"][0]), labels=[str(v) for v in data["labels"]])
            model.mean_, model.scale_ = data["mean"], data["scale"]
            model.coef_, model.intercept_ = data["coef"], data["intercept"]
        return model
