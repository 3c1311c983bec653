"""Scaling on one machine: throughput with n_process=2 over n_process=1 (printed as ratios).

Target: >= 1.7x on a 2-core machine. Two paths are measured over the labelled corpus's texts:

- `Scorer.score_many(...)`, which yields Reports (workers send JSON, the parent rebuilds them);
- `starcheck.batch.grade_records(...)`, what `starcheck grade` runs (workers build the flat
  rows and the report JSON; the parent only writes).

Throughput includes starting the worker pool (forking; the workers share the loaded pipeline).
A pure-Python busy loop in 1 vs 2 processes is printed too: the most this machine gives two
processes at the moment, so that a low ratio can be told apart from a busy or shared CPU.
Runs alternate between 1 and 2 processes and the best of --repeat is kept for each.

    python bench/scaling.py [--repeat 5] [--copies 2] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time

from _common import corpus_texts


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_ceiling(repeat: int, n: int = 4_000_000) -> float:
    """Best-of wall time of two busy loops in one process over the same in two processes."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    best_one = best_two = float("inf")
    with context.Pool(2) as pool:
        pool.map(_spin, [1, 1])
        for _ in range(repeat):
            start = time.perf_counter()
            _spin(n)
            _spin(n)
            best_one = min(best_one, time.perf_counter() - start)
            start = time.perf_counter()
            pool.map(_spin, [n, n])
            best_two = min(best_two, time.perf_counter() - start)
    return best_one / best_two


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=2, help="how many times to repeat the corpus")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import starcheck
    from starcheck.batch import grade_records

    texts = corpus_texts() * args.copies
    scorer = starcheck.Scorer()

    def reports(n_process: int) -> None:
        for _ in scorer.score_many(texts, batch_size=args.batch_size, n_process=n_process):
            pass

    def rows(n_process: int) -> None:
        records = enumerate(texts)
        for _ in grade_records(records, scorer, batch_size=args.batch_size, n_process=n_process):
            pass

    reports(1)  # warm caches
    print(f"texts: {len(texts)}  cores: {os.cpu_count()}  batch size: {args.batch_size}  best of {args.repeat}")
    for name, work in (("score_many (Reports)", reports), ("grade_records (CLI rows)", rows)):
        best = {1: float("inf"), 2: float("inf")}
        for _ in range(args.repeat):
            for n_process in (1, 2):
                start = time.perf_counter()
                work(n_process)
                best[n_process] = min(best[n_process], time.perf_counter() - start)
        ratio = best[1] / best[2]
        print(f"{name:<26} n_process 2 / 1 throughput: {ratio:5.2f}x   target >= 1.7"
              f"   ({len(texts) / best[1]:,.0f} -> {len(texts) / best[2]:,.0f} texts/s)")
    print(f"{'machine ceiling':<26} busy loop, 2 / 1 processes: {machine_ceiling(args.repeat):5.2f}x")


if __name__ == "__main__":
    main()
