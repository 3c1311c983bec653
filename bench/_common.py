"""Shared helpers for the bench scripts: the corpus texts and a min-of-N timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[str]:
    from starcheck.learn.corpus import load_corpus

    return [a.text for a in load_corpus(ROOT / "data")]


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `work()` (seconds): the least disturbed by the machine."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best
