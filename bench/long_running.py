"""Memory of one long-running process: RSS while grading tens of thousands of varied answers.

A web app keeps one `Scorer` for days; its memory must not creep up with every new word it
sees (spaCy's StringStore keeps every string it interns unless the call runs inside
`nlp.memory_zone()`). Each mode runs in a fresh subprocess:

- `score`:      `scorer.score(text)` one answer at a time;
- `score_many`: `scorer.score_many(texts, batch_size=64)` over the whole stream.

The answers are generated here (varied names, ticket codes, numbers and made-up words, so the
vocabulary keeps growing as it would on real traffic). Prints RSS and the StringStore size at
intervals, and the growth ratio last/first after a warm-up of 10% of the answers. Target: a
ratio near 1.00 (under 1.05) and a StringStore that does not grow.

    python bench/long_running.py [--answers 20000] [--modes score score_many]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PARTS = [
    ["Our {team} team at {company} had {n} open {thing}s, ticket {code} among them.",
     "In {month} the {system} failed {n} times and {name} {surname} asked me to look into it."],
    ["I was asked to get the {thing} count under {m} before the {event}."],
    ["I traced the {system} logs, found that {word} jobs overlapped, and staggered them.",
     "I chose a quick patch over the {word} rewrite because the {event} came first.",
     "With {name} I rewrote the {thing} form and removed {m} manual steps."],
    ["Within {m} weeks the {thing} count fell from {n} to {k}.",
     "Errors dropped by {k}% and the {event} went ahead on time."],
]
FILLS = {
    "team": ["support", "billing", "ward", "sales", "data", "mobile", "warehouse"],
    "company": ["Acme", "Globex", "Initech", "a hospital", "a bakery chain", "the council"],
    "thing": ["ticket", "complaint", "refund", "defect", "order", "alert"],
    "system": ["checkout service", "rota sheet", "deploy pipeline", "stock counter"],
    "month": ["March", "June", "October", "December"],
    "event": ["audit", "launch", "holiday rush", "inspection"],
    "name": ["Priya", "Tomás", "Jo", "Mei", "Kwame", "Olga", "Sam"],
}


def made_up(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(length))


def answers(count: int, seed: int = 20) -> Iterator[str]:
    """`count` varied answers; every one brings new strings (surname, code, made-up word)."""
    rng = random.Random(seed)
    for _ in range(count):
        values = {key: rng.choice(options) for key, options in FILLS.items()}
        values.update(surname=made_up(rng, 3).title(), code=f"{made_up(rng, 1).upper()}-{rng.randint(1000, 99999)}",
                      word=made_up(rng, 2), n=rng.randint(20, 900), m=rng.randint(2, 15), k=rng.randint(1, 19))
        yield " ".join(rng.choice(part).format(**values) for part in PARTS)


def rss_mb() -> float:
    """Current resident set size (not the peak), in MB."""
    try:
        with open("/proc/self/statm") as statm:
            import os

            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import psutil

        return psutil.Process().memory_info().rss / 2**20


def run_mode(mode: str, count: int) -> dict:
    import starcheck

    scorer = starcheck.Scorer()
    step = max(count // 10, 1)
    samples: list[tuple[int, float, int]] = []

    def sample(done: int) -> None:
        gc.collect()
        samples.append((done, rss_mb(), len(scorer.nlp.vocab.strings)))

    texts = answers(count)
    if mode == "score":
        for done, text in enumerate(texts, 1):
            scorer.score(text)
            if done % step == 0:
                sample(done)
    else:
        for done, _ in enumerate(scorer.score_many(texts, batch_size=64), 1):
            if done % step == 0:
                sample(done)
    warm = samples[0]
    last = samples[-1]
    return {"mode": mode, "samples": samples, "rss_ratio": last[1] / warm[1],
            "strings_ratio": last[2] / warm[2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--modes", nargs="+", default=["score", "score_many"], choices=["score", "score_many"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_mode(args.child, args.answers)))
        return
    print(f"{args.answers:,} generated answers per mode; RSS after each 10%, warm-up = the first sample")
    for mode in args.modes:
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode,
                              "--answers", str(args.answers)], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n{mode}:")
        print(f"  {'answers':>8}  {'RSS MB':>8}  {'strings':>9}")
        for done, rss, strings in result["samples"]:
            print(f"  {done:>8,}  {rss:>8.1f}  {strings:>9,}")
        print(f"  growth last/first: RSS {result['rss_ratio']:.3f}, StringStore {result['strings_ratio']:.3f}")


if __name__ == "__main__":
    main()
