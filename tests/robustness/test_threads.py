"""One Scorer shared by threads (a web app) gives the same reports as sequential calls."""

from __future__ import annotations

import pickle
import random
from concurrent.futures import ThreadPoolExecutor

from robust_answers import generated_answers

import starcheck


def novel_answers(count: int) -> list[str]:
    """Varied answers, each with made-up words the vocabulary has not seen (new strings)."""
    rng = random.Random(40)
    made_up = ["".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(count)]
    extras = ["Unser Team hatte ein Problem. Ich habe es gelöst.", "😀🎉 🚀", "12 34 56%", "word " * 2000,
              "# Result\n- **latency** fell 40%\n- I chose caching over a rewrite."]
    texts = [f"{text} I renamed the {word} job for {word.title()}." for text, word in
             zip(generated_answers(count, seed=41), made_up, strict=True)]
    return texts + extras


def test_concurrent_score_calls_match_sequential_ones():
    texts = novel_answers(40)
    sequential = [report.model_dump_json() for report in map(starcheck.Scorer().score, texts)]
    shared = starcheck.Scorer()  # fresh: the threads are the first to meet these strings
    with ThreadPoolExecutor(4) as pool:
        concurrent = list(pool.map(lambda text: shared.score(text).model_dump_json(), texts))
    assert concurrent == sequential


def test_concurrent_score_and_score_many_match_sequential_ones():
    """score_many runs inside spaCy's memory_zone; mixed with score() in other threads it must not
    free strings they are using (without the Scorer's lock this failed with spaCy E031)."""
    texts = novel_answers(40)
    sequential = [report.model_dump_json() for report in map(starcheck.Scorer().score, texts)]
    shared = starcheck.Scorer()

    def work(i: int) -> list[str]:
        if i % 2:
            return [r.model_dump_json() for r in shared.score_many(texts[i:i + 1], batch_size=1)]
        return [shared.score(texts[i]).model_dump_json()]

    with ThreadPoolExecutor(4) as pool:
        concurrent = [json for chunk in pool.map(work, range(len(texts))) for json in chunk]
    assert concurrent == sequential


def test_a_scorer_survives_a_pickle_round_trip(scorer):
    """The lock is not pickled; the copy gets its own (e.g. for a framework that pickles state)."""
    copy = pickle.loads(pickle.dumps(scorer))
    text = "I fixed the flaky test. Builds went from 40 to 12 minutes."
    assert copy.score(text) == scorer.score(text)
    assert copy._lock is not scorer._lock
