"""Calibrate the rubric to the labelled corpus: criterion weights, caps and letter cut points.

    python -m starcheck.learn.calibrate [--data data] [--write]

1. Grade every train and dev answer once and keep each criterion's fraction (0-1), the
   predicted kind and the word count. The fractions do not depend on the weights, caps or cut
   points, so everything below is fitted on these arrays. The answers are analysed out of fold:
   the shipped role and tradeoff models were trained on them, so each fold is analysed with the
   two refitted on the other folds (`out_of_fold_docs`), and the rubric learns from roles as
   imperfect as those of unseen answers.
2. Weights: non-negative, fitted by one of `METHODS`, either bounded least
   squares of the gold grade (1-5) on the fractions with a free intercept, or a cumulative-logit
   (ordinal logistic) model with non-negative coefficients; each on story answers only or on
   all answers. The weights are scaled to sum to 8 (a mean of 1), so a profile that overrides
   one weight keeps its meaning, and none is under `MIN_WEIGHT` (0.25): a criterion the Report
   shows always counts. The score is their weighted average (0-100), an affine
   function of the fitted linear predictor, so nothing is lost by the scaling.
3. Caps: an `approach` answer scores at most `kind_caps.approach`, placed inside the C band
   (never B or above: the guarantee); a `not_an_answer` text and a keyword-stuffed answer at
   most `kind_caps.not_an_answer` / `kind_caps.stuffed`, just under the D cut (always F); an
   answer under `length.short_words` words at most `length.short_cap`, inside the C band.
   Where in the band is chosen by the fit (QWK on the answers it is fitted on).
4. Cut points: with the capped scores, the four cut points D < C < B < A that maximise the
   quadratic weighted kappa (QWK) between letter (A=5 ... F=1) and gold grade, by coordinate
   ascent over the midpoints between scores (the middle of each best plateau).
5. The method and `length.full_words` (from `FULL_WORDS_GRID`: where the delivery criterion's
   length fit reaches full marks, so the answers are graded again for each value) are chosen
   together by 5-fold cross-validation over train+dev (the hash folds of `starcheck train`):
   steps 2-4 fitted on four folds grade the fifth, and the pooled out-of-fold letters and
   scores are compared (QWK, then Spearman). The dev split alone (139 answers) was too few: in
   a bootstrap of it the chosen setting won only a quarter of the resamples. The shipped
   values are then fitted on all of train+dev. `length.min_words`, below which STAR702
   warns, is advice and is not fitted. The test split is never read here; `bench/calibration.py` reports it.

`--write` puts the fitted values into `rubric/profiles/default.toml` (the other profiles
extend it).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from scipy.optimize import lsq_linear, minimize
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score, confusion_matrix

from ..rubric.config import CRITERIA, RubricConfig
from .corpus import CorpusAnswer, corpus_sha256, load_corpus

LETTER_VALUE = {"A": 5, "B": 4, "C": 3, "D": 2, "F": 1}
GRADES = (1, 2, 3, 4, 5)
WEIGHT_SUM = 8.0
# Every criterion the Report shows counts for something: at least 1/32 of the score. (Criteria that
# read the same roles are collinear, and a free fit may zero one of them, e.g. structure.)
MIN_WEIGHT = 0.25
# Methods for the weights: (estimator, which answers it is fitted on, L2 strength).
METHODS: dict[str, tuple[str, str, float]] = {
    "lsq-story": ("lsq", "story", 0.0),
    "lsq-all": ("lsq", "all", 0.0),
    "ordinal-story": ("ordinal", "story", 0.01),
    "ordinal-all": ("ordinal", "all", 0.01),
}
# Where the delivery criterion's length fit reaches full marks (length.full_words).
FULL_WORDS_GRID = (100, 130, 160, 200)
# Where a cap sits inside the C band: C cut + position * (B cut - C cut).
CAP_POSITIONS = (0.0, 0.25, 0.5, 0.75, 0.95)


@dataclass
class Graded:
    """The inputs of the score for a set of answers, as arrays."""

    ids: list[str]
    fractions: np.ndarray  # (n, len(CRITERIA))
    kinds: np.ndarray
    words: np.ndarray
    stuffed: np.ndarray  # bool: two or more signs of keyword stuffing
    gold: np.ndarray

    def subset(self, mask: np.ndarray) -> Graded:
        return Graded([i for i, keep in zip(self.ids, mask, strict=True) if keep], self.fractions[mask],
                      self.kinds[mask], self.words[mask], self.stuffed[mask], self.gold[mask])


@dataclass
class Fit:
    method: str
    weights: dict[str, float]
    cuts: dict[str, float]  # A, B, C, D
    caps: dict[str, float]  # approach, not_an_answer, stuffed, short
    full_words: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)

    def config(self, base: RubricConfig) -> RubricConfig:
        data = base.model_dump()
        data["weights"] = dict(self.weights)
        data["grades"] = dict(self.cuts)
        data["kind_caps"] = {k: self.caps[k] for k in ("approach", "not_an_answer", "stuffed")}
        data["length"] = {**data["length"], "short_cap": self.caps["short"], "full_words": self.full_words}
        return RubricConfig.model_validate(data)


# -- grading the corpus -------------------------------------------------------------------

def analyse(answers: Sequence[CorpusAnswer], config: RubricConfig, nlp=None) -> Graded:
    """Grade each answer once with `nlp` (the shipped pipeline by default)."""
    from ..pipeline import build_pipeline
    from ..rubric.view import build_view

    nlp = nlp or build_pipeline()
    return analyse_views(answers, [build_view(doc) for doc in nlp.pipe((a.text for a in answers), batch_size=64)],
                         config)


def analyse_views(answers: Sequence[CorpusAnswer], views: Sequence, config: RubricConfig) -> Graded:
    """Each answer's criterion fractions, kind and length under `config`, from its view (built
    once: only the criteria depend on the config)."""
    from ..rubric.criteria import is_stuffed, stuffing_signals
    from ..rubric.grade import score_criteria

    rows, kinds, words, stuffed = [], [], [], []
    for view in views:
        by_id = {c.id: c.score / c.max for c in score_criteria(view, config)}
        rows.append([by_id[c] for c in CRITERIA])
        kinds.append(view.kind)
        words.append(view.word_count)
        stuffed.append(is_stuffed(stuffing_signals(view)))
    return Graded(ids=[a.id for a in answers], fractions=np.array(rows, dtype=float).reshape(-1, len(CRITERIA)),
                  kinds=np.array(kinds), words=np.array(words, dtype=int), stuffed=np.array(stuffed, dtype=bool),
                  gold=np.array([a.grade for a in answers]))


def out_of_fold_docs(answers: Sequence[CorpusAnswer], nlp, log=print) -> list:
    """Each answer analysed by learned models that never saw it (5 folds, as `starcheck train`).

    The shipped role and tradeoff models were fitted on train+dev, so on those answers they are
    close to perfect; a rubric fitted to such roles would over-trust the criteria that read them.
    Here each fold is analysed with a role tagger and a tradeoff classifier refitted on the other
    four folds with the shipped settings (manifest.json). The kind model stays the shipped one: it
    was itself fitted on out-of-fold role probabilities. `nlp` is left as it was.
    """
    from ..pipeline import build_pipeline
    from .corpus import N_FOLDS, fold_of
    from .features import SentenceFeaturizer
    from .tradeoff_model import fit_tradeoff_model
    from .train import fit_roles, prepare

    labeller, tradeoffs = nlp.get_pipe("star_roles"), nlp.get_pipe("star_tradeoffs")
    shipped_models, shipped_tradeoffs = labeller.models, tradeoffs.model
    settings = shipped_models.manifest["training"]
    before_roles = build_pipeline(roles=False)
    featurizer = SentenceFeaturizer(before_roles.get_pipe("star_cues").categories)
    docs: list = [None] * len(answers)
    try:
        for fold in range(N_FOLDS):
            held = [i for i, a in enumerate(answers) if fold_of(a.id) == fold]
            rest = [a for a in answers if fold_of(a.id) != fold]
            log(f"  fold {fold + 1}/{N_FOLDS}: refitting on {len(rest)} answers, analysing {len(held)}")
            tradeoff_model = fit_tradeoff_model(before_roles, rest)
            before_roles.get_pipe("star_tradeoffs").set_model(tradeoff_model)
            tagger = fit_roles(prepare(before_roles, featurizer, rest), settings["role_params"]["C"],
                               settings["role_params"]["transition_weight"], settings["context_C"])
            tradeoffs.set_model(tradeoff_model)
            labeller.models = replace(shipped_models, roles=tagger)
            for i, doc in zip(held, nlp.pipe((answers[i].text for i in held), batch_size=64), strict=True):
                docs[i] = doc
    finally:
        labeller.models = shipped_models
        tradeoffs.set_model(shipped_tradeoffs)
    return docs


# -- the score, as grade() computes it ------------------------------------------------------

def scores(graded: Graded, weights: dict[str, float], caps: dict[str, float], short_words: int) -> np.ndarray:
    """Vectorised `rubric.grade.overall`: weighted average, kind and length caps, 1 decimal."""
    w = np.array([weights[c] for c in CRITERIA])
    points = np.round(graded.fractions * 10.0, 2) / 10.0
    raw = 100.0 * points @ w / (w.sum() or 1.0)
    cap = np.full(len(raw), 100.0)
    cap = np.where(graded.kinds == "approach", caps["approach"], cap)
    cap = np.where(graded.kinds == "not_an_answer", caps["not_an_answer"], cap)
    cap = np.where(graded.words < short_words, np.minimum(cap, caps["short"]), cap)
    cap = np.where(graded.stuffed, np.minimum(cap, caps["stuffed"]), cap)
    return np.round(np.minimum(raw, cap), 1)


def letter_values(values: np.ndarray, cuts: dict[str, float]) -> np.ndarray:
    """A=5 ... F=1 from the cut points (a score equal to a cut gets that letter)."""
    out = np.ones(len(values), dtype=int)
    for value, letter in ((2, "D"), (3, "C"), (4, "B"), (5, "A")):
        out = np.where(values >= cuts[letter], value, out)
    return out


def qwk(gold: np.ndarray, predicted: np.ndarray) -> float:
    return float(cohen_kappa_score(gold, predicted, weights="quadratic", labels=list(GRADES)))


def spearman(values: np.ndarray, gold: np.ndarray) -> float:
    return float(spearmanr(values, gold).statistic)


def evaluate(graded: Graded, config: RubricConfig) -> dict:
    """QWK, Spearman and the confusion table (rows gold 1-5, columns letter F..A) for a config."""
    weights = config.weights.model_dump()
    caps = {"approach": config.kind_caps.approach, "not_an_answer": config.kind_caps.not_an_answer,
            "stuffed": config.kind_caps.stuffed, "short": config.length.short_cap}
    values = scores(graded, weights, caps, config.length.short_words)
    return agreement(graded.gold, values, letter_values(values, config.grades.model_dump()))


def agreement(gold: np.ndarray, values: np.ndarray, letters: np.ndarray) -> dict:
    """How scores and letters agree with the gold grades."""
    return {
        "n": len(gold),
        "qwk": qwk(gold, letters),
        "spearman": spearman(values, gold),
        "exact": float(np.mean(letters == gold)),
        "within_one": float(np.mean(np.abs(letters - gold) <= 1)),
        "confusion": confusion_matrix(gold, letters, labels=list(GRADES)).tolist(),
    }


# -- fitting --------------------------------------------------------------------------------

def fit_lsq(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Non-negative least squares of y on x with a free intercept."""
    design = np.hstack([x, np.ones((len(x), 1))])
    lower = [0.0] * x.shape[1] + [-np.inf]
    upper = [np.inf] * (x.shape[1] + 1)
    return lsq_linear(design, y.astype(float), bounds=(lower, upper)).x[:-1]


def fit_ordinal(x: np.ndarray, y: np.ndarray, l2: float = 0.01) -> np.ndarray:
    """Cumulative-logit model P(y <= k) = sigmoid(theta_k - x @ beta), beta >= 0; returns beta."""
    n_features = x.shape[1]
    levels = np.array(GRADES)
    index = np.searchsorted(levels, y)

    def unpack(params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        beta = params[:n_features]
        theta = params[n_features] + np.concatenate([[0.0], np.cumsum(np.exp(params[n_features + 1:]))])
        return beta, theta

    def loss(params: np.ndarray) -> float:
        beta, theta = unpack(params)
        eta = x @ beta
        upper = np.concatenate([theta, [np.inf]])[index] - eta
        lower = np.concatenate([[-np.inf], theta])[index] - eta
        probability = _sigmoid(upper) - _sigmoid(lower)
        return float(-np.sum(np.log(np.clip(probability, 1e-12, None))) + l2 * beta @ beta)

    start = np.concatenate([np.ones(n_features), [1.0], np.zeros(len(levels) - 2)])
    bounds = [(0.0, None)] * n_features + [(None, None)] * (len(levels) - 1)
    result = minimize(loss, start, method="L-BFGS-B", bounds=bounds)
    return unpack(result.x)[0]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def fit_cut_points(values: np.ndarray, gold: np.ndarray, rounds: int = 8) -> dict[str, float]:
    """The cut points (A, B, C, D) that maximise QWK on these scores, by coordinate ascent.

    Candidates are the midpoints between neighbouring distinct scores; of a plateau of equally
    good candidates the middle one is taken, the farthest from the answers on either side.
    """
    unique = np.unique(values)
    candidates = np.round((unique[:-1] + unique[1:]) / 2, 2) if len(unique) > 1 else unique
    # start from the gold grade distribution: the same share of answers under each cut
    shares = np.cumsum([np.mean(gold == g) for g in GRADES])[:4]
    cuts = np.quantile(values, shares)  # D, C, B, A
    best = fast_qwk(gold, _letters_from(values, cuts))
    for _ in range(rounds):
        improved = False
        for j in range(4):
            low = cuts[j - 1] if j > 0 else -np.inf
            high = cuts[j + 1] if j < 3 else np.inf
            allowed = candidates[(candidates >= low) & (candidates <= high)]
            if not len(allowed):
                continue
            results = np.empty(len(allowed))
            trial = cuts.copy()
            for k, candidate in enumerate(allowed):
                trial[j] = candidate
                results[k] = fast_qwk(gold, _letters_from(values, trial))
            top = results.max()
            if top >= best - 1e-12:
                plateau = allowed[results >= top - 1e-12]
                cuts[j] = float(plateau[len(plateau) // 2])
                improved = improved or top > best + 1e-12
                best = max(best, top)
        if not improved:
            break
    d, c, b, a = (round(float(v), 1) for v in cuts)
    return {"A": a, "B": b, "C": c, "D": d}


_QWK_WEIGHTS = (np.subtract.outer(np.arange(5), np.arange(5)) ** 2) / 16.0


def fast_qwk(gold: np.ndarray, predicted: np.ndarray) -> float:
    """Quadratic weighted kappa over grades 1-5 (same value as sklearn's, much cheaper)."""
    observed = np.bincount((gold - 1) * 5 + (predicted - 1), minlength=25).reshape(5, 5).astype(float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / max(observed.sum(), 1.0)
    denominator = float((_QWK_WEIGHTS * expected).sum())
    return 1.0 - float((_QWK_WEIGHTS * observed).sum()) / denominator if denominator else 0.0


def _letters_from(values: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    return 1 + np.searchsorted(np.asarray(cuts), values, side="right")


def scaled_weights(beta: np.ndarray) -> dict[str, float]:
    """The fitted coefficients scaled to sum to `WEIGHT_SUM`, none under `MIN_WEIGHT`."""
    beta = np.asarray(beta, dtype=float)
    if beta.sum() <= 0:
        beta = np.ones(len(CRITERIA))
    weights = beta * WEIGHT_SUM / beta.sum()
    low = np.zeros(len(weights), dtype=bool)
    while (weights[~low] < MIN_WEIGHT).any():  # floor the small ones; the rest share what is left
        low |= weights < MIN_WEIGHT
        weights[low] = MIN_WEIGHT
        weights[~low] *= (WEIGHT_SUM - MIN_WEIGHT * low.sum()) / weights[~low].sum()
    return {c: round(float(w), 3) for c, w in zip(CRITERIA, weights, strict=True)}


def fit_method(method: str, train: Graded, short_words: int, full_words: int) -> Fit:
    """Weights by `method`, then caps and cut points, all fitted on `train` (the answers given)."""
    estimator, population, l2 = METHODS[method]
    subset = train.subset(train.kinds == "story") if population == "story" else train
    beta = fit_lsq(subset.fractions, subset.gold) if estimator == "lsq" else fit_ordinal(
        subset.fractions, subset.gold, l2)
    weights = scaled_weights(beta)

    def fit_at(approach_at: float, short_at: float) -> tuple[tuple[float, float], Fit]:
        caps = {"approach": 100.0, "not_an_answer": 100.0, "stuffed": 100.0, "short": 100.0}
        cuts = fit_cut_points(scores(train, weights, caps, short_words), train.gold)
        for _ in range(3):  # the caps depend on the cuts, and the cuts on the capped scores
            caps = place_caps(cuts, approach_at, short_at)
            cuts = fit_cut_points(scores(train, weights, caps, short_words), train.gold)
        caps = place_caps(cuts, approach_at, short_at)
        values = scores(train, weights, caps, short_words)
        key = (round(fast_qwk(train.gold, letter_values(values, cuts)), 4), spearman(values, train.gold))
        return key, Fit(method, weights, cuts, caps, full_words)

    # the approach cap first (with the short cap mid-band), then the short cap
    approach_at = max(CAP_POSITIONS, key=lambda p: fit_at(p, 0.5)[0])
    return max((fit_at(approach_at, p) for p in CAP_POSITIONS), key=lambda pair: pair[0])[1]


def place_caps(cuts: dict[str, float], approach_at: float, short_at: float) -> dict[str, float]:
    band = cuts["B"] - cuts["C"]
    return {
        "approach": round(min(cuts["C"] + approach_at * band, cuts["B"] - 0.1), 1),
        "not_an_answer": round(max(cuts["D"] - 0.1, 0.0), 1),
        "stuffed": round(max(cuts["D"] - 0.1, 0.0), 1),
        "short": round(min(cuts["C"] + short_at * band, cuts["B"] - 0.1), 1),
    }


def calibrate(data_dir: Path, base: RubricConfig | None = None, nlp=None,
              methods: Sequence[str] = tuple(METHODS),
              full_words_grid: Sequence[int] = FULL_WORDS_GRID,
              log=print) -> tuple[Fit, list[Fit]]:
    """Fit every method at every full_words on train+dev and choose one by 5-fold
    cross-validation over them; returns (chosen, all fits).

    Each fit's `metrics`: "cv", the pooled out-of-fold figures the choice reads; "dev", the fit
    on all of train+dev graded on the dev split (in sample, printed for the record).
    Train and dev are analysed out of fold (`out_of_fold_docs`), as unseen text is at run time.
    """
    from ..pipeline import build_pipeline
    from ..rubric.view import build_view
    from .corpus import N_FOLDS, fold_of

    base = base or RubricConfig.profile("default")
    nlp = nlp or build_pipeline()
    train_answers, dev_answers = load_corpus(data_dir, "train"), load_corpus(data_dir, "dev")
    answers = [*train_answers, *dev_answers]
    views = [build_view(doc) for doc in out_of_fold_docs(answers, nlp, log)]
    fold = np.array([fold_of(a.id) for a in answers])
    is_train = np.arange(len(answers)) < len(train_answers)
    fits = []
    for full_words in full_words_grid:
        graded = analyse_views(answers, views, with_full_words(base, full_words))
        for method in methods:
            fit = fit_method(method, graded, base.length.short_words, full_words)
            config = fit.config(base)
            fit.metrics = {"cv": cross_validate(method, graded, fold, base, full_words, N_FOLDS),
                           "dev": evaluate(graded.subset(~is_train), config)}
            fits.append(fit)
    chosen = max(fits, key=lambda f: (round(f.metrics["cv"]["qwk"], 3), f.metrics["cv"]["spearman"]))
    return chosen, fits


def cross_validate(method: str, graded: Graded, fold: np.ndarray, base: RubricConfig,
                   full_words: int, n_folds: int) -> dict:
    """The `agreement` of the out-of-fold scores and letters, pooled: each fold graded by
    weights, caps and cut points fitted on the others."""
    values = np.zeros(len(graded.gold))
    letters = np.zeros(len(graded.gold), dtype=int)
    for k in range(n_folds):
        held = fold == k
        fit = fit_method(method, graded.subset(~held), base.length.short_words, full_words)
        values[held] = scores(graded.subset(held), fit.weights, fit.caps, base.length.short_words)
        letters[held] = letter_values(values[held], fit.cuts)
    return agreement(graded.gold, values, letters)


def with_full_words(base: RubricConfig, full_words: int) -> RubricConfig:
    data = base.model_dump()
    data["length"]["full_words"] = full_words
    return RubricConfig.model_validate(data)


# -- writing the profile -------------------------------------------------------------------

def profile_text(fit: Fit, base: RubricConfig, data_dir: Path) -> str:
    cv = fit.metrics["cv"]
    lines = [
        "# The default rubric. [weights], [grades], [kind_caps], length.full_words and length.short_cap",
        "# are fitted to the labelled corpus by `python -m starcheck.learn.calibrate --write`",
        "# (docs/rubric.md).",
        f"# corpus sha256[:16] {corpus_sha256(data_dir)[:16]}; method {fit.method};",
        f"# fitted on train+dev; 5-fold cross-validated n={cv['n']} QWK {cv['qwk']:.3f}"
        f" Spearman {cv['spearman']:.3f}.",
        f'name = "{base.name}"',
        f'description = "{base.description}"',
        "",
        "[weights]",
        *(f"{c} = {fit.weights[c]}" for c in CRITERIA),
        "",
        "[grades]",
        *(f"{letter} = {fit.cuts[letter]}" for letter in ("A", "B", "C", "D")),
        "",
        "[kind_caps]",
        f"approach = {fit.caps['approach']}",
        f"not_an_answer = {fit.caps['not_an_answer']}",
        f"stuffed = {fit.caps['stuffed']}",
        "",
        "[length]",
        f"full_words = {fit.full_words}",
        f"short_words = {base.length.short_words}",
        f"short_cap = {fit.caps['short']}",
    ]
    return "\n".join(lines) + "\n"


def default_profile_path() -> Path:
    return Path(__file__).resolve().parents[1] / "rubric" / "profiles" / "default.toml"


def _format(metrics: dict) -> str:
    return f"QWK {metrics['qwk']:.3f}  Spearman {metrics['spearman']:.3f}  exact {metrics['exact']:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the rubric's weights, caps and cut points.")
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--write", action="store_true", help="write the fit into profiles/default.toml")
    args = parser.parse_args(argv)
    base = RubricConfig.profile("default")
    chosen, fits = calibrate(args.data, base)
    for fit in fits:
        mark = "*" if fit is chosen else " "
        print(f"{mark} {fit.method:<14} full_words {fit.full_words:<4} "
              f"5-fold {_format(fit.metrics['cv'])}   dev (in sample) {_format(fit.metrics['dev'])}")
    print(f"chosen: {chosen.method}, full_words {chosen.full_words}")
    print("weights:", chosen.weights)
    print("cuts:", chosen.cuts, "caps:", chosen.caps)
    if args.write:
        path = default_profile_path()
        path.write_text(profile_text(chosen, base, args.data), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
