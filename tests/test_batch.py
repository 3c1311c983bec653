"""starcheck.batch and `starcheck grade`: formats, error rows, order, malformed input, atomic output."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import starcheck
from starcheck import batch
from starcheck.batch import BatchError, MalformedInputError, grade_file

GOOD = [
    "Our support queue had grown to 400 open tickets. I set up a triage rota and wrote macros "
    "for the common questions. Within three weeks the queue fell to 150.",
    "I fixed the build. It got faster.",
    "The ward was short of two nurses on nights. I rewrote the handover sheet instead of adding "
    "a meeting. Missed medications dropped from 9 to 2 a month.",
    'A line with "quotes", commas, and a\nnew line. I kept it. Sales rose 5%.',
]
# (id, text) rows: good answers mixed with every kind of row that must become an error row.
ROWS = [
    ("r0", GOOD[0]), ("r1", ""), ("r2", GOOD[1]), ("r3", None), ("r4", "   \n"),
    ("r5", GOOD[2]), ("r6", "word " * 30_000), ("r7", GOOD[3]),
]
ERROR_IDS = {"r1", "r3", "r4", "r6"}
FORMATS = ["jsonl", "csv", "parquet"]


def needs(fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (starcheck[parquet])")


def write_input(path: Path, rows=ROWS, text_col: str = "answer") -> Path:
    fmt = path.suffix.lstrip(".")
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as f:
            for rid, text in rows:
                f.write(json.dumps({"id": rid, text_col: text}) + "\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", text_col])
            writer.writerows([(rid, "" if text is None else text) for rid, text in rows])
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({"id": [r for r, _ in rows], text_col: [t for _, t in rows]})
        pq.write_table(table, path, row_group_size=3)
    return path


def read_output(path: Path) -> list[dict]:
    fmt = path.suffix.lstrip(".")
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def report_of(row: dict) -> dict | None:
    value = row["report"]
    return json.loads(value) if isinstance(value, str) else value


@pytest.mark.parametrize("out_fmt", FORMATS)
@pytest.mark.parametrize("in_fmt", FORMATS)
def test_every_format_round_trips_with_error_rows_in_order(tmp_path, scorer, in_fmt, out_fmt):
    needs(in_fmt)
    needs(out_fmt)
    source = write_input(tmp_path / f"in.{in_fmt}")
    target = tmp_path / f"out.{out_fmt}"
    summary = grade_file(str(source), str(target), scorer=scorer)
    rows = read_output(target)
    assert [row["id"] for row in rows] == [rid for rid, _ in ROWS]
    assert list(rows[0]) == ["id", *batch.result_columns()]
    assert summary.rows == len(ROWS) and summary.errors == len(ERROR_IDS)
    for (rid, text), row in zip(ROWS, rows, strict=True):
        if rid in ERROR_IDS:
            assert row["error"] and row["score"] is None and row["report"] is None
            continue
        expected = scorer.score(text)
        assert row["error"] is None
        assert float(row["score"]) == expected.score and row["grade"] == expected.grade
        assert int(row["n_sentences"]) == len(expected.sentences)
        assert float(row["score_structure"]) == expected.criterion("structure").score
        assert report_of(row) == json.loads(expected.model_dump_json())


def test_error_rows_say_why(tmp_path, scorer):
    rows = [("a", None), ("b", ""), ("c", 42), ("d", "x " * 60_000)]
    source = tmp_path / "in.jsonl"
    with source.open("w") as f:
        for rid, text in rows:
            f.write(json.dumps({"id": rid, "answer": text}) + "\n")
        f.write(json.dumps({"id": "e"}) + "\n")  # no answer field at all
    grade_file(str(source), str(tmp_path / "out.jsonl"), scorer=scorer)
    errors = {row["id"]: row["error"] for row in read_output(tmp_path / "out.jsonl")}
    assert errors["a"] == "missing text: 'answer' is null"
    assert "empty" in errors["b"]
    assert "expected str, got int" in errors["c"]
    assert "limit" in errors["d"]
    assert errors["e"] == "missing text: the row has no 'answer' field"


def test_ids_default_to_the_row_number_and_follow_id_col(tmp_path, scorer):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"key": k, "text": GOOD[1]}) for k in "xyz") + "\n\n")
    grade_file(str(source), str(tmp_path / "a.jsonl"), text_col="text", scorer=scorer)
    assert [r["id"] for r in read_output(tmp_path / "a.jsonl")] == [0, 1, 2]
    grade_file(str(source), str(tmp_path / "b.jsonl"), text_col="text", id_col="key", scorer=scorer)
    assert [r["id"] for r in read_output(tmp_path / "b.jsonl")] == ["x", "y", "z"]


def test_parquet_keeps_the_id_type(tmp_path, scorer):
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (starcheck[parquet])")
    import pyarrow.parquet as pq

    source = write_input(tmp_path / "in.parquet", rows=[(10, GOOD[0]), (11, None)])
    grade_file(str(source), str(tmp_path / "out.parquet"), scorer=scorer, report=False)
    table = pq.read_table(tmp_path / "out.parquet")
    assert str(table.schema.field("id").type) == "int64"
    assert table.column("id").to_pylist() == [10, 11]
    assert "report" not in table.schema.names


def test_empty_input_gives_an_empty_output(tmp_path, scorer):
    (tmp_path / "in.jsonl").write_text("")
    summary = grade_file(str(tmp_path / "in.jsonl"), str(tmp_path / "out.csv"), scorer=scorer)
    assert summary.rows == 0
    assert (tmp_path / "out.csv").read_text().startswith("id,score,grade")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.jsonl", '{"answer": "I did it."}\n{"answer": "oops"\n', r"bad\.jsonl, line 2: not valid JSON"),
    ("list.jsonl", '{"answer": "I did it."}\n\n[1, 2]\n', r"line 3: expected a JSON object, got an array"),
    ("col.jsonl", '{"text": "I did it."}\n', r"line 1: no field 'answer' \(fields: 'text'\).*--text-col"),
    ("utf.jsonl", b'{"answer": "I did it."}\n{"answer": "\xff"}\n', r"line 2: not UTF-8"),
    ("width.csv", 'id,answer\n1,"I did it."\n2,"a","b"\n', r"width\.csv, line 3: 3 fields, the header has 2"),
    ("col.csv", "id,text\n1,I did it.\n", r"no column 'answer' in the header \(columns: 'id', 'text'\)"),
    ("empty.csv", "", r"no header row"),
    ("fake.parquet", "not parquet at all", r"fake\.parquet: not a readable Parquet file"),
])
def test_malformed_input_is_one_clear_error_and_no_output(tmp_path, scorer, name, content, message):
    if name.endswith(".parquet"):
        needs("parquet")
    source = tmp_path / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("previous results\n")
    with pytest.raises(MalformedInputError, match=message) as caught:
        grade_file(str(source), str(target), scorer=scorer)
    assert "\n" not in str(caught.value)
    assert target.read_text() == "previous results\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])  # no temp file left


def test_missing_parquet_column_names_the_columns(tmp_path, scorer):
    needs("parquet")
    source = write_input(tmp_path / "in.parquet", text_col="text")
    with pytest.raises(MalformedInputError, match=r"no column 'answer' \(columns: 'id', 'text'\)"):
        grade_file(str(source), str(tmp_path / "out.jsonl"), scorer=scorer)


def test_bad_arguments(tmp_path, scorer):
    source = write_input(tmp_path / "in.jsonl")
    with pytest.raises(BatchError, match="output format"):
        grade_file(str(source), str(tmp_path / "out.txt"), scorer=scorer)
    with pytest.raises(BatchError, match="no such folder"):
        grade_file(str(source), str(tmp_path / "nope" / "out.jsonl"), scorer=scorer)
    with pytest.raises(BatchError, match="is the input"):
        grade_file(str(source), str(source), scorer=scorer)
    with pytest.raises(BatchError, match="no such file"):
        grade_file(str(tmp_path / "missing.csv"), str(tmp_path / "out.jsonl"), scorer=scorer)
    with pytest.raises(MalformedInputError, match="for --id-col"):
        grade_file(str(source), str(tmp_path / "out.jsonl"), id_col="key", scorer=scorer)


def test_output_appears_only_when_complete(tmp_path, scorer):
    """Mid-run the target is untouched and a hidden .part file beside it grows; then a rename."""
    source = write_input(tmp_path / "in.jsonl", rows=[(i, GOOD[i % 4]) for i in range(40)])
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    seen = []
    real_records = batch.grade_records

    def watching(*args, **kwargs):
        for i, row in enumerate(real_records(*args, **kwargs)):
            if i == 30:
                seen.append((target.read_text(), sorted(p.name for p in tmp_path.glob(".out.jsonl.*.part"))))
            yield row

    batch.grade_records, saved = watching, batch.grade_records
    try:
        grade_file(str(source), str(target), scorer=scorer, batch_size=4)
    finally:
        batch.grade_records = saved
    (old_text, parts), = seen
    assert old_text == "old\n" and len(parts) == 1
    assert len(read_output(target)) == 40
    assert not list(tmp_path.glob(".out.jsonl.*"))
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o640)  # permissions kept


def test_a_failure_midway_leaves_no_partial_output(tmp_path, scorer):
    lines = [json.dumps({"id": i, "answer": GOOD[i % 4]}) for i in range(50)] + ["{broken"]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(MalformedInputError, match="line 51"):
        grade_file(str(tmp_path / "in.jsonl"), str(tmp_path / "out.parquet" if _has_pyarrow() else
                                                   tmp_path / "out.csv"), scorer=scorer, batch_size=8)
    assert [p.name for p in tmp_path.iterdir()] == ["in.jsonl"]


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def test_two_processes_write_the_same_file(tmp_path, scorer):
    source = write_input(tmp_path / "in.jsonl", rows=[*ROWS, *[(f"g{i}", GOOD[i % 4]) for i in range(30)]])
    grade_file(str(source), str(tmp_path / "one.jsonl"), scorer=scorer, batch_size=5)
    grade_file(str(source), str(tmp_path / "two.jsonl"), scorer=scorer, batch_size=5, n_process=2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_summary_counts_rows_errors_and_grades(tmp_path, scorer, capsys):
    source = write_input(tmp_path / "in.jsonl")
    summary = grade_file(str(source), str(tmp_path / "out.jsonl"), scorer=scorer, progress=True)
    text = summary.format()
    assert text.startswith("graded 4 of 8 rows (4 errors)") and "rows/s" in text
    assert "grades: A" in text and "empty text (2)" in text and "missing text (1)" in text
    assert sum(summary.grades.values()) == 4


# -- pandas ------------------------------------------------------------------------------------

def test_grade_frame_is_aligned_to_the_index(scorer):
    pd = pytest.importorskip("pandas", reason="grade_frame needs pandas (starcheck[pandas])")
    df = pd.DataFrame(
        {"answer": [GOOD[2], None, GOOD[0], float("nan"), 17, "", GOOD[1]], "other": range(7)},
        index=pd.Index(["g", "e", "c", "a", "f", "b", "d"], name="key"),
    )
    out = starcheck.grade_frame(df, scorer=scorer)
    assert out.index.equals(df.index)
    assert list(out.columns) == batch.result_columns()
    assert out.loc["g", "score"] == scorer.score(GOOD[2]).score
    assert out.loc["c", "grade"] == scorer.score(GOOD[0]).grade
    assert out.loc["d", "report"] == scorer.score(GOOD[1]).model_dump_json()
    assert out["error"].isna().tolist() == [True, False, True, False, False, False, True]
    assert out.loc["e", "error"] == "missing text: 'answer' is null"
    assert "int" in out.loc["f", "error"] and "empty" in out.loc["b", "error"]
    assert str(out["n_sentences"].dtype) == "Int64" and pd.isna(out.loc["e", "n_sentences"])
    joined = df.join(out)
    assert joined.loc["g", "other"] == 0 and joined.loc["g", "score"] == out.loc["g", "score"]


def test_grade_frame_options_and_errors(scorer):
    pd = pytest.importorskip("pandas", reason="grade_frame needs pandas (starcheck[pandas])")
    df = pd.DataFrame({"text": [GOOD[1]] * 5})
    out = starcheck.grade_frame(df, text_col="text", scorer=scorer, report=False, batch_size=2)
    assert "report" not in out.columns and len(out) == 5
    assert starcheck.grade_frame(df.iloc[:0], text_col="text", scorer=scorer).empty
    with pytest.raises(KeyError, match="no column 'answer'"):
        starcheck.grade_frame(df, scorer=scorer)
    with pytest.raises(TypeError, match="DataFrame"):
        starcheck.grade_frame([GOOD[1]], scorer=scorer)


def test_starcheck_works_without_pandas():
    """pandas stays optional: with it unimportable, starcheck imports, grades, and says what is missing."""
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pandas", "pyarrow"):
            raise ModuleNotFoundError("blocked: " + name)
sys.meta_path.insert(0, Block())
import starcheck
assert "starcheck.batch" not in sys.modules
from starcheck import grade_frame  # resolves lazily; pandas only when called
from starcheck.batch import grade_records
rows = list(grade_records([(1, "I fixed it. It worked."), (2, "")], starcheck.Scorer()))
assert rows[0][2] is None and rows[1][2]
try:
    grade_frame(None)
except ImportError as error:
    print("ok", error)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


# -- the CLI, as a user runs it ------------------------------------------------------------------

def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("starcheck")
    command = [exe, *args] if exe else [sys.executable, "-m", "starcheck.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120, cwd=cwd)


def test_cli_grades_a_file_with_a_summary(tmp_path):
    write_input(tmp_path / "in.jsonl")
    result = run("grade", "in.jsonl", "-o", "out.csv", "--n-process", "2", "--batch-size", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = read_output(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == [rid for rid, _ in ROWS]
    assert {r["id"] for r in rows if r["error"]} == ERROR_IDS
    assert "graded 4 of 8 rows (4 errors)" in result.stderr and "grades:" in result.stderr
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal


def test_cli_streams_stdin_to_stdout_quietly():
    lines = "".join(json.dumps({"id": i, "answer": text}) + "\n" for i, text in enumerate([GOOD[0], "", GOOD[1]]))
    result = run("grade", "-", "-o", "-", "--quiet", stdin=lines)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [0, 1, 2]
    assert rows[1]["error"] and rows[0]["report"]["criteria"]


def test_cli_malformed_input_is_exit_2_with_one_line(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"answer": "I did it. It worked."}\nnot json\n')
    result = run("grade", "in.jsonl", "-o", "out.parquet", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("starcheck: error: in.jsonl, line 2: not valid JSON")
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["in.jsonl"]
