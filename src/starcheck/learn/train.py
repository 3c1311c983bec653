"""`starcheck train`: rebuild `models/` from `data/`, deterministically.

1. Run the pipeline without the role model over every answer; label each of our sentences with
   the gold role that covers most of its characters.
2. Choose C and the transition weight on the dev split (role macro-F1 of the decoded model,
   without the second stage: the grid would cost six fits a point).
3. Fit the role tagger on train+dev with those settings, its second stage included
   (`CONTEXT_C`; the dev figure of both stages, fitted on train, goes into the manifest).
0. Fit the tradeoff sentence classifier (train+dev) and put it in the pipeline.
4. Fit the kind classifier on answer features built from *out-of-fold* role probabilities
   (5 folds), so it learns from probabilities as uncertain as the ones it will see; its C is
   the one with the best 5-fold accuracy on those rows (few `not_an_answer` answers carry
   large balanced weights, so a loose C learns their incidental words).
5. Write roles.npz, kind.npz, tradeoffs.npz and manifest.json (checksums, data hash, command, metrics).

The test split is never read here.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy
import sklearn
import spacy
from spacy.language import Language

from ..components.data_files import sha256_file
from ..components.roles import content_sentences, word_count
from .artifacts import KIND_FILE, MANIFEST, ROLE_FILE
from .corpus import N_FOLDS, CorpusAnswer, corpus_sha256, fold_of, load_corpus
from .features import N_HASH_BITS, SentenceFeatures, SentenceFeaturizer
from .kind_model import KindClassifier, answer_feature_names, answer_features
from .metrics import f1_from_counts, macro_f1, merge_runs, segment_counts
from .role_model import RoleTagger
from .tradeoff_model import TRADEOFF_FILE, fit_tradeoff_model

C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0)
TRANSITION_GRID = (0.25, 0.5, 1.0)
KIND_C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
# The second stage's C (role_model / context.py), chosen once by 5-fold macro-F1 over train+dev
# (corpus of 846 answers: 0.1 -> 0.908, 0.3 -> 0.910, 1.0 -> 0.911, 3.0 -> 0.910); flat near 1.
CONTEXT_C = 1.0


@dataclass
class Prepared:
    """One answer, run through the pipeline and featurised."""

    answer: CorpusAnswer
    X: SentenceFeatures
    roles: list[str]
    n_words: int
    spans: list[tuple[int, int]]


def gold_roles_for(sent_spans: Sequence[tuple[int, int]], answer: CorpusAnswer) -> list[str]:
    """The gold role covering most characters of each (start, end) span; 'other' if none."""
    gold = answer.sentence_spans()
    roles: list[str] = []
    for start, end in sent_spans:
        overlap: dict[str, int] = {}
        for span in gold:
            covered = min(end, span.end) - max(start, span.start)
            if covered > 0:
                overlap[span.label] = overlap.get(span.label, 0) + covered
        roles.append(max(sorted(overlap), key=overlap.__getitem__) if overlap else "other")
    return roles


def sentence_char_spans(sents) -> list[tuple[int, int]]:
    """Each sentence's character span without surrounding whitespace."""
    spans = []
    for sent in sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        spans.append((start, sent.start_char + len(text.rstrip())))
    return spans


def prepare(nlp: Language, featurizer: SentenceFeaturizer,
            answers: Sequence[CorpusAnswer]) -> list[Prepared]:
    prepared = []
    for answer, doc in zip(answers, nlp.pipe(a.text for a in answers), strict=True):
        sents = content_sentences(doc)
        spans = sentence_char_spans(sents)
        n_words = word_count(doc)
        prepared.append(Prepared(answer, featurizer.transform(doc, sents),
                                 gold_roles_for(spans, answer), n_words, spans))
    return prepared


def fit_roles(items: Sequence[Prepared], C: float, transition_weight: float,
              context_C: float | None = CONTEXT_C) -> RoleTagger:
    return RoleTagger(C=C, transition_weight=transition_weight, context_C=context_C).fit(
        [p.X for p in items], [p.roles for p in items]
    )


def tune_roles(train: Sequence[Prepared], dev: Sequence[Prepared],
               log: Callable[[str], None]) -> tuple[float, float, dict[str, float]]:
    """Grid search on dev: C for the classifier, then the transition weight.

    The criterion is the mean of sentence macro-F1 and segment F1: the first rewards each
    sentence's role, the second a coherent labelling of the answer's parts (what decoding is
    for), and both are what `starcheck evaluate` reports.
    """
    gold = [r for p in dev for r in p.roles]
    gold_segments = [merge_runs([(s.start, s.end) for s in p.answer.sentence_spans()], p.answer.roles())
                     for p in dev]
    results: dict[str, float] = {}
    best = (-1.0, C_GRID[0], TRANSITION_GRID[0])
    for C in C_GRID:
        tagger = fit_roles(train, C, 1.0, context_C=None)
        for weight in TRANSITION_GRID:
            tagger.transition_weight = weight
            per_answer = [tagger.predict(p.X) for p in dev]
            sentence_f1 = macro_f1(gold, [r for roles in per_answer for r in roles], tagger.labels)
            counts = [segment_counts(g, merge_runs(p.spans, roles))
                      for g, p, roles in zip(gold_segments, dev, per_answer, strict=True)]
            segment_f1 = f1_from_counts(*(sum(c[i] for c in counts) for i in range(3)))
            score = (sentence_f1 + segment_f1) / 2
            results[f"C={C},w={weight}"] = round(score, 4)
            log(f"  dev C={C:<4} transition_weight={weight:<4} macro-F1 {sentence_f1:.4f}  "
                f"segment F1 {segment_f1:.4f}  mean {score:.4f}")
            if score > best[0] + 1e-9:
                best = (score, C, weight)
    return best[1], best[2], results


def kind_rows(featurizer: SentenceFeaturizer, items: Sequence[Prepared], C: float,
              weight: float) -> np.ndarray:
    """Answer features from out-of-fold role probabilities."""
    rows: list[np.ndarray | None] = [None] * len(items)
    for fold in range(N_FOLDS):
        held = [i for i, p in enumerate(items) if fold_of(p.answer.id) == fold]
        tagger = fit_roles([p for p in items if fold_of(p.answer.id) != fold], C, weight)
        for i in held:
            p = items[i]
            rows[i] = answer_features(p.X.dense, featurizer.dense_names, tagger.tag(p.X)[1], p.n_words)
    return np.vstack(rows)


def tune_kind(X: np.ndarray, kinds: Sequence[str], folds: Sequence[int],
              log: Callable[[str], None]) -> tuple[float, dict[str, float]]:
    """The C of `KIND_C_GRID` with the best cross-validated kind accuracy (the smaller on a tie)."""
    y, fold = np.asarray(kinds), np.asarray(folds)
    grid: dict[str, float] = {}
    for C in KIND_C_GRID:
        correct = 0
        for f in range(N_FOLDS):
            held = fold == f
            model = KindClassifier(C=C).fit(X[~held], y[~held])
            correct += int((np.asarray(model.predict(X[held])) == y[held]).sum())
        grid[str(C)] = round(correct / len(y), 4)
        log(f"  kind C={C:<5} 5-fold accuracy {grid[str(C)]:.4f}")
    best = max(KIND_C_GRID, key=lambda C: (grid[str(C)], -C))
    return best, grid


def train(data_dir: Path, out_dir: Path, nlp: Language,
          log: Callable[[str], None] = print) -> dict:
    """Fit both models from `data_dir` and write them to `out_dir`; return the manifest."""
    cues = nlp.get_pipe("star_cues")
    featurizer = SentenceFeaturizer(cues.categories)
    # the tradeoff classifier first, so the role features see the tradeoff spans they will see at run time
    tradeoff_model = fit_tradeoff_model(nlp, [*load_corpus(data_dir, "train"), *load_corpus(data_dir, "dev")])
    nlp.get_pipe("star_tradeoffs").set_model(tradeoff_model)
    train_set = prepare(nlp, featurizer, load_corpus(data_dir, "train"))
    dev_set = prepare(nlp, featurizer, load_corpus(data_dir, "dev"))
    log(f"train: {len(train_set)} answers, dev: {len(dev_set)} answers")
    C, weight, grid = tune_roles(train_set, dev_set, log)
    log(f"chosen: C={C}, transition_weight={weight}")
    staged = fit_roles(train_set, C, weight)
    dev_gold = [r for p in dev_set for r in p.roles]
    dev_f1 = {name: round(macro_f1(dev_gold, [r for p in dev_set for r in predict(p.X)], staged.labels), 4)
              for name, predict in (("first stage", lambda X: staged.predict(X, decode=False)),
                                    ("decoded", lambda X: staged.predict(X, context=False)),
                                    ("both stages", staged.predict))}
    log(f"dev macro-F1 (fitted on train): {dev_f1}")
    both = [*train_set, *dev_set]
    tagger = fit_roles(both, C, weight)
    X_kind = kind_rows(featurizer, both, C, weight)
    kinds = [p.answer.kind for p in both]
    kind_C, kind_grid = tune_kind(X_kind, kinds, [fold_of(p.answer.id) for p in both], log)
    log(f"chosen: kind C={kind_C}")
    kind = KindClassifier(C=kind_C).fit(X_kind, kinds)

    out_dir.mkdir(parents=True, exist_ok=True)
    tagger.save(out_dir / ROLE_FILE)
    kind.save(out_dir / KIND_FILE)
    tradeoff_model.save(out_dir / TRADEOFF_FILE)
    manifest = {
        "format": 1,
        "files": {name: sha256_file(out_dir / name) for name in (ROLE_FILE, KIND_FILE, TRADEOFF_FILE)},
        "featurizer": {"cue_categories": list(cues.categories), "n_hash_bits": N_HASH_BITS,
                       "dense_features": featurizer.dense_names,
                       "kind_features": answer_feature_names(featurizer.dense_names, tagger.labels)},
        "training": {
            "command": "starcheck train",
            "data_sha256": corpus_sha256(data_dir),
            "answers": {"train": len(train_set), "dev": len(dev_set)},
            "role_params": {"C": C, "transition_weight": weight},
            "kind_params": {"C": kind_C},
            "kind_cv_accuracy": kind_grid,
            "dev_grid_macro_f1": grid,
            "context_C": CONTEXT_C,
            "dev_macro_f1": dev_f1,
            "versions": {"python": platform.python_version(), "numpy": np.__version__,
                         "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
                         "spacy": spacy.__version__},
        },
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest
