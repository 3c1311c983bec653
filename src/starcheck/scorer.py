"""`Scorer`: load the pipeline and rubric once, grade many answers."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from .errors import InputError
from .pipeline import build_pipeline
from .report import Report
from .rubric import RubricConfig, grade

DEFAULT_MAX_CHARS = 100_000


def check_text(text: object, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The text if it can be graded; TypeError for a non-str, InputError for empty/too long."""
    if not isinstance(text, str):
        raise TypeError(f"starcheck grades text: expected str, got {type(text).__name__}")
    if not text.strip():
        raise InputError("the answer is empty (or only whitespace): nothing to grade")
    if len(text) > max_chars:
        raise InputError(
            f"the answer is {len(text):,} characters long, over the limit of {max_chars:,} "
            "(raise it with Scorer(max_chars=...))"
        )
    return text


def resolve_rubric(rubric: RubricConfig | str | Path | None) -> RubricConfig:
    """A RubricConfig from a config, a profile name, or a TOML path (None: the default profile)."""
    if rubric is None:
        return RubricConfig.profile("default")
    if isinstance(rubric, RubricConfig):
        return rubric
    path = Path(rubric)
    if path.suffix == ".toml" or path.exists():
        return RubricConfig.from_toml(path)
    return RubricConfig.profile(str(rubric))


class Scorer:
    """Grades answers; build one and reuse it (loading the pipeline takes about a second)."""

    def __init__(self, rubric: RubricConfig | str | Path | None = None, *,
                 model_dir: str | Path | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.rubric = resolve_rubric(rubric)
        self.model_dir = model_dir
        self.max_chars = max_chars
        self.nlp = build_pipeline(model_dir)

    def score(self, text: str) -> Report:
        """Grade one answer."""
        return grade(self.nlp(check_text(text, self.max_chars)), self.rubric)

    def score_many(self, texts: Iterable[str], batch_size: int = 64,
                   n_process: int = 1) -> Iterator[Report]:
        """Grade a stream of answers, yielding Reports in input order.

        Streams: holds one batch at a time. With `n_process > 1` batches are graded in worker
        processes, each loading the pipeline once. An invalid item raises InputError (or
        TypeError) naming its position; batch tools that must keep going use
        `starcheck.batch`, which turns such items into error rows.
        """
        if batch_size < 1 or n_process < 1:
            raise ValueError("batch_size and n_process must be at least 1")
        batches = _batches(texts, batch_size, self.max_chars)
        if n_process == 1:
            for batch in batches:
                yield from self._grade_batch(batch)
            return
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with context.Pool(n_process, initializer=_init_worker,
                          initargs=(self.rubric, self.model_dir, self.max_chars)) as pool:
            for reports in pool.imap(_worker_grade, batches):
                yield from reports

    def _grade_batch(self, batch: list[str]) -> list[Report]:
        with self.nlp.memory_zone():
            return [grade(doc, self.rubric) for doc in self.nlp.pipe(batch, batch_size=len(batch))]


def _batches(texts: Iterable[str], size: int, max_chars: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    position = 0
    while batch := list(islice(iterator, size)):
        for offset, text in enumerate(batch):
            try:
                check_text(text, max_chars)
            except (InputError, TypeError) as error:
                raise type(error)(f"item {position + offset}: {error}") from None
        position += len(batch)
        yield batch


_WORKER: Scorer | None = None


def _init_worker(rubric: RubricConfig, model_dir: str | Path | None, max_chars: int) -> None:
    global _WORKER
    _WORKER = Scorer(rubric, model_dir=model_dir, max_chars=max_chars)


def _worker_grade(batch: list[str]) -> list[Report]:
    assert _WORKER is not None
    return _WORKER._grade_batch(batch)
