"""How well the rubric's letter grades and scores agree with the corpus's gold grades (1-5).

Grades the test split (never used for fitting: `starcheck.learn.calibrate` fits on train+dev
and chooses by cross-validation over them) with the shipped default profile, through the public `Scorer`, and prints
quadratic weighted kappa between letter (A=5, B=4, C=3, D=2, F=1) and gold grade, Spearman
between score and gold grade, and the confusion table. Targets: QWK >= 0.80, Spearman >= 0.85.

    python bench/calibration.py [--split test|dev|train] [--rubric PROFILE_OR_FILE] [--json]
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from _common import ROOT

TARGETS = {"qwk": 0.80, "spearman": 0.85}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="test", choices=("test", "dev", "train"))
    parser.add_argument("--rubric", default=None, help="profile name or TOML file (default: default)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    import starcheck
    from starcheck.learn.calibrate import GRADES, LETTER_VALUE, fast_qwk, spearman
    from starcheck.learn.corpus import load_corpus

    answers = load_corpus(ROOT / "data", args.split)
    reports = list(starcheck.Scorer(args.rubric).score_many([a.text for a in answers]))
    gold = np.array([a.grade for a in answers])
    letters = np.array([LETTER_VALUE[r.grade] for r in reports])
    values = np.array([r.score for r in reports])
    table = np.zeros((5, 5), dtype=int)
    np.add.at(table, (gold - 1, letters - 1), 1)
    figures = {
        "split": args.split, "n": len(answers),
        "qwk": round(fast_qwk(gold, letters), 4),
        "spearman": round(spearman(values, gold), 4),
        "exact": round(float(np.mean(letters == gold)), 4),
        "within_one": round(float(np.mean(np.abs(letters - gold) <= 1)), 4),
        "confusion": table.tolist(),
    }
    by_kind = {}
    for kind in ("story", "approach", "not_an_answer"):
        mask = np.array([a.kind == kind for a in answers])
        if mask.any():
            error = float(np.mean(np.abs(letters - gold)[mask]))
            by_kind[kind] = {"n": int(mask.sum()), "mean_abs_error": round(error, 3)}
    figures["by_gold_kind"] = by_kind
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"split: {args.split} ({len(answers)} answers), rubric: {args.rubric or 'default'}")
    for key, target in TARGETS.items():
        status = "ok" if figures[key] >= target else "BELOW TARGET"
        print(f"{key:<9} {figures[key]:.3f}   target >= {target:.2f}   {status}")
    print(f"exact    {figures['exact']:.3f}   within one grade {figures['within_one']:.3f}")
    print("\nconfusion (rows: gold grade; columns: our letter as 1-5)")
    print("gold\\ours " + "".join(f"{'FDCBA'[g - 1]}={g:<4}" for g in GRADES))
    for g in GRADES:
        print(f"{g:>9} " + "".join(f"{n:<6}" for n in table[g - 1]))
    print("\nmean |letter - gold| by gold kind:",
          ", ".join(f"{k} {v['mean_abs_error']} (n={v['n']})" for k, v in by_kind.items()))


if __name__ == "__main__":
    main()
