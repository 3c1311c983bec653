"""Batch grading: stream rows from JSONL, CSV or Parquet, grade them, write one row per input row.

    starcheck grade answers.jsonl -o graded.parquet --text-col answer --id-col id --n-process 2

    >>> import pandas as pd, starcheck                                        # doctest: +SKIP
    >>> graded = starcheck.grade_frame(df, text_col="answer")                 # doctest: +SKIP
    >>> df.join(graded)                                                       # doctest: +SKIP

Rules (see docs/batch.md):

- One output row per input row, in input order. A row that cannot be graded (missing, null,
  empty or non-string text, text over the length limit, or an internal failure) becomes an
  error row: its id, the reason in `error`, and empty result columns. Nothing is dropped.
- A malformed input file (a line that is not a JSON object, a CSV row with the wrong number of
  fields, a missing column, a file that is not Parquet) stops the run with `MalformedInputError`,
  whose one-line message names the file and the line or column. No output is written.
- Streaming: the input is read lazily (Parquet by record batches), a bounded number of batches
  is in flight, and rows are written as they come; memory does not grow with the input.
- The output is written to a temporary file beside it and renamed into place at the end, so a
  reader never sees a half-written file and a failed run leaves the old output untouched.

Importing this module imports neither pandas nor pyarrow; the functions that need them do.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch_io import (  # the file formats; re-exported here, where they were first defined
    COUNT_COLUMNS,
    FORMATS,
    BatchError,
    MalformedInputError,
    atomic_output,
    criterion_columns,
    format_of,
    missing_text,
    open_reader,
    open_writer,
    report_columns,
    result_columns,
)
from .scorer import DEFAULT_MAX_CHARS, Failed, Scorer

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .rubric import RubricConfig

__all__ = [
    "COUNT_COLUMNS",
    "FORMATS",
    "BatchError",
    "MalformedInputError",
    "Summary",
    "criterion_columns",
    "grade_file",
    "grade_frame",
    "grade_records",
    "result_columns",
]

GRADES = ("A", "B", "C", "D", "F")


# -- grading a stream of records ---------------------------------------------------------------

def grade_records(records: Iterable[tuple[Any, Any]], scorer: Scorer, *, batch_size: int = 64,
                  n_process: int = 1) -> Iterator[tuple[Any, dict[str, Any] | None, str | None]]:
    """Grade `(id, text)` pairs, yielding `(id, columns, error)` in input order.

    `columns` (from `report_columns`) is None on an error row and `error` says why. A text may
    be a `Failed` already (a reader's "missing text"); any other non-str is reported by type.
    """
    ids: deque[Any] = deque()

    def texts() -> Iterator[Any]:
        for record_id, text in records:
            ids.append(record_id)
            yield text

    for result in scorer._stream(texts(), batch_size, n_process, convert=report_columns, keep_errors=True):
        record_id = ids.popleft()
        if isinstance(result, Failed):
            yield record_id, None, result.message
        else:
            yield record_id, result, None


# -- the file-to-file run --------------------------------------------------------------------

@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    grades: Counter = field(default_factory=Counter)
    error_reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, columns: dict[str, Any] | None, error: str | None) -> None:
        self.rows += 1
        if error is not None:
            self.errors += 1
            self.error_reasons[_reason(error)] += 1
        elif columns is not None:
            self.grades[columns["grade"]] += 1

    def format(self) -> str:
        rate = self.rows / self.seconds if self.seconds > 0 else 0.0
        graded = self.rows - self.errors
        errors = f"{self.errors:,} error{'' if self.errors == 1 else 's'}"
        lines = [f"graded {graded:,} of {self.rows:,} rows ({errors}) in "
                 f"{self.seconds:.1f} s, {rate:,.0f} rows/s"]
        if graded:
            lines.append("grades: " + "  ".join(
                f"{g} {self.grades[g]:,} ({100 * self.grades[g] / graded:.0f}%)" for g in GRADES))
        if self.errors:
            lines.append("errors: " + "; ".join(f"{reason} ({n:,})" for reason, n in self.error_reasons.most_common(5)))
        return "\n".join(lines)


def _reason(error: str) -> str:
    for needle, reason in (("missing text", "missing text"), ("empty", "empty text"),
                           ("expected str", "not a string"), ("over the limit", "too long"),
                           ("internal error", "internal error")):
        if needle in error:
            return reason
    return error[:40]


def grade_file(source: str, output: str, *, text_col: str = "answer", id_col: str | None = None,
               rubric: RubricConfig | str | Path | None = None, model_dir: str | Path | None = None,
               max_chars: int = DEFAULT_MAX_CHARS, batch_size: int = 64, n_process: int = 1,
               report: bool = True, progress: bool = False, scorer: Scorer | None = None,
               on_row: Callable[[Any, Any, dict[str, Any] | None, str | None], None] | None = None) -> Summary:
    """Grade every row of `source` into `output` (JSONL, CSV or Parquet by extension; "-": JSONL).

    `on_row(id, text, columns, error)`, when given, is called for each row as it is written
    (e.g. `starcheck.html.CorpusReport.add`); `text` is the input text (or a non-str as read).
    Raises BatchError (MalformedInputError for a malformed input) with a one-line message;
    in that case `output` is not written (an existing file is left as it was).
    """
    if batch_size < 1 or n_process < 1:
        raise BatchError("--batch-size and --n-process must be at least 1")
    out_format = format_of(output, "output")
    if source != "-" and output != "-" and Path(source).resolve() == Path(output).resolve():
        raise BatchError(f"the output {output} is the input: write the results somewhere else")
    reader = open_reader(source, text_col, id_col)
    try:
        scorer = scorer or Scorer(rubric, model_dir=model_dir, max_chars=max_chars)
        summary = Summary()
        columns = result_columns(report)
        started = time.perf_counter()
        with atomic_output(output) as stream, _progress(progress, reader.total) as advance:
            writer = open_writer(out_format, stream, columns, reader)
            texts: deque[Any] = deque()  # the in-flight input texts, for on_row
            records = _tapped(reader, texts) if on_row is not None else reader
            try:
                for record_id, values, error in grade_records(records, scorer, batch_size=batch_size,
                                                              n_process=n_process):
                    writer.write(record_id, values, error)
                    summary.add(values, error)
                    if on_row is not None:
                        on_row(record_id, texts.popleft(), values, error)
                    advance()
            except BrokenProcessPool:
                writer.abort()
                raise BatchError("a grading worker process died (out of memory?); no output written") from None
            except BaseException:
                writer.abort()
                raise
            writer.close()
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        reader.close()


def _tapped(records: Iterable[tuple[Any, Any]], texts: deque[Any]) -> Iterator[tuple[Any, Any]]:
    """`records`, noting each text in `texts` (bounded: results come back in order, a few batches behind)."""
    for record_id, text in records:
        texts.append(text)
        yield record_id, text


@contextlib.contextmanager
def _progress(enabled: bool, total: int | None) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error (rich), redrawn at most 10 times a second, no thread.

    No background refresh thread: the grading workers are forked from this process, and
    forking while another thread runs is best avoided.
    """
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = [TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[rate]}")]
    if total is None:
        columns = [TextColumn("grading"), TextColumn("{task.completed:,} rows"), TimeElapsedColumn(),
                   TextColumn("{task.fields[rate]}")]
    with Progress(*columns, console=console, auto_refresh=False, transient=True) as bar:
        task = bar.add_task("grading", total=total, rate="")
        done = 0
        started = last = time.perf_counter()

        def advance() -> None:
            nonlocal done, last
            done += 1
            now = time.perf_counter()
            if now - last >= 0.1:
                bar.update(task, completed=done, rate=f"{done / (now - started):,.0f} rows/s")
                bar.refresh()
                last = now

        yield advance


# -- pandas ----------------------------------------------------------------------------------

def grade_frame(df: pd.DataFrame, text_col: str = "answer", *,
                rubric: RubricConfig | str | Path | None = None, scorer: Scorer | None = None,
                model_dir: str | Path | None = None, max_chars: int = DEFAULT_MAX_CHARS,
                batch_size: int = 64, n_process: int = 1, report: bool = True) -> pd.DataFrame:
    """Grade `df[text_col]`; a DataFrame of flat result columns with `df`'s index, in its order.

    Columns: score, grade, kind, kind_confidence, word_count, looks_english, n_sentences,
    n_quantities, n_tradeoffs, n_findings, score_<criterion> (0-10 each), finding_rules,
    error (None when graded) and report (the full Report as JSON; leave out with
    `report=False`). Error rows (null, empty, non-string or too long text) have `error` set
    and missing values elsewhere. `df.join(grade_frame(df))` puts the results beside the input.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"grade_frame expects a pandas DataFrame, got {type(df).__name__}")
    if text_col not in df.columns:
        raise KeyError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(map(repr, df.columns))})")
    scorer = scorer or Scorer(rubric, model_dir=model_dir, max_chars=max_chars)
    return _grade_series(df[text_col], scorer, batch_size=batch_size, n_process=n_process, report=report)


def _grade_series(texts: pd.Series, scorer: Scorer, *, batch_size: int = 64, n_process: int = 1,
                  report: bool = True) -> pd.DataFrame:
    name = str(texts.name) if texts.name is not None else "text"
    records = ((None, _frame_value(value, name)) for value in texts)
    rows = [(values, error) for _, values, error in
            grade_records(records, scorer, batch_size=batch_size, n_process=n_process)]
    return _frame(rows, texts.index, report)


def _frame_value(value: Any, name: str) -> Any:
    if isinstance(value, str):
        return value
    import pandas as pd

    try:
        missing = value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))
    except (TypeError, ValueError):
        missing = False
    return missing_text(name, f"{name!r} is null") if missing else value


def _frame(rows: list[tuple[dict[str, Any] | None, str | None]], index: Any, report: bool) -> pd.DataFrame:
    """The result DataFrame; the dtypes are fixed (the Dask meta is this with no rows)."""
    import pandas as pd

    data: dict[str, Any] = {}
    for name in result_columns(report):
        if name == "error":
            values = [error for _, error in rows]
        else:
            values = [values.get(name) if values is not None else None for values, _ in rows]
        data[name] = pd.Series(values, index=index, dtype=_pandas_dtype(name), name=name)
    return pd.DataFrame(data, index=index)


def _pandas_dtype(name: str) -> str:
    if name in ("score", "kind_confidence") or name.startswith("score_"):
        return "float64"
    if name in COUNT_COLUMNS or name == "word_count":
        return "Int64"
    if name == "looks_english":
        return "boolean"
    return "string"
