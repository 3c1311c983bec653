"""The tradeoff sentence classifier: a logistic regression over the `star_tradeoffs` candidates.

The rules in `patterns/tradeoffs.jsonl` find *candidates*: sentences (or bullet lines) where
at least one cue phrase matched (about half of all sentences). For each candidate the
classifier sees

- the rule evidence (dense block): which cue labels ("category|strength") occur, the kind the
  rules decide ("rule:none" when no rule fires), whether a negative cue occurs, how many
  categories, whether the neighbouring sentence is a rule tradeoff, where the sentence sits in
  the answer, and shape flags of the role featurizer (length, digits, money, bullet...);
- hashed sparse features: each matched cue *phrase* ("alternative|whether to",
  "explicit|which meant", so every phrase of the lexicon gets its own weight), and each pair of
  cue categories in the sentence, unordered and in text order ("then|cost|contrast": a cost
  before a "but"), so the combinations the combo rules spell out are also learned;
- hashed lemma uni- and bigrams of the sentence, as the role model uses (`FeatureOptions.ngrams`,
  on by default since rules 1.1: in 5-fold cross-validation on train+dev they raised sentence
  F1 from 0.733 to 0.759, see docs/quantities-and-tradeoffs.md). They read the lemmatizer's
  lemmas, so a pipeline without it gets lower-cased words instead.

Its probability decides whether the sentence is a tradeoff; the span keeps the rules' kind
(see `star_tradeoffs`). Sentences without any cue are never tradeoffs and are not scored.

Fitting is deterministic (lbfgs, no random state) and, like the role model, uses only the
columns that occur in training. The fitted state is plain arrays in an `.npz` file, loaded with
`allow_pickle=False`; the feature options are stored with it.

Training: `fit_tradeoff_model(nlp, answers)` with the train and dev answers (the test split is
never read). The defaults below were chosen by 5-fold cross-validation over train+dev
(`python -m starcheck.learn.tradeoff_model --cv`).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelFileError
from .corpus import N_FOLDS, CorpusAnswer, fold_of, load_corpus
from .features import (
    N_HASH_BITS,
    SHAPE_FEATURES,
    SentenceFeatures,
    SentenceFeaturizer,
    _stable_digest,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..components.tradeoffs import Candidate, TradeoffFinder

TRADEOFF_FILE = "tradeoffs.npz"
FORMAT = 1
KINDS = ("explicit", "alternative", "concession", "balancing")
# chosen by 5-fold cross-validation over train+dev (`--cv`)
DEFAULT_C = 0.5
DEFAULT_THRESHOLD = 0.4
DEFAULT_VETO = 0.1
VETO_GRID = (0.1, 0.2, 0.3)
C_GRID = (0.25, 0.5, 1.0, 2.0)
THRESHOLD_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
# shape flags of the role featurizer that are used; "has_tradeoff" would read this
# component's own output, and its position features would count candidates, not sentences
_SHAPE_USED = tuple(n for n in SHAPE_FEATURES if n != "has_tradeoff")
_RELPOS = 5
_HASH_MASK = (1 << N_HASH_BITS) - 1
_READ_ERRORS = (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile)


@dataclass(frozen=True)
class FeatureOptions:
    """Which feature groups the classifier uses (stored in the model file)."""

    ngrams: bool = True  # hashed lemma uni- and bigrams of the sentence
    phrases: bool = True  # one hashed column per matched cue phrase
    pairs: bool = True  # cue category pairs, unordered and in text order
    shape: bool = False  # the role featurizer's shape flags (length, digits, bullet...)
    position: bool = True  # where the sentence sits in the answer (none for a one-sentence doc)

    def as_array(self) -> np.ndarray:
        return np.array([int(getattr(self, f.name)) for f in fields(self)], dtype=np.int64)

    @classmethod
    def from_array(cls, values: np.ndarray) -> FeatureOptions:
        names = [f.name for f in fields(cls)]
        if len(values) != len(names):
            raise ValueError("feature options of another version")
        return cls(**{name: bool(v) for name, v in zip(names, values.tolist(), strict=True)})


DEFAULT_OPTIONS = FeatureOptions()


def tradeoff_dense_names(cue_labels: Sequence[str]) -> list[str]:
    """Names of the dense block, given the rule file's cue labels ("category|strength")."""
    return [
        *(f"cue:{label}" for label in cue_labels),
        *(f"rule:{kind}" for kind in (*KINDS, "none")),
        "negative", "ncat:1", "ncat:2", "ncat:3+", "prev:rule", "next:rule",
        *(f"relpos:{i}" for i in range(_RELPOS)),
        *(f"shape:{n}" for n in _SHAPE_USED),
    ]  # fmt: skip


def _hashed(key: tuple[str, ...]) -> int:
    """A stable hashed column for a feature key."""
    return int.from_bytes(_stable_digest("\x1f".join(key)), "little") & _HASH_MASK


class TradeoffFeaturizer:
    """Candidates of a batch of docs -> SentenceFeatures (hashed columns + the dense block)."""

    def __init__(self, cue_labels: Sequence[str], options: FeatureOptions = DEFAULT_OPTIONS) -> None:
        self.options = options
        self.cue_labels = list(cue_labels)
        self.dense_names = tradeoff_dense_names(self.cue_labels)
        self._index = {name: i for i, name in enumerate(self.dense_names)}
        self._cue_column = {tuple(label.split("|")): self._index[f"cue:{label}"] for label in self.cue_labels}
        self._hash_cache: dict[tuple, int] = {}
        self._pair_cache: dict[tuple[str, str], tuple[int, int]] = {}
        # no cue span group (cues_key=""): its cue columns stay empty and are not used
        self._base = SentenceFeaturizer(["tradeoff"], cues_key="")
        self._shape_columns = [self._base.dense_names.index(n) for n in _SHAPE_USED]

    def transform(self, docs: Sequence[Doc], candidates: Sequence[Sequence[Candidate]]) -> SentenceFeatures:
        options = self.options
        n = sum(len(cands) for cands in candidates)
        d = self._index
        dense = np.zeros((n, len(self.dense_names)))
        rows = cols = np.zeros(0, np.int64)
        if n and (options.ngrams or options.shape):
            sents = [[Span(doc, c.start, c.end) for c in cands]
                     for doc, cands in zip(docs, candidates, strict=True)]
            base = self._base.transform_batch(docs, sents)
            if options.shape:
                first = d[f"shape:{_SHAPE_USED[0]}"]
                dense[:, first : first + len(_SHAPE_USED)] = base.dense[:, self._shape_columns]
            if options.ngrams:
                rows, cols = base.rows, base.cols
        extra_rows: list[int] = []
        extra_cols: list[int] = []
        cue_column = self._cue_column
        if len(self._hash_cache) > 100_000:  # bounded, for long-running processes
            self._hash_cache.clear()
        row = 0
        for doc, cands in zip(docs, candidates, strict=True):
            rule_units = {c.unit for c in cands if c.kind is not None}
            lowers = doc.to_array(LOWER) if cands and options.phrases else None
            for c in cands:
                categories = set()
                for category, strength, _, _ in c.cues:
                    column = cue_column.get((category, strength))
                    if column is not None:
                        dense[row, column] = 1.0
                    categories.add(category)
                dense[row, d[f"rule:{c.kind or 'none'}"]] = 1.0
                dense[row, d["negative"]] = "negative" in categories
                n_cat = len(categories - {"negative"})
                dense[row, d["ncat:1" if n_cat <= 1 else "ncat:2" if n_cat == 2 else "ncat:3+"]] = 1.0
                dense[row, d["prev:rule"]] = (c.unit - 1) in rule_units
                dense[row, d["next:rule"]] = (c.unit + 1) in rule_units
                if options.position and c.n_units > 1:
                    rel = min(int(c.unit / (c.n_units - 1) * _RELPOS), _RELPOS - 1)
                    dense[row, d[f"relpos:{rel}"]] = 1.0
                columns = self._sparse_columns(doc, c, lowers)
                extra_rows.extend([row] * len(columns))
                extra_cols.extend(columns)
                row += 1
        if extra_rows:
            keys = np.unique(np.concatenate([
                rows << N_HASH_BITS | cols,
                np.array(extra_rows, np.int64) << N_HASH_BITS | np.array(extra_cols, np.int64),
            ]))  # fmt: skip
            rows, cols = keys >> N_HASH_BITS, keys & _HASH_MASK
        doc_starts = np.concatenate([[0], np.cumsum([len(cands) for cands in candidates])]).astype(np.int64)
        return SentenceFeatures(n, rows, cols, dense, doc_starts)

    def _sparse_columns(self, doc: Doc, c: Candidate, lowers: np.ndarray | None) -> set[int]:
        """Hashed columns of one candidate: its cue phrases and its pairs of cue categories."""
        columns: set[int] = set()
        if lowers is not None:  # phrases: keyed by category and lower-cased token ids
            cache = self._hash_cache
            strings = doc.vocab.strings
            for category, _, start, end in c.cues:
                key = (category, *lowers[start:end].tolist())
                column = cache.get(key)
                if column is None:
                    text = " ".join(strings[int(i)] for i in key[1:])
                    column = cache[key] = _hashed(("phrase", category, text))
                columns.add(column)
        if self.options.pairs:
            ordered = [category for _, category in sorted((s, cat) for cat, _, s, _ in c.cues)]
            cache = self._pair_cache
            for i, first in enumerate(ordered):
                for second in ordered[i + 1 :]:
                    pair = cache.get((first, second))
                    if pair is None:
                        pair = cache[(first, second)] = (
                            _hashed(("pair", *sorted((first, second)))), _hashed(("then", first, second)))
                    columns.update(pair)
        return columns


class TradeoffModel:
    """Binary logistic regression: p(tradeoff | candidate sentence)."""

    def __init__(self, C: float = DEFAULT_C, threshold: float = DEFAULT_THRESHOLD,
                 veto: float = DEFAULT_VETO, options: FeatureOptions = DEFAULT_OPTIONS,
                 max_iter: int = 5000) -> None:
        self.C = C
        self.threshold = threshold
        self.veto = veto
        self.options = options
        self.max_iter = max_iter
        self.dense_names: list[str] = []
        self.rules_sha256 = ""

    # -- fitting --------------------------------------------------------------------
    def fit(self, X: SentenceFeatures, y: Sequence[int] | np.ndarray,
            dense_names: Sequence[str]) -> TradeoffModel:
        y = np.asarray(y, dtype=np.int64)
        if X.n == 0 or len(set(y.tolist())) < 2:
            raise ValueError("the tradeoff model needs positive and negative candidates")
        stacked = X.to_csr()
        columns = np.unique(stacked.indices)  # L2: a column never seen keeps weight 0
        from sklearn.linear_model import LogisticRegression  # training only: heavy to import

        classifier = LogisticRegression(C=self.C, max_iter=self.max_iter, solver="lbfgs")
        classifier.fit(stacked[:, columns], y)
        self.columns_ = columns.astype(np.int64)
        self.weights_ = classifier.coef_[0].astype(np.float64)
        self.intercept_ = float(classifier.intercept_[0])
        self.dense_names = list(dense_names)
        self._dense_cache = None
        return self

    # -- prediction -----------------------------------------------------------------
    def decision_function(self, X: SentenceFeatures, dense_names: Sequence[str]) -> np.ndarray:
        """Logits; `dense_names` name the columns of `X.dense` (matched to training by name,
        so a rule file with other categories still works: unknown names weigh 0)."""
        logits = np.full(X.n, self.intercept_)
        if X.n == 0:
            return logits
        if len(X.cols):
            positions = np.minimum(np.searchsorted(self.columns_, X.cols), len(self.columns_) - 1)
            known = self.columns_[positions] == X.cols
            logits += np.bincount(X.rows[known], weights=self.weights_[positions[known]],
                                  minlength=X.n)
        return logits + X.dense @ self._dense_weights(tuple(dense_names))

    def predict_proba(self, X: SentenceFeatures, dense_names: Sequence[str]) -> np.ndarray:
        """p(tradeoff) of each candidate."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(X, dense_names)))

    def predict(self, X: SentenceFeatures, dense_names: Sequence[str],
                rules: np.ndarray | None = None) -> np.ndarray:
        """The decision on each candidate: p >= `threshold`, except that a candidate the rules
        mark (`rules`) is dropped only when p < `veto`."""
        proba = self.predict_proba(X, dense_names)
        if rules is None:
            return proba >= self.threshold
        return np.where(rules, proba >= self.veto, proba >= self.threshold)

    def _dense_weights(self, names: tuple[str, ...]) -> np.ndarray:
        cached = getattr(self, "_dense_cache", None)
        if cached is not None and cached[0] == names:
            return cached[1]
        trained = {name: i for i, name in enumerate(self.dense_names)}
        weights = np.zeros(len(names))
        for j, name in enumerate(names):
            i = trained.get(name)
            if i is None:
                continue
            column = (1 << N_HASH_BITS) + i
            k = int(np.searchsorted(self.columns_, column))
            if k < len(self.columns_) and self.columns_[k] == column:
                weights[j] = self.weights_[k]
        self._dense_cache = (names, weights)
        return weights

    # -- persistence (npz, no pickle) -----------------------------------------------
    def _arrays(self) -> dict[str, np.ndarray]:
        return {
            "format": np.array(FORMAT),
            "n_hash_bits": np.array(N_HASH_BITS),
            "columns": self.columns_,
            "weights": self.weights_,
            "intercept": np.array(self.intercept_),
            "params": np.array([self.C, self.threshold, self.veto]),
            "options": self.options.as_array(),
            "dense_names": np.array(self.dense_names, dtype=str),
            "rules_sha256": np.array(self.rules_sha256),
        }

    def save(self, path: Path) -> None:
        with Path(path).open("wb") as handle:
            np.savez(handle, **self._arrays())

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, **self._arrays())
        return buffer.getvalue()

    @classmethod
    def load(cls, path: Path) -> TradeoffModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls._from_arrays(data)
        except _READ_ERRORS as error:
            raise ModelFileError(f"cannot read the tradeoff model {path}: {error}") from error

    @classmethod
    def from_bytes(cls, data: bytes) -> TradeoffModel:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                return cls._from_arrays(arrays)
        except _READ_ERRORS as error:
            raise ModelFileError(f"cannot read the tradeoff model: {error}") from error

    @classmethod
    def _from_arrays(cls, data) -> TradeoffModel:
        if int(data["format"]) != FORMAT or int(data["n_hash_bits"]) != N_HASH_BITS:
            raise ValueError("made by another version of starcheck; retrain with `starcheck train`")
        C, threshold, veto = (float(v) for v in data["params"])
        model = cls(C=C, threshold=threshold, veto=veto,
                    options=FeatureOptions.from_array(data["options"]))
        model.columns_ = data["columns"].astype(np.int64)
        model.weights_ = data["weights"].astype(np.float64)
        model.intercept_ = float(data["intercept"])
        model.dense_names = [str(n) for n in data["dense_names"]]
        model.rules_sha256 = str(data["rules_sha256"])
        model._dense_cache = None
        return model


def rules_sha256(rules_text: str) -> str:
    return hashlib.sha256(rules_text.encode("utf-8")).hexdigest()


def save_tradeoff_model(model: TradeoffModel, path: Path) -> None:
    model.save(path)


def load_tradeoff_model(path: Path) -> TradeoffModel:
    return TradeoffModel.load(path)


# ------------------------------------------------------------------------------ training data
@dataclass
class TradeoffData:
    """The candidates of some answers, featurised and labelled.

    `y`: 1 when a gold tradeoff span overlaps the candidate. `pairs` maps candidates to the
    gold sentences (global indices over the answers' sentences) holding the cues its span would
    carry, `gold_sentences` flags the gold tradeoff sentences: enough to score at the sentence
    level exactly as `span_eval` does (a sentence is predicted when a cue of a predicted span
    starts in it), for any threshold.
    """

    X: SentenceFeatures
    y: np.ndarray
    dense_names: list[str]
    rule_kinds: list[str | None]
    pairs: np.ndarray  # (k, 2): candidate, sentence
    gold_sentences: np.ndarray

    @property
    def rules(self) -> np.ndarray:
        """The rules' decision on each candidate."""
        return np.array([k is not None for k in self.rule_kinds], dtype=bool)

    def sentence_scores(self, positive: np.ndarray) -> tuple[float, float, float]:
        """Sentence-level precision, recall and F1 of a decision on each candidate."""
        predicted = np.zeros(len(self.gold_sentences), dtype=bool)
        if len(self.pairs):
            predicted[self.pairs[positive[self.pairs[:, 0]], 1]] = True
        tp = int((predicted & self.gold_sentences).sum())
        n_pred, n_gold = int(predicted.sum()), int(self.gold_sentences.sum())
        p = tp / n_pred if n_pred else 1.0
        r = tp / n_gold if n_gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def subset(self, keep: np.ndarray) -> TradeoffData:
        """The candidates where `keep` (a boolean mask over candidates) holds."""
        index = np.full(self.X.n, -1, dtype=np.int64)
        index[keep] = np.arange(int(keep.sum()))
        in_rows = keep[self.X.rows]
        X = SentenceFeatures(int(keep.sum()), index[self.X.rows[in_rows]], self.X.cols[in_rows],
                             self.X.dense[keep])
        pairs = self.pairs[keep[self.pairs[:, 0]]].copy()
        pairs[:, 0] = index[pairs[:, 0]]
        return TradeoffData(X, self.y[keep], self.dense_names,
                            [k for k, flag in zip(self.rule_kinds, keep.tolist(), strict=True) if flag],
                            pairs, self.gold_sentences)


def _finder(nlp: Language) -> TradeoffFinder:
    """The pipeline's `star_tradeoffs`, or one with the packaged rules (and no model)."""
    from ..components.tradeoffs import TradeoffFinder, make_tradeoffs

    if "star_tradeoffs" in nlp.pipe_names:
        finder = nlp.get_pipe("star_tradeoffs")
        if isinstance(finder, TradeoffFinder):
            return finder
    return make_tradeoffs(nlp, "star_tradeoffs", "star_tradeoffs", model_path="")


def _analysed_docs(nlp: Language, texts: list[str]) -> list[Doc]:
    """The docs as `star_tradeoffs` sees them: the pipes before it (all but the later
    analysis pipes when it is absent)."""
    names = list(nlp.pipe_names)
    if "star_tradeoffs" in names:
        names = names[: names.index("star_tradeoffs")]
    else:
        names = [n for n in names if n not in ("star_cues", "star_roles")]
    with nlp.select_pipes(enable=names):
        return list(nlp.pipe(texts))


def candidate_labels(doc: Doc, candidates: Sequence[Candidate], answer: CorpusAnswer) -> list[int]:
    """1 when a gold tradeoff span overlaps the candidate's characters."""
    gold = [(g.start, g.end) for g in answer.tradeoff_spans()]
    labels = []
    for c in candidates:
        start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
        labels.append(int(any(start < g_end and g_start < end for g_start, g_end in gold)))
    return labels


def tradeoff_data(nlp: Language, answers: Sequence[CorpusAnswer],
                  options: FeatureOptions = DEFAULT_OPTIONS) -> TradeoffData:
    """Run the pipeline up to `star_tradeoffs` and featurise its rule candidates."""

    finder = _finder(nlp)
    featurizer = TradeoffFeaturizer(finder.cue_labels, options)
    docs = _analysed_docs(nlp, [a.text for a in answers])
    candidates = [finder.candidates(doc) for doc in docs]
    y: list[int] = []
    pairs: list[tuple[int, int]] = []
    gold_sentences: list[bool] = []
    n = 0
    for doc, cands, answer in zip(docs, candidates, answers, strict=True):
        y.extend(candidate_labels(doc, cands, answer))
        sents = answer.sentence_spans()
        starts = [s.start for s in sents]
        gold = [(g.start, g.end) for g in answer.tradeoff_spans()]
        first = len(gold_sentences)
        gold_sentences.extend(any(s.start < b and a < s.end for a, b in gold) for s in sents)
        for c in cands:
            for token in sorted({start for _, start, _ in finder.span_kind(c)[1]}):
                char = doc[token].idx
                k = int(np.searchsorted(starts, char, side="right")) - 1
                if k >= 0 and char < sents[k].end:
                    pairs.append((n, first + k))
            n += 1
    return TradeoffData(
        featurizer.transform(docs, candidates), np.array(y, dtype=np.int64),
        featurizer.dense_names, [c.kind for cands in candidates for c in cands],
        np.array(pairs, dtype=np.int64).reshape(-1, 2), np.array(gold_sentences, dtype=bool),
    )


def fit_tradeoff_model(nlp: Language, answers: Sequence[CorpusAnswer], C: float = DEFAULT_C,
                       threshold: float = DEFAULT_THRESHOLD,
                       options: FeatureOptions = DEFAULT_OPTIONS) -> TradeoffModel:
    """Fit the classifier on the rule candidates of `answers` (train + dev in `starcheck train`).

    `nlp` is the pipeline the component runs in: only the pipes before `star_tradeoffs` run,
    and the candidates come from its rules (a model it has loaded plays no part), so fitting
    is the same with or without an existing `tradeoffs.npz`.
    """
    data = tradeoff_data(nlp, answers, options)
    model = TradeoffModel(C=C, threshold=threshold, options=options)
    model.fit(data.X, data.y, data.dense_names)
    model.rules_sha256 = rules_sha256(_finder(nlp).rules_text)
    return model


# ------------------------------------------------------------------------------ model choice
def cross_validate(nlp: Language, answers: Sequence[CorpusAnswer],
                   options: FeatureOptions = DEFAULT_OPTIONS, Cs: Sequence[float] = C_GRID,
                   thresholds: Sequence[float] = THRESHOLD_GRID,
                   vetoes: Sequence[float] = VETO_GRID) -> dict[str, tuple[float, float, float]]:
    """Sentence-level P/R/F1 of out-of-fold predictions over `answers` ("rules" = the rules
    alone), for every C, threshold and veto (veto = threshold: the probability alone)."""
    data = tradeoff_data(nlp, answers, options)
    fold = np.array([fold_of(a.id) for a in answers])
    # the answer of each candidate, from the doc boundaries of the feature matrix
    cand_answer = np.repeat(np.arange(len(answers)), np.diff(data.X.doc_starts))
    cand_fold = fold[cand_answer]
    results = {"rules": data.sentence_scores(data.rules)}
    for C in Cs:
        proba = np.zeros(data.X.n)
        for k in range(N_FOLDS):
            held = cand_fold == k
            train = data.subset(~held)
            model = TradeoffModel(C=C, options=options).fit(train.X, train.y, train.dense_names)
            proba[held] = model.predict_proba(data.subset(held).X, data.dense_names)
        rules = data.rules
        for threshold in thresholds:
            for veto in (threshold, *(v for v in vetoes if v < threshold)):
                decision = np.where(rules, proba >= veto, proba >= threshold)
                results[f"C={C},threshold={threshold},veto={veto}"] = data.sentence_scores(decision)
    return results


def main(argv: list[str] | None = None) -> int:
    from ..pipeline import build_pipeline
    from .artifacts import default_model_dir

    parser = argparse.ArgumentParser(description="Fit the tradeoff classifier (or choose C and "
                                                 "the threshold by cross-validation).")
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--cv", action="store_true",
                        help="5-fold cross-validation over train+dev; writes nothing")
    parser.add_argument("--no-ngrams", dest="ngrams", action="store_false",
                        help="without the hashed lemma n-grams")
    parser.add_argument("--out", type=Path, default=None, help="default: models/tradeoffs.npz")
    args = parser.parse_args(argv)
    nlp = build_pipeline(roles=False)
    options = FeatureOptions(ngrams=args.ngrams)
    answers = [*load_corpus(args.data, "train"), *load_corpus(args.data, "dev")]  # never test
    if args.cv:
        for name, (p, r, f) in cross_validate(nlp, answers, options).items():
            print(f"{name:<26} P={p:.3f} R={r:.3f} F1={f:.3f}")
        return 0
    model = fit_tradeoff_model(nlp, answers, options=options)
    out = args.out or default_model_dir() / TRADEOFF_FILE
    model.save(out)
    print(f"wrote {out} ({len(answers)} answers, {len(model.columns_)} columns)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
