"""Grading time against answer length: does it grow about linearly up to `max_chars`?

Times `Scorer.score` on answers of about 1k, 10k and 100k characters (varied sentences written
for this bench, no corpus text) and prints time per character relative to the 1k answer, plus
the linearity ratio (time/char at the largest size / time/char at the smallest; 1.0 = linear,
a quadratic cost would give ~100). Also prints the same ratio for spaCy's tokenizer alone, the
floor. Best of N runs each; ratios, not absolute times.

    python bench/input_size.py [--sizes 1000 10000 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best_of

SENTENCES = [
    "Our {team} team had {n} open tickets and the oldest was {m} weeks old.",
    "I was asked to bring the wait under {m} days without new hires.",
    "I sorted the backlog by cause and wrote answers for the {m} commonest questions.",
    "I chose to leave the rare cases slow, because the budget was frozen until {month}.",
    "With {name} I set up a rota so that someone triaged every morning.",
    "Within {m} weeks the queue fell from {n} to {k}, and complaints dropped by {k}%.",
    "Looking back, I would have asked the {team} leads for data sooner.",
]
FILLS = {"team": ["support", "billing", "ward", "sales"], "name": ["Priya", "Jo", "Mei", "Kwame"],
         "month": ["March", "June", "October"]}


def answer_of(chars: int, seed: int = 7) -> str:
    """Prose of exactly `chars` characters (cut at a sentence end, padded with a short sentence)."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < chars:
        values = {key: rng.choice(options) for key, options in FILLS.items()}
        values.update(n=rng.randint(20, 900), m=rng.randint(2, 12), k=rng.randint(5, 95))
        sentence = rng.choice(SENTENCES).format(**values)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:chars].rsplit(" ", 1)[0] + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import spacy

    import starcheck

    scorer = starcheck.Scorer(max_chars=max(args.sizes))
    tokenizer = spacy.blank("en")
    texts = {size: answer_of(size) for size in args.sizes}
    for text in texts.values():  # warm up: first calls meet new strings and fill caches
        scorer.score(text)
    grade_per_char, floor_per_char = {}, {}
    for size, text in texts.items():
        grade_per_char[size] = best_of(args.runs, lambda text=text: scorer.score(text)) / len(text)
        floor_per_char[size] = best_of(args.runs, lambda text=text: tokenizer(text)) / len(text)
    smallest, largest = min(args.sizes), max(args.sizes)
    print(f"{'chars':>8}  {'grade t/char (x 1k)':>20}  {'tokenizer t/char (x 1k)':>24}  {'grade/tokenizer':>16}")
    for size, text in texts.items():
        print(f"{len(text):>8,}  {grade_per_char[size] / grade_per_char[smallest]:>20.2f}  "
              f"{floor_per_char[size] / floor_per_char[smallest]:>24.2f}  "
              f"{grade_per_char[size] / floor_per_char[size]:>16.1f}")
    print(f"linearity ratio (t/char at {largest:,} / t/char at {smallest:,}): "
          f"grade {grade_per_char[largest] / grade_per_char[smallest]:.2f}, "
          f"tokenizer {floor_per_char[largest] / floor_per_char[smallest]:.2f}  (1.0 = linear)")


if __name__ == "__main__":
    main()
