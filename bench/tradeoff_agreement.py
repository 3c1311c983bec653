"""How far the tradeoff target is from what a second reader reaches, on the test split.

`data/audit/tradeoffs_blind_test.jsonl` holds a second, blind labelling of the test split's
tradeoff sentences (three helpers, a third of the answers each, one guide): for each answer,
the indices of its sentences (as `CorpusAnswer.sentence_spans` splits them) that express a
tradeoff. The second annotator saw only the question, the sentences
and the guide's tradeoff section with its two hard cases (docs/annotation.md), never the corpus
labels or the model's output. This prints, per sentence, the agreement of that relabel with the
corpus labels, and of the shipped pipeline with each.

    python bench/tradeoff_agreement.py
"""

from __future__ import annotations

import json

import numpy as np
from _common import ROOT

BLIND = ROOT / "data" / "audit" / "tradeoffs_blind_test.jsonl"


def scores(marked: np.ndarray, reference: np.ndarray) -> str:
    tp = int((marked & reference).sum())
    p = tp / max(int(marked.sum()), 1)
    r = tp / max(int(reference.sum()), 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    po = float((marked == reference).mean())
    pe = marked.mean() * reference.mean() + (1 - marked.mean()) * (1 - reference.mean())
    kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
    counts = f"({int(marked.sum())} marked, {int(reference.sum())} in the reference)"
    return f"P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  kappa {kappa:.3f}  {counts}"


def main() -> None:
    from starcheck.learn.corpus import load_corpus
    from starcheck.learn.span_eval import tradeoff_sentences
    from starcheck.pipeline import build_pipeline

    blind = {}
    for line in BLIND.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        blind[row["id"]] = set(row["tradeoffs"])
    answers = [a for a in load_corpus(ROOT / "data", "test") if a.id in blind]
    if len(answers) != len(blind):
        raise SystemExit(f"{BLIND}: ids not in the test split: {sorted(set(blind) - {a.id for a in answers})}")
    gold, second, model = [], [], []
    for answer, doc in zip(answers, build_pipeline().pipe([a.text for a in answers]), strict=True):
        for i, (is_gold, is_predicted) in enumerate(tradeoff_sentences(doc, answer)):  # as evaluate counts
            gold.append(is_gold)
            second.append(i in blind[answer.id])
            model.append(is_predicted)
    g, s, m = (np.array(x, dtype=bool) for x in (gold, second, model))
    print(f"test split: {len(answers)} answers, {len(g)} sentences")
    print(f"second annotator vs corpus labels   {scores(s, g)}")
    print(f"shipped pipeline vs corpus labels   {scores(m, g)}")
    print(f"shipped pipeline vs second annotator {scores(m, s)}")
    both = g & s
    print(f"sentences both annotators mark: {int(both.sum())}, of which the pipeline marks {int((m & both).sum())}")


if __name__ == "__main__":
    main()
