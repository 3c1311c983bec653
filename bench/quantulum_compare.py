"""quantulum3 vs star_quantities on the same labelled spans, precision/recall side by side.

    PYTHONPATH=src python bench/quantulum_compare.py [--split test] [--data data] [--speed]

Two span sets are scored:
- the corpus split (default: test) of `data/corpus/*.jsonl`, every labelled quantity;
- the table of tricky cases in `tests/components/quantity_cases.jsonl` (positives and
  negatives).

A predicted span matches a gold span *exactly* (same characters) or by *overlap* (they share a
character; one-to-one, greedy). quantulum3 is an optional, bench-only dependency: without it
the script says so and exits 0. Its unit-disambiguation classifier is switched off
(`USE_CLF = False`): it is shipped as a pickle that does not load with current scikit-learn,
and unpickling is not something starcheck does; span detection does not depend on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CASES = ROOT / "tests" / "components" / "quantity_cases.jsonl"


def load_sets(data: Path, split: str) -> dict[str, list[tuple[str, list[tuple[int, int]]]]]:
    from starcheck.learn.corpus import load_corpus

    corpus = [
        (a.text, [(q.start, q.end) for q in a.quantity_spans()])
        for a in load_corpus(data, split)
    ]
    cases = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        text, cursor, spans = case["text"], 0, []
        for q in case["quantities"]:
            start = text.index(q["text"], cursor)
            spans.append((start, start + len(q["text"])))
            cursor = start + 1
        cases.append((text, spans))
    return {f"corpus {split} split": corpus, "tricky case list": cases}


def score(pred: list[list[tuple[int, int]]], gold: list[list[tuple[int, int]]]) -> dict:
    from starcheck.learn.span_eval import match_overlap

    n_pred = sum(len(p) for p in pred)
    n_gold = sum(len(g) for g in gold)
    exact = sum(len(set(p) & set(g)) for p, g in zip(pred, gold, strict=True))
    overlap = sum(len(match_overlap(p, g)) for p, g in zip(pred, gold, strict=True))

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return {
        "exact_p": ratio(exact, n_pred), "exact_r": ratio(exact, n_gold),
        "overlap_p": ratio(overlap, n_pred), "overlap_r": ratio(overlap, n_gold),
        "predicted": n_pred, "gold": n_gold,
    }  # fmt: skip


def ours(texts: list[str]) -> list[list[tuple[int, int]]]:
    import spacy

    from starcheck.components import quantities  # noqa: F401 - registers the factory

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_quantities")
    out = []
    for doc in nlp.pipe(texts):
        out.append([(s.start_char, s.end_char) for s in doc.spans["star_quantities"]])
    return out


def quantulum(texts: list[str]) -> list[list[tuple[int, int]]]:
    from quantulum3 import classifier, parser

    classifier.USE_CLF = False
    out = []
    for text in texts:
        try:
            found = parser.parse(text)
        except Exception:
            found = []
        out.append([(q.span[0], q.span[1]) for q in found])
    return out


def speed(data: Path, repeats: int = 5) -> None:
    """Cost of each component as a ratio of the floor (tokenizer + sentencizer), best of N."""
    import spacy

    from starcheck.components import quantities, tradeoffs  # noqa: F401
    from starcheck.learn.corpus import load_corpus

    texts = [a.text for a in load_corpus(data)]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    finders = {name: nlp.add_pipe(name) for name in ("star_quantities", "star_tradeoffs")}

    def best(run) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    floor = best(lambda: list(nlp.pipe(texts, disable=list(finders))))
    docs = list(nlp.pipe(texts, disable=list(finders)))
    print(f"floor: tokenizer + sentencizer on {len(texts)} answers, {floor:.3f}s (best of {repeats})")
    total = 1.0
    for name, finder in finders.items():
        cost = best(lambda finder=finder: [finder(doc) for doc in docs]) / floor
        total += cost
        print(f"  + {name:<16} {cost:.3f}x of the floor")
    print(f"  = {total:.3f}x with both components")


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--data", type=Path, default=ROOT / "data")
    args.add_argument("--split", default="test", choices=["train", "dev", "test"])
    args.add_argument("--speed", action="store_true",
                      help="also time both components against tokenizer + sentencizer")
    opts = args.parse_args(argv)
    if opts.speed:
        speed(opts.data)
    try:
        import quantulum3  # noqa: F401
    except ImportError:
        print("quantulum3 is not installed (it is an optional, bench-only dependency):")
        print("    pip install quantulum3")
        print("Nothing to compare; exiting.")
        return 0
    sets = load_sets(opts.data, opts.split)
    header = f"{'span set':<22} {'system':<16} {'P exact':>8} {'R exact':>8} " \
             f"{'P overlap':>10} {'R overlap':>10} {'pred':>6} {'gold':>6} {'sec':>6}"
    print(header)
    print("-" * len(header))
    for name, items in sets.items():
        texts = [t for t, _ in items]
        gold = [g for _, g in items]
        for system, run in (("star_quantities", ours), ("quantulum3", quantulum)):
            start = time.perf_counter()
            pred = run(texts)
            seconds = time.perf_counter() - start
            s = score(pred, gold)
            print(f"{name:<22} {system:<16} {s['exact_p']:>8.3f} {s['exact_r']:>8.3f} "
                  f"{s['overlap_p']:>10.3f} {s['overlap_r']:>10.3f} {s['predicted']:>6} "
                  f"{s['gold']:>6} {seconds:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
