"""The corpus page: a streaming accumulator (bounded memory), the grade_file hook, `grade --html`."""

from __future__ import annotations

import html
import json
import random

import pytest
from html_checks import check_tree
from typer.testing import CliRunner

from starcheck.batch import grade_file
from starcheck.cli import app
from starcheck.html import CorpusReport

ANSWERS = [
    ("story-1", "Our night shift at a care home kept running out of clean linen by four in the morning. "
                "I was asked to fix the supply before the inspection in a month. I counted use for two weeks "
                "and moved one laundry run from the afternoon to midnight instead of buying more sheets. "
                "Shortages dropped from nine nights a month to one, and I now check usage before ordering."),
    ("weak-2", "So we had a thing with the printers and stuff and we kind of sorted it out in the end."),
    ("<i>odd id</i>", "I always try my best <script>window.__corpus_pwned = 1</script> and I like people."),
    ("empty-3", ""),
]


def _columns(score: float, grade: str, kind: str = "story", rules: str = "") -> dict:
    return {"score": score, "grade": grade, "kind": kind, "score_structure": score / 10,
            "finding_rules": rules, "report": json.dumps({"criteria": [
                {"id": "structure", "name": "Structure", "max": 10.0}]})}


def test_the_accumulator_keeps_only_the_lowest_rows_and_counts_everything():
    corpus = CorpusReport(lowest=5)
    rng = random.Random(7)
    scores = [round(rng.uniform(0, 100), 1) for _ in range(5000)]
    for i, score in enumerate(scores):
        grade = "A" if score >= 80 else "C" if score >= 50 else "F"
        corpus.add(i, f"answer {i}", _columns(score, grade, rules="STAR101 STAR401" if i % 2 else "STAR401"), None)
        assert len(corpus._heap) <= 5
    corpus.add("bad", None, None, "empty text")
    assert corpus.rows == 5001 and corpus.graded == 5000 and corpus.errors == 1
    assert sum(corpus.histogram) == 5000
    assert corpus.rules["STAR401"] == 5000 and corpus.rules["STAR101"] == 2500
    expected = sorted(range(5000), key=lambda i: (scores[i], i))[:5]
    assert [rid for _, rid, _, _ in corpus.lowest_rows()] == expected
    assert corpus.criterion_sums["structure"] == pytest.approx(sum(scores) / 10)


def test_ties_keep_the_earlier_row():
    corpus = CorpusReport(lowest=2)
    for i in range(4):
        corpus.add(f"r{i}", "x", _columns(10.0, "F"), None)
    assert [rid for _, rid, _, _ in corpus.lowest_rows()] == ["r0", "r1"]


def test_an_empty_corpus_renders():
    check_tree(CorpusReport().to_html())


@pytest.fixture()
def answers_file(tmp_path):
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps({"id": i, "answer": a}) + "\n" for i, a in ANSWERS), encoding="utf-8")
    return path


def test_grade_file_feeds_every_row_with_its_text_and_writes_the_same_output(answers_file, tmp_path, scorer):
    seen = []
    plain = grade_file(str(answers_file), str(tmp_path / "plain.jsonl"), scorer=scorer)
    hooked = grade_file(str(answers_file), str(tmp_path / "hooked.jsonl"), scorer=scorer,
                        on_row=lambda rid, text, columns, error: seen.append((rid, text, columns is None, error)))
    assert (tmp_path / "plain.jsonl").read_bytes() == (tmp_path / "hooked.jsonl").read_bytes()
    assert plain.rows == hooked.rows == len(seen) == len(ANSWERS)
    assert [(rid, text) for rid, text, _, _ in seen] == ANSWERS
    assert [failed for _, _, failed, _ in seen] == [False, False, False, True]


def test_grade_html_writes_a_corpus_page(answers_file, tmp_path):
    html_path = tmp_path / "corpus.html"
    result = CliRunner().invoke(app, ["grade", str(answers_file), "-o", str(tmp_path / "out.jsonl"),
                                      "--html", str(html_path), "-q"])
    assert result.exit_code == 0, result.output
    page = html_path.read_text(encoding="utf-8")
    tree = check_tree(page)
    assert "script" not in tree.tags and "&lt;script&gt;" in page
    assert "&lt;i&gt;odd id&lt;/i&gt;" in page and "<i>odd" not in page
    for k in (1, 2, 3):
        assert f"answer-{k}" in tree.ids and f'href="#answer-{k}"' in page
    assert "answer-4" not in tree.ids  # the error row is counted, not listed
    sections = {"grade-chart", "score-chart", "grades", "scores", "kinds", "criteria", "findings", "lowest"}
    assert sections <= set(tree.ids)
    assert '<strong id="rows">4</strong>' in page and '<strong id="errors">1</strong>' in page
    # the lowest answers are in score order, each rendered with its own id prefix
    graded = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    lowest = sorted((r for r in graded if r["error"] is None), key=lambda r: r["score"])
    for k, row in enumerate(lowest, 1):
        assert f'<a href="#answer-{k}">{html.escape(str(row["id"]))}</a>' in page
    assert "a1-grade" in tree.ids and "a3-answer" in tree.ids


def test_grade_html_to_a_missing_folder_fails_before_grading(answers_file, tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["grade", str(answers_file), "-o", str(out), "--html",
                                      str(tmp_path / "nope" / "c.html")])
    assert result.exit_code == 2
    assert "cannot write the HTML report" in result.output
    assert not out.exists()
