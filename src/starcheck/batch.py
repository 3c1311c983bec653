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
import csv
import io
import json
import os
import stat
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .report import Report
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

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
GRADES = ("A", "B", "C", "D", "F")
COUNT_COLUMNS = ("n_sentences", "n_quantities", "n_tradeoffs", "n_findings")
PARQUET_ROW_GROUP_ROWS = 2048
PARQUET_ROW_GROUP_BYTES = 32 * 1024 * 1024
READ_BATCH_ROWS = 1024


class BatchError(ValueError):
    """Batch grading cannot run (bad arguments, an unreadable or unwritable file); one line."""


class MalformedInputError(BatchError):
    """The input file is malformed; the message names the file and the line or column."""


# -- result columns --------------------------------------------------------------------------

def criterion_columns() -> list[str]:
    """`score_<criterion id>` for each rubric criterion, in rubric order."""
    from .rubric.criteria import CRITERIA

    return [f"score_{criterion_id}" for criterion_id in CRITERIA]


def result_columns(report: bool = True) -> list[str]:
    """The output columns after `id`, in order (`report`: the full report as JSON, last)."""
    columns = ["score", "grade", "kind", "kind_confidence", "word_count", "looks_english",
               *COUNT_COLUMNS, *criterion_columns(), "finding_rules", "error"]
    return [*columns, "report"] if report else columns


def report_columns(report: Report) -> dict[str, Any]:
    """The flat columns of one Report, plus its JSON under "report" (runs in the grading process)."""
    columns: dict[str, Any] = {
        "score": report.score, "grade": report.grade, "kind": report.kind,
        "kind_confidence": report.kind_confidence, "word_count": report.word_count,
        "looks_english": report.looks_english,
        "n_sentences": len(report.sentences), "n_quantities": len(report.quantities),
        "n_tradeoffs": len(report.tradeoffs), "n_findings": len(report.findings),
    }
    for criterion in report.criteria:
        columns[f"score_{criterion.id}"] = criterion.score
    columns["finding_rules"] = " ".join(sorted({f.rule for f in report.findings}))
    columns["report"] = report.model_dump_json()
    return columns


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


# -- readers ---------------------------------------------------------------------------------

def format_of(name: str, role: str) -> str:
    """"jsonl", "csv" or "parquet" from a file name's extension ("-" is JSONL)."""
    if name == "-":
        return "jsonl"
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise BatchError(f"cannot tell the {role} format of {name}: use one of {known} (or - for JSONL)")
    return fmt


def _missing(text_col: str, why: str) -> Failed:
    return Failed(f"missing text: {why}" if why else f"missing text: no {text_col!r} value")


class _Reader:
    """Opens and checks an input eagerly (header, first record), then streams `(id, text)`."""

    id_name: str | None = None
    total: int | None = None
    arrow_id_type: Any = None

    def __iter__(self) -> Iterator[tuple[Any, Any]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass


class _JsonlReader(_Reader):
    def __init__(self, stream: IO[bytes], name: str, text_col: str, id_col: str | None) -> None:
        self.stream, self.name, self.text_col = stream, name, text_col
        self.lines = enumerate(stream, 1)
        self.first = self._next_object()
        if self.first is not None:
            line_no, record = self.first
            if text_col not in record:
                raise MalformedInputError(
                    f"{name}, line {line_no}: no field {text_col!r} (fields: {_names(record)}); "
                    "choose the text field with --text-col")
            if id_col is not None and id_col not in record:
                raise MalformedInputError(
                    f"{name}, line {line_no}: no field {id_col!r} for --id-col (fields: {_names(record)})")
        self.id_name = id_col if id_col is not None else (
            "id" if self.first is not None and "id" in self.first[1] else None)

    def _next_object(self) -> tuple[int, dict] | None:
        for line_no, line in self.lines:
            if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            line = line.rstrip(b"\r\n")
            if not line.strip():
                continue
            try:
                # decoded here, not by json.loads: it would also accept UTF-16 and UTF-32 bytes
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                raise MalformedInputError(f"{self.name}, line {line_no}: not UTF-8 text") from None
            except json.JSONDecodeError as error:
                raise MalformedInputError(
                    f"{self.name}, line {line_no}: not valid JSON: {error.msg} (column {error.colno})") from None
            if not isinstance(record, dict):
                raise MalformedInputError(
                    f"{self.name}, line {line_no}: expected a JSON object, got {_json_type(record)}")
            return line_no, record
        return None

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        text_col, id_name = self.text_col, self.id_name
        row = 0
        current = self.first
        while current is not None:
            _, record = current
            text = record.get(text_col, _MISSING)
            if text is _MISSING:
                text = _missing(text_col, f"the row has no {text_col!r} field")
            elif text is None:
                text = _missing(text_col, f"{text_col!r} is null")
            yield (record.get(id_name) if id_name is not None else row), text
            row += 1
            current = self._next_object()

    def close(self) -> None:
        if self.stream is not getattr(sys.stdin, "buffer", None):
            self.stream.close()


def _utf8_lines(binary: IO[bytes], name: str) -> Iterator[str]:
    """The lines of a binary file as text (line ends kept, as csv wants), decoded one by one."""
    for number, raw in enumerate(binary, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedInputError(f"{name}, line {number}: not UTF-8 text") from None


class _CsvReader(_Reader):
    def __init__(self, path: Path, name: str, text_col: str, id_col: str | None) -> None:
        csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
        self.name = name
        self.file = open(path, "rb")  # noqa: SIM115 (closed by close())
        # decoded line by line, so that a bad byte is reported on its own line (a text-mode
        # file decodes 8 KB ahead, and would blame whatever line was being read)
        self.reader = csv.reader(_utf8_lines(self.file, name))
        try:
            header = next(self.reader, None)
        except csv.Error as error:
            self.close()
            raise MalformedInputError(f"{name}, line 1: cannot read the header: {error}") from None
        except MalformedInputError:
            self.close()
            raise
        if not header:
            self.close()
            raise MalformedInputError(f"{name}: no header row (a CSV input needs one, naming the columns)")
        self.width = len(header)
        if text_col not in header:
            self.close()
            raise MalformedInputError(f"{name}: no column {text_col!r} in the header (columns: "
                                      f"{', '.join(map(repr, header))}); choose it with --text-col")
        if id_col is not None and id_col not in header:
            self.close()
            raise MalformedInputError(f"{name}: no column {id_col!r} for --id-col in the header "
                                      f"(columns: {', '.join(map(repr, header))})")
        self.id_name = id_col if id_col is not None else ("id" if "id" in header else None)
        for column in {text_col, self.id_name} - {None}:
            if header.count(column) > 1:
                self.close()
                raise MalformedInputError(f"{name}: the header names column {column!r} {header.count(column)} "
                                          "times: which one to read is ambiguous")
        self.text_index = header.index(text_col)
        self.id_index = header.index(self.id_name) if self.id_name is not None else None

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        reader, text_index, id_index = self.reader, self.text_index, self.id_index
        row = 0
        while True:
            try:
                fields = next(reader, None)
            except csv.Error as error:
                raise MalformedInputError(f"{self.name}, line {reader.line_num}: {error}") from None
            if fields is None:
                return
            if not fields:
                continue  # a blank line
            if len(fields) != self.width:
                raise MalformedInputError(f"{self.name}, line {reader.line_num}: {len(fields)} fields, "
                                          f"the header has {self.width}")
            yield (fields[id_index] if id_index is not None else row), fields[text_index]
            row += 1

    def close(self) -> None:
        self.file.close()


class _ParquetReader(_Reader):
    def __init__(self, path: Path, name: str, text_col: str, id_col: str | None) -> None:
        pa, pq = _pyarrow("read Parquet")
        self.name, self.text_col = name, text_col
        try:
            self.file = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as error:
            raise MalformedInputError(f"{name}: not a readable Parquet file ({_one_line(error)})") from None
        schema = self.file.schema_arrow
        if text_col not in schema.names:
            raise MalformedInputError(f"{name}: no column {text_col!r} (columns: "
                                      f"{', '.join(map(repr, schema.names))}); choose it with --text-col")
        if id_col is not None and id_col not in schema.names:
            raise MalformedInputError(f"{name}: no column {id_col!r} for --id-col "
                                      f"(columns: {', '.join(map(repr, schema.names))})")
        self.id_name = id_col if id_col is not None else ("id" if "id" in schema.names else None)
        if self.id_name is not None:
            self.arrow_id_type = schema.field(self.id_name).type
        self.total = self.file.metadata.num_rows

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        pa, _ = _pyarrow("read Parquet")
        columns = [self.text_col] if self.id_name in (None, self.text_col) else [self.text_col, self.id_name]
        row = 0
        try:
            for batch in self.file.iter_batches(batch_size=READ_BATCH_ROWS, columns=columns):
                texts = batch.column(self.text_col).to_pylist()
                ids = (batch.column(self.id_name).to_pylist() if self.id_name is not None
                       else range(row, row + len(texts)))
                for record_id, text in zip(ids, texts, strict=True):
                    yield record_id, (_missing(self.text_col, f"{self.text_col!r} is null") if text is None else text)
                row += len(texts)
        except (pa.ArrowInvalid, OSError) as error:
            raise MalformedInputError(f"{self.name}, near row {row}: cannot read ({_one_line(error)})") from None

    def close(self) -> None:
        self.file.close()


_MISSING = object()


def _names(record: dict) -> str:
    names = list(record)
    shown = ", ".join(repr(n) for n in names[:12])
    return shown + (f", ... ({len(names)} in all)" if len(names) > 12 else "") if names else "none"


def _json_type(value: object) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _pyarrow(purpose: str) -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError(f"to {purpose} install pyarrow: pip install 'starcheck[parquet]'") from None
    return pa, pq


def open_reader(source: str, text_col: str = "answer", id_col: str | None = None) -> _Reader:
    """A reader for a path or "-" (JSONL on standard input); checks the header eagerly."""
    fmt = format_of(source, "input")
    if source == "-":
        return _JsonlReader(sys.stdin.buffer, "<stdin>", text_col, id_col)
    path = Path(source)
    if not path.exists():
        raise BatchError(f"no such file: {source}")
    if path.is_dir():
        raise BatchError(f"{source} is a directory, not an input file")
    if fmt == "jsonl":
        stream = open(path, "rb")  # noqa: SIM115 (closed by the reader's close())
        try:
            return _JsonlReader(stream, source, text_col, id_col)
        except BaseException:
            stream.close()
            raise
    if fmt == "csv":
        return _CsvReader(path, source, text_col, id_col)
    return _ParquetReader(path, source, text_col, id_col)


# -- writers ---------------------------------------------------------------------------------

class _Writer:
    def __init__(self, stream: IO[bytes], columns: list[str]) -> None:
        self.stream, self.columns = stream, columns

    def write(self, record_id: Any, columns: dict[str, Any] | None, error: str | None) -> None:
        raise NotImplementedError  # pragma: no cover

    def close(self) -> None:
        self.stream.flush()

    def abort(self) -> None:
        """Release what the writer holds after a failure (the output is being thrown away)."""


class _JsonlWriter(_Writer):
    """One JSON object a line; the report is nested as an object (not a string)."""

    def write(self, record_id: Any, columns: dict[str, Any] | None, error: str | None) -> None:
        names = self.columns
        values = columns or {}
        flat = {"id": record_id}
        for name in names:
            if name != "report":
                flat[name] = values.get(name)
        flat["error"] = error
        line = json.dumps(flat, ensure_ascii=False, default=str)
        if "report" in names:
            line = f'{line[:-1]}, "report": {values.get("report") or "null"}}}'
        self.stream.write(line.encode("utf-8") + b"\n")


class _CsvWriter(_Writer):
    """A header, then one row per input row; the report is a JSON string in the last column."""

    def __init__(self, stream: IO[bytes], columns: list[str]) -> None:
        super().__init__(stream, columns)
        self.text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        self.csv = csv.writer(self.text)
        self.csv.writerow(["id", *columns])

    def write(self, record_id: Any, columns: dict[str, Any] | None, error: str | None) -> None:
        values = columns or {}
        self.csv.writerow([record_id, *(error if n == "error" else values.get(n) for n in self.columns)])

    def close(self) -> None:
        self.text.flush()
        self.text.detach()
        super().close()

    def abort(self) -> None:
        self.text.detach()  # do not let the wrapper close the stream it borrowed


class _ParquetWriter(_Writer):
    """Row groups of up to 2048 rows (or 32 MB of report JSON), a fixed schema.

    The id column keeps its type when the input is Parquet, is int64 when ids are row numbers
    (no id column), and is a string otherwise (JSONL and CSV ids are written as text).
    """

    def __init__(self, stream: IO[bytes], columns: list[str], id_type: Any) -> None:
        super().__init__(stream, columns)
        pa, pq = _pyarrow("write Parquet")
        types = {"score": pa.float64(), "kind_confidence": pa.float64(), "word_count": pa.int64(),
                 "looks_english": pa.bool_()}
        types.update({name: pa.int64() for name in COUNT_COLUMNS})
        types.update({name: pa.float64() for name in criterion_columns()})
        self.schema = pa.schema([pa.field("id", id_type)] +
                                [pa.field(name, types.get(name, pa.string())) for name in columns])
        self.stringify_ids = pa.types.is_string(id_type) or pa.types.is_large_string(id_type)
        self.writer = pq.ParquetWriter(stream, self.schema)
        self.pa = pa
        self._reset()

    def _reset(self) -> None:
        self.buffer: dict[str, list] = {name: [] for name in self.schema.names}
        self.bytes = 0

    def write(self, record_id: Any, columns: dict[str, Any] | None, error: str | None) -> None:
        if self.stringify_ids and record_id is not None and not isinstance(record_id, str):
            record_id = json.dumps(record_id, ensure_ascii=False, default=str)
        buffer = self.buffer
        buffer["id"].append(record_id)
        values = columns or {}
        for name in self.columns:
            buffer[name].append(error if name == "error" else values.get(name))
        self.bytes += len(values.get("report") or "")
        if len(buffer["id"]) >= PARQUET_ROW_GROUP_ROWS or self.bytes >= PARQUET_ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.buffer["id"]:
            self.writer.write_table(self.pa.Table.from_pydict(self.buffer, schema=self.schema))
        self._reset()

    def close(self) -> None:
        self._flush()
        self.writer.close()
        super().close()

    def abort(self) -> None:
        # Finish the doomed temp file now (it is deleted next); otherwise the writer's __del__
        # would try later, on a closed file, and print a traceback.
        with contextlib.suppress(Exception):
            self.writer.close()


def _parquet_id_type(reader: _Reader) -> Any:
    pa, _ = _pyarrow("write Parquet")
    if reader.arrow_id_type is not None:
        return reader.arrow_id_type
    return pa.int64() if reader.id_name is None else pa.string()


@contextlib.contextmanager
def atomic_output(target: str) -> Iterator[IO[bytes]]:
    """A binary stream that becomes `target` only if the block succeeds ("-": standard output).

    Writes to a hidden temporary file in the target's folder (same filesystem, so the final
    `os.replace` is atomic) and removes it on any failure, Ctrl-C included.
    """
    if target == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    folder = path.parent
    if not folder.is_dir():
        raise BatchError(f"cannot write {target}: no such folder {folder}")
    if path.is_dir():
        raise BatchError(f"cannot write {target}: it is a directory")
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise BatchError(f"cannot write in {folder}: {error.strerror}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """Keep an existing output's permissions; a new file gets the usual 0o666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
            if out_format == "jsonl":
                writer: _Writer = _JsonlWriter(stream, columns)
            elif out_format == "csv":
                writer = _CsvWriter(stream, columns)
            else:
                writer = _ParquetWriter(stream, columns, _parquet_id_type(reader))
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
    return _missing(name, f"{name!r} is null") if missing else value


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
