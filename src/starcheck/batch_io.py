"""Reading and writing the files of batch grading: JSONL, CSV and Parquet, and the result columns.

Readers yield `(id, text)` pairs lazily and stop a malformed file with a one-line
`MalformedInputError` naming the file and line or column; a row whose text is missing yields a
`Failed` in its place (it becomes an error row, see `starcheck.batch`). Writers take one result
row at a time. `atomic_output` writes beside the target and renames at the end. pandas and
pyarrow are imported only by the functions that need them.
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
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .report import Report
from .scorer import Failed

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
COUNT_COLUMNS = ("n_sentences", "n_quantities", "n_tradeoffs", "n_findings")
PARQUET_ROW_GROUP_ROWS = 2048
PARQUET_ROW_GROUP_BYTES = 32 * 1024 * 1024
READ_BATCH_ROWS = 1024


class BatchError(ValueError):
    """Batch grading cannot run (bad arguments, an unreadable or unwritable file); one line."""


class MalformedInputError(BatchError):
    """The input file is malformed; the message names the file and the line or column."""


# -- result columns ----------------------------------------------------------------------------

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


# -- readers -----------------------------------------------------------------------------------

def format_of(name: str, role: str) -> str:
    """"jsonl", "csv" or "parquet" from a file name's extension ("-" is JSONL)."""
    if name == "-":
        return "jsonl"
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise BatchError(f"cannot tell the {role} format of {name}: use one of {known} (or - for JSONL)")
    return fmt


def missing_text(text_col: str, why: str) -> Failed:
    """The `Failed` that stands in for a row without text (it becomes an error row)."""
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
                text = missing_text(text_col, f"the row has no {text_col!r} field")
            elif text is None:
                text = missing_text(text_col, f"{text_col!r} is null")
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
                    if text is None:
                        text = missing_text(self.text_col, f"{self.text_col!r} is null")
                    yield record_id, text
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


# -- writers -----------------------------------------------------------------------------------

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


def open_writer(out_format: str, stream: IO[bytes], columns: list[str], reader: _Reader) -> _Writer:
    """The writer of `out_format` ("jsonl", "csv" or "parquet"); Parquet takes its id type from
    the reader."""
    if out_format == "jsonl":
        return _JsonlWriter(stream, columns)
    if out_format == "csv":
        return _CsvWriter(stream, columns)
    return _ParquetWriter(stream, columns, _parquet_id_type(reader))


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
