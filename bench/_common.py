"""Shared helpers for the bench scripts: the corpus texts and a min-of-N timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[str]:
    from starcheck.learn.corpus import load_corpus

    return [a.text for a in load_corpus(ROOT / "data")]


def best_of(runs: int, work: Callable[[], object], clock: Callable[[], float] = time.process_time) -> float:
    """The fastest of `runs` timings of `work()` (seconds): the least disturbed by the machine.

    One-process work is timed in CPU seconds of this process by default, so other programs on
    the machine (a second core busy with tests) do not shift the ratios; pass
    `clock=time.perf_counter` for wall time.
    """
    best = float("inf")
    for _ in range(runs):
        start = clock()
        work()
        best = min(best, clock() - start)
    return best
