"""`Scorer`: load the pipeline and rubric once, grade many answers."""

from __future__ import annotations

import multiprocessing
import re
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from .components.data_files import verify_rule_data
from .errors import InputError
from .lexemes import LexemeKeeper
from .normalise import normalise, restore_offsets
from .pipeline import build_pipeline
from .report import Report
from .rubric import RubricConfig, grade

DEFAULT_MAX_CHARS = 100_000
# spaCy's tokenizer is quadratic in the length of a run without whitespace that it keeps
# splitting (punctuation, symbols, emoji: 1,000 "=" take ~0.2 s, 16,000 take ~20 s), so a
# longer "word" is refused; no word or sensible URL in an answer comes near it.
MAX_WORD_CHARS = 1_000


def check_text(text: object, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The text if it can be graded; TypeError for a non-str, InputError for empty, too long, a run
    without spaces over MAX_WORD_CHARS, or not Unicode."""
    if not isinstance(text, str):
        raise TypeError(f"starcheck grades text: expected str, got {type(text).__name__}")
    if not text.strip():
        raise InputError("the answer is empty (or only whitespace): nothing to grade")
    if len(text) > max_chars:
        raise InputError(
            f"the answer is {len(text):,} characters long, over the limit of {max_chars:,} "
            "(raise it with Scorer(max_chars=...))"
        )
    if max(map(len, text.split()), default=0) > MAX_WORD_CHARS:
        run = next(m for m in re.finditer(r"\S+", text) if len(m.group()) > MAX_WORD_CHARS)
        raise InputError(f"the answer has a run of {len(run.group()):,} characters without a space at "
                         f"character {run.start()}, over the limit of {MAX_WORD_CHARS:,}: not prose")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        # A lone surrogate (e.g. from JSON "\\ud800"): not text, and spaCy cannot tokenize it.
        raise InputError(f"the answer is not valid Unicode: a lone surrogate {text[error.start]!r} "
                         f"at character {error.start}") from None
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
    """Grades answers; build one and reuse it (loading the pipeline takes about a second).

    One Scorer may be shared by threads (a web app): the pipeline runs under a per-Scorer lock,
    because spaCy's `memory_zone` (which keeps a long-running process's memory flat) is state
    of the shared vocabulary, not of a thread. Threads therefore take turns; for parallel
    grading use `score_many(..., n_process=N)` or one Scorer per process.
    """

    def __init__(self, rubric: RubricConfig | str | Path | None = None, *,
                 model_dir: str | Path | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        # The rule data (patterns, rubric TOML) against its checksums first; each model file is
        # checked by the component that loads it (learn.artifacts.load_models, star_tradeoffs).
        verify_rule_data()
        self.rubric = resolve_rubric(rubric)
        self.model_dir = model_dir
        self.max_chars = max_chars
        self.nlp = build_pipeline(model_dir)
        self._lock = threading.Lock()
        self._lexemes = LexemeKeeper()  # shared, like the pipeline and the lock, by with_rubric copies

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]  # a lock cannot be pickled; the copy gets its own
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def with_rubric(self, rubric: RubricConfig | str | Path | None) -> Scorer:
        """A Scorer with another rubric that shares this one's loaded pipeline (and its lock):
        grading with several rubrics costs one pipeline load."""
        variant = object.__new__(Scorer)
        variant.__dict__.update(self.__dict__)
        variant.rubric = resolve_rubric(rubric)
        return variant

    def score(self, text: str) -> Report:
        """Grade one answer."""
        return self._grade_batch([check_text(text, self.max_chars)])[0]

    def score_many(self, texts: Iterable[str], batch_size: int = 64,
                   n_process: int = 1) -> Iterator[Report]:
        """Grade a stream of answers, yielding Reports in input order.

        Streams: reads the input lazily and holds a bounded number of batches (one with
        `n_process=1`, about `2 * n_process` otherwise), so any corpus size runs in constant
        memory. With `n_process > 1` batches are graded in worker processes; each worker loads
        the pipeline once (on Linux the workers are forked from this process and share its
        already loaded pipeline). An invalid item raises InputError (or TypeError) naming its
        position, after the Reports of the batches before it; batch tools that must keep going
        use `starcheck.batch`, which turns such items into error rows.
        """
        if batch_size < 1 or n_process < 1:
            raise ValueError("batch_size and n_process must be at least 1")
        return self._stream(texts, batch_size, n_process)

    def _grade_batch(self, batch: list[str]) -> list[Report]:
        if not batch:
            return []
        # The memory zone frees the strings these texts add to the vocabulary (else it grows with
        # every new word); the Docs are graded inside it. One zone at a time: hence the lock.
        # The pipeline reads a typographically normalised copy (curly quotes, runs of spaces);
        # the Reports' offsets are mapped back to the texts as given (starcheck.normalise).
        # The words met are kept as permanent lexemes after the zone, up to a limit (lexemes.py):
        # rebuilding them in every batch cost about a fifth of the grading time.
        normalised = [normalise(text) for text in batch]
        with self._lock:
            with self.nlp.memory_zone():
                if len(batch) == 1:
                    docs = [self.nlp(normalised[0].text)]
                else:
                    docs = list(self.nlp.pipe([n.text for n in normalised], batch_size=len(batch)))  # in input order
                reports = [restore_offsets(grade(doc, self.rubric, n.text), text, n)
                           for text, n, doc in zip(batch, normalised, docs, strict=True)]
                new_words = self._lexemes.new_words(docs)
                del docs
            self._lexemes.keep(self.nlp.vocab, new_words)
        return reports

    def _stream(self, items: Iterable[object], batch_size: int, n_process: int, *,
                convert: Callable[[Report], Any] | None = None, keep_errors: bool = False) -> Iterator[Any]:
        """The engine behind `score_many` and `starcheck.batch`: one result per item, in order.

        `convert` (a module-level function, so that it can be sent to a worker) turns each
        Report into what the caller wants, in the process that graded it: `starcheck.batch`
        makes flat rows there, which are far cheaper to send back than Reports. With
        `keep_errors`, an item that cannot be graded (or an item that already is a `Failed`)
        yields a `Failed(message)` in its place instead of stopping the stream.
        """
        batches = _checked_batches(items, batch_size, self.max_chars, keep_errors)
        if n_process == 1:
            for batch in batches:
                yield from _grade_items(self, batch, convert, keep_errors)
            return
        yield from self._stream_in_pool(batches, n_process, convert, keep_errors)

    def _stream_in_pool(self, batches: Iterator[list], n_process: int,
                        convert: Callable[[Report], Any] | None, keep_errors: bool) -> Iterator[Any]:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        if context.get_start_method() == "fork":
            # The children inherit this process's memory: no pickling, no second model load.
            initializer, initargs = _adopt_worker, (self,)
        else:
            initializer, initargs = _init_worker, (self.rubric, self.model_dir, self.max_chars)
        # Reports travel back as JSON: unpickling a Report costs about 5x validating its JSON,
        # and that cost is paid here, in the one process that feeds all the workers.
        as_reports = convert is None
        if as_reports:
            convert = _report_json
        pool = ProcessPoolExecutor(n_process, mp_context=context, initializer=initializer, initargs=initargs)
        pending: deque[Future] = deque()
        deferred: Exception | None = None
        try:
            while True:
                # Keep every worker busy with one batch queued behind it; never read further
                # ahead than that, so memory stays flat however long the input is.
                while deferred is None and len(pending) < 2 * n_process:
                    try:
                        batch = next(batches)
                    except StopIteration:
                        break
                    except (InputError, TypeError) as error:
                        deferred = error  # raised after the batches before it, as with n_process=1
                        break
                    pending.append(pool.submit(_worker_grade, batch, convert, keep_errors))
                if not pending:
                    break
                results = pending.popleft().result()
                if as_reports:
                    results = [r if isinstance(r, Failed) else Report.model_validate_json(r) for r in results]
                yield from results
            if deferred is not None:
                raise deferred
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class Failed(NamedTuple):
    """An item that could not be graded, in place of its result (`Scorer._stream(keep_errors=True)`)."""

    message: str


def _checked_batches(items: Iterable[object], size: int, max_chars: int,
                     keep_errors: bool) -> Iterator[list]:
    iterator = iter(items)
    position = 0
    while batch := list(islice(iterator, size)):
        for offset, item in enumerate(batch):
            if isinstance(item, Failed):
                if not keep_errors:
                    raise InputError(f"item {position + offset}: {item.message}")
                continue
            try:
                check_text(item, max_chars)
            except (InputError, TypeError) as error:
                if not keep_errors:
                    raise type(error)(f"item {position + offset}: {error}") from None
                batch[offset] = Failed(str(error))
        position += len(batch)
        yield batch


def _grade_items(scorer: Scorer, items: list, convert: Callable[[Report], Any] | None,
                 keep_errors: bool) -> list:
    texts = [item for item in items if not isinstance(item, Failed)]
    try:
        reports = scorer._grade_batch(texts)
        results = [convert(report) for report in reports] if convert else reports
    except Exception:
        if not keep_errors:
            raise
        # Something in the pipeline failed on this batch: grade its items one by one so that
        # only the item at fault becomes an error.
        results = [_grade_one(scorer, text, convert) for text in texts]
    graded = iter(results)
    return [item if isinstance(item, Failed) else next(graded) for item in items]


def _grade_one(scorer: Scorer, text: str, convert: Callable[[Report], Any] | None) -> Any:
    try:
        report = scorer._grade_batch([text])[0]
        return convert(report) if convert else report
    except Exception as error:
        return Failed(f"internal error while grading: {type(error).__name__}: {error}")


def _report_json(report: Report) -> str:
    return report.model_dump_json()


_WORKER: Scorer | None = None


def _quiet_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the parent stops the pool, the workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _adopt_worker(scorer: Scorer) -> None:
    global _WORKER
    _quiet_interrupts()
    scorer._lock = threading.Lock()  # a thread of the parent may have held it at the fork
    _WORKER = scorer


def _init_worker(rubric: RubricConfig, model_dir: str | Path | None, max_chars: int) -> None:
    global _WORKER
    _quiet_interrupts()
    _WORKER = Scorer(rubric, model_dir=model_dir, max_chars=max_chars)


def _worker_grade(batch: list, convert: Callable[[Report], Any] | None, keep_errors: bool) -> list:
    assert _WORKER is not None, "worker process not initialised"
    return _grade_items(_WORKER, batch, convert, keep_errors)
