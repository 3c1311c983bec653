"""`starcheck grade` on messy files: clear errors or error rows, no lost row, no half-written output.

tests/test_batch.py covers the formats, error rows for null/empty/non-string/too-long text,
malformed JSON and CSV widths, and atomic output; these are the cases it leaves out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from starcheck import batch
from starcheck.batch import MalformedInputError, grade_file

OK = "Our queue had 400 tickets. I set up a rota and wrote macros. Within a month it fell to 120."


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def grade(tmp_path: Path, name: str, content: str | bytes, scorer, **kwargs) -> list[dict]:
    source = tmp_path / name
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    grade_file(str(source), str(tmp_path / "out.jsonl"), scorer=scorer, **kwargs)
    return rows_of(tmp_path / "out.jsonl")


def refused(tmp_path: Path, name: str, content: str | bytes, scorer, match: str) -> None:
    """A clear one-line MalformedInputError naming the file; the old output untouched, no temp file."""
    source = tmp_path / name
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n")
    with pytest.raises(MalformedInputError, match=match) as caught:
        grade_file(str(source), str(target), scorer=scorer)
    assert name in str(caught.value) and "\n" not in str(caught.value)
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])


# -- truncated last lines ------------------------------------------------------------------------

def test_a_last_line_without_newline_is_not_lost(tmp_path, scorer):
    jsonl = f'{{"id": 1, "answer": "{OK}"}}\n{{"id": 2, "answer": "I did it. It worked."}}'
    assert [r["id"] for r in grade(tmp_path, "a.jsonl", jsonl, scorer)] == [1, 2]
    csv_text = f'id,answer\n1,"{OK}"\n2,I did it. It worked.'
    assert [r["id"] for r in grade(tmp_path, "b.csv", csv_text, scorer)] == ["1", "2"]


def test_a_jsonl_line_cut_off_midway_is_refused_naming_the_line(tmp_path, scorer):
    refused(tmp_path, "cut.jsonl", f'{{"id": 1, "answer": "{OK}"}}\n{{"id": 2, "answer": "I did',
            scorer, r"cut\.jsonl, line 2: not valid JSON")


def test_a_csv_with_an_unclosed_quote_at_the_end_keeps_every_row(tmp_path, scorer):
    rows = grade(tmp_path, "q.csv", f'id,answer\n1,"{OK}"\n2,"I did it and then', scorer)
    assert [r["id"] for r in rows] == ["1", "2"]


def test_crlf_line_endings_and_byte_order_marks(tmp_path, scorer):
    jsonl = "\ufeff" + "".join(json.dumps({"id": i, "answer": OK}) + "\r\n" for i in range(3))
    assert [r["id"] for r in grade(tmp_path, "crlf.jsonl", jsonl, scorer)] == [0, 1, 2]
    csv_text = "\ufeffid,answer\r\n" + "".join(f'{i},"{OK}"\r\n' for i in range(3))
    rows = grade(tmp_path, "crlf.csv", csv_text, scorer)
    assert [r["id"] for r in rows] == ["0", "1", "2"] and not any(r["error"] for r in rows)


# -- bad encodings ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content"), [
    ("latin1.csv", f"id,answer\n1,{OK}\n2,caf\xe9 au lait\n".encode("latin-1")),
    ("latin1.jsonl", f'{{"id": 1, "answer": "{OK}"}}\n{{"id": 2, "answer": "caf\xe9"}}\n'.encode("latin-1")),
    ("utf16.csv", f"id,answer\n1,{OK}\n".encode("utf-16")),
])
def test_text_that_is_not_utf8_is_refused(tmp_path, scorer, name, content):
    refused(tmp_path, name, content, scorer, r"(?i)utf-8")


def test_a_utf16_jsonl_file_is_refused_as_not_utf8(tmp_path, scorer):
    content = "".join(json.dumps({"id": i, "answer": OK}) + "\n" for i in range(2)).encode("utf-16")
    refused(tmp_path, "utf16.jsonl", content, scorer, r"line 1: not UTF-8")


# -- odd cells ------------------------------------------------------------------------------------

def test_huge_cells_become_error_rows_not_failures(tmp_path, scorer):
    huge = "word " * 40_000  # 200,000 characters: over the default CSV field limit and max_chars
    csv_text = f'id,answer\n1,"{OK}"\n2,"{huge}"\n3,"{OK}"\n'
    rows = grade(tmp_path, "huge.csv", csv_text, scorer)
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert "over the limit" in rows[1]["error"] and rows[0]["error"] is None and rows[2]["error"] is None
    jsonl = "".join(json.dumps({"id": i, "answer": text}) + "\n" for i, text in enumerate([OK, huge, OK]))
    rows = grade(tmp_path, "huge.jsonl", jsonl, scorer)
    assert [bool(r["error"]) for r in rows] == [False, True, False]


@pytest.mark.parametrize(("value", "error"), [
    (1, "expected str, got int"), (True, "expected str, got bool"), ([OK], "expected str, got list"),
    ({"text": OK}, "expected str, got dict"), ("I fixed \ud800 it.", "lone surrogate"),
    ("\x00\x00", None), ("=" * 5_000, "without a space"), ("   ", "empty"),
])
def test_junk_cells_become_error_rows_or_are_graded(tmp_path, scorer, value, error):
    jsonl = "".join(json.dumps({"id": i, "answer": text}) + "\n" for i, text in enumerate([OK, value, OK]))
    rows = grade(tmp_path, "junk.jsonl", jsonl, scorer)
    assert [r["id"] for r in rows] == [0, 1, 2]
    assert rows[0]["error"] is None and rows[2]["error"] is None
    if error is None:
        assert rows[1]["error"] is None and rows[1]["grade"] == "F"
    else:
        assert error in rows[1]["error"] and rows[1]["report"] is None


def test_nul_bytes_in_a_csv_cell_are_graded(tmp_path, scorer):
    rows = grade(tmp_path, "nul.csv", f'id,answer\n1,"I fixed\x00 it."\n2,"{OK}"\n', scorer)
    assert [r["id"] for r in rows] == ["1", "2"] and not any(r["error"] for r in rows)


def test_a_row_without_the_id_field_keeps_its_place(tmp_path, scorer):
    jsonl = f'{{"id": "a", "answer": "{OK}"}}\n{{"answer": "{OK}"}}\n{{"id": "c", "answer": "{OK}"}}\n'
    assert [r["id"] for r in grade(tmp_path, "noid.jsonl", jsonl, scorer)] == ["a", None, "c"]


def test_a_csv_row_with_too_few_fields_is_refused_naming_the_line(tmp_path, scorer):
    refused(tmp_path, "short.csv", f'id,answer,team\n1,"{OK}",ops\n2,"{OK}"\n', scorer,
            r"short\.csv, line 3: 2 fields, the header has 3")


def test_a_jsonl_row_that_is_not_an_object_is_refused_naming_the_line(tmp_path, scorer):
    refused(tmp_path, "str.jsonl", f'{{"answer": "{OK}"}}\n"just a string"\n', scorer,
            r"str\.jsonl, line 2: expected a JSON object, got a string")


# -- output safety ---------------------------------------------------------------------------------

def test_a_crash_midway_leaves_no_partial_output_and_the_old_file(tmp_path, scorer, monkeypatch):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "answer": OK}) + "\n" for i in range(40)))
    target = tmp_path / "out.csv"
    target.write_text("old results\n")
    real = batch.grade_records

    def dies_after_ten(*args, **kwargs):
        for i, row in enumerate(real(*args, **kwargs)):
            if i == 10:
                raise KeyboardInterrupt
            yield row

    monkeypatch.setattr(batch, "grade_records", dies_after_ten)
    with pytest.raises(KeyboardInterrupt):
        grade_file(str(source), str(target), scorer=scorer, batch_size=4)
    assert target.read_text() == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.csv"]


def test_an_internal_failure_on_every_row_still_gives_one_error_row_each(tmp_path, scorer, monkeypatch):
    def broken(batch_texts):
        raise RuntimeError("boom")

    monkeypatch.setattr(scorer, "_grade_batch", broken)
    rows = grade(tmp_path, "in.jsonl", "".join(json.dumps({"id": i, "answer": OK}) + "\n" for i in range(5)),
                 scorer, batch_size=2)
    assert [r["id"] for r in rows] == [0, 1, 2, 3, 4]
    assert all("internal error" in r["error"] and "boom" in r["error"] for r in rows)


def test_writing_touches_only_the_output_file(tmp_path, scorer, monkeypatch):
    """The temp file lives beside the output and is renamed onto it; nothing lands in the working
    directory or beside the input."""
    inputs, outputs, cwd = tmp_path / "in", tmp_path / "out", tmp_path / "cwd"
    for folder in (inputs, outputs, cwd):
        folder.mkdir()
    (inputs / "a.jsonl").write_text(json.dumps({"answer": OK}) + "\n")
    monkeypatch.chdir(cwd)
    grade_file(str(inputs / "a.jsonl"), str(outputs / ".." / "out" / "graded.jsonl"), scorer=scorer)
    assert [p.name for p in outputs.iterdir()] == ["graded.jsonl"]
    assert [p.name for p in inputs.iterdir()] == ["a.jsonl"] and not list(cwd.iterdir())


def test_an_output_symlink_is_replaced_not_written_through(tmp_path, scorer):
    """A symlink at the output path (e.g. planted in a shared folder) does not redirect the write."""
    elsewhere = tmp_path / "elsewhere.jsonl"
    elsewhere.write_text("precious\n")
    link = tmp_path / "out.jsonl"
    os.symlink(elsewhere, link)
    (tmp_path / "in.jsonl").write_text(json.dumps({"answer": OK}) + "\n")
    grade_file(str(tmp_path / "in.jsonl"), str(link), scorer=scorer)
    assert elsewhere.read_text() == "precious\n"
    assert not link.is_symlink() and len(rows_of(link)) == 1


def test_a_bad_byte_deep_in_a_csv_file_is_reported_on_its_own_line(tmp_path, scorer):
    rows = "".join(f'{i},"{OK}"\n' for i in range(1, 300))  # about 40 KB: well past one read-ahead
    content = b"id,answer\n" + rows.encode("utf-8") + b'300,"caf\xe9"\n'
    refused(tmp_path, "late.csv", content, scorer, r"line 301: not UTF-8")


def test_a_csv_field_with_line_breaks_keeps_the_line_count(tmp_path, scorer):
    content = f'id,answer\n1,"{OK}\nsecond line"\n2,"{OK}"\n'.encode() + b'3,"caf\xe9"\n'
    refused(tmp_path, "multi.csv", content, scorer, r"line 5: not UTF-8")


def test_a_csv_header_naming_the_text_column_twice_is_refused(tmp_path, scorer):
    refused(tmp_path, "twice.csv", f'id,answer,answer\n1,"{OK}",other\n', scorer, r"'answer' 2 times")
