"""Deciding pass/fail for one answer: bars, fail level, expectations, ignores; file discovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_helpers import APPROACH, GOOD, WEAK, answer_file, write_answers

from starcheck.check.errors import CheckInputError
from starcheck.check.frontmatter import parse_answer
from starcheck.check.runner import CheckOptions, ScorerPool, check_answer, discover, grade_answer, load_answers


@pytest.fixture(scope="module")
def pool(scorer):
    return ScorerPool(scorer)


DEFAULTS = CheckOptions()


def checked(pool, body: str, options: CheckOptions = DEFAULTS, **keys: str):
    answer = parse_answer(answer_file("Tell me about a time...", body, **keys), Path("a.md"))
    return check_answer(answer, grade_answer(answer, options, pool), options)


def rules(result, failing: bool | None = None) -> set[str]:
    return {p.rule for p in result.problems if failing is None or p.fails == failing}


def test_good_answer_passes_a_high_bar(pool):
    result = checked(pool, GOOD, CheckOptions(min_grade="B"))
    assert result.report.grade in "AB" and result.passed


def test_weak_answer_fails_on_its_error_finding_and_its_bar(pool):
    result = checked(pool, WEAK, CheckOptions(min_grade="B"))
    assert not result.passed
    assert {"STAR104", "below-bar"} <= rules(result, failing=True)
    bar = next(p for p in result.problems if p.rule == "below-bar")
    assert f"grade {result.report.grade}" in bar.message and "grade B" in bar.message


def test_front_matter_bar_overrides_the_default(pool):
    lenient = checked(pool, WEAK, CheckOptions(min_grade="A"), min_grade="F", fail_level="none")
    assert lenient.passed and lenient.bar.min_grade == "F"
    strict = checked(pool, GOOD, CheckOptions(min_grade="F"), min_score="99.9")
    assert strict.bar.min_grade is None  # the file's own bar replaces the whole default bar
    assert strict.passed == (strict.report.score >= 99.9)
    bar = next((p for p in strict.problems if p.rule == "below-bar"), None)
    assert (bar is None) == strict.passed
    if bar is not None:
        assert bar.line == 3  # points at `min_score:` in the front matter


def test_fail_level(pool):
    assert checked(pool, APPROACH, CheckOptions(fail_level="error")).passed
    warned = checked(pool, APPROACH, CheckOptions(fail_level="warning"))
    assert not warned.passed
    assert all(p.severity in ("warning", "error") for p in warned.failures)
    assert checked(pool, WEAK, CheckOptions(fail_level="none")).passed


def test_expected_findings_do_not_fail_and_unmet_expectations_do(pool):
    ok = checked(pool, WEAK, expect="{fires: [STAR104], max_grade: C}")
    assert ok.passed, ok.failures
    assert "STAR104" in rules(ok, failing=False)
    broken = checked(pool, GOOD, expect="{fires: [STAR104], absent: [STAR4], kind: approach, max_grade: D}")
    assert {"expect-fires", "expect-kind", "expect-max-grade"} <= rules(broken, failing=True)
    fired_4xx = any(f.rule.startswith("STAR4") for f in broken.report.findings)
    assert ("expect-absent" in rules(broken)) == fired_4xx


def test_ignore_by_id_or_prefix(pool):
    assert checked(pool, WEAK, CheckOptions(ignore=("STAR1",))).passed
    result = checked(pool, WEAK, ignore="[STAR104]")
    assert result.passed and "STAR104" not in rules(result)


def test_rubric_from_front_matter_relative_to_the_file(pool, tmp_path):
    (tmp_path / "lenient.toml").write_text("[grades]\nA = 4\nB = 3\nC = 2\nD = 1\n", encoding="utf-8")
    text = answer_file("Q?", WEAK, rubric="lenient.toml", min_grade="A", fail_level="none")
    path = write_answers(tmp_path, lenient_answer=text) / "lenient_answer.md"
    answer = parse_answer(text, path)
    result = check_answer(answer, grade_answer(answer, CheckOptions(), pool), CheckOptions())
    assert result.report.grade == "A" and result.passed
    assert checked(pool, WEAK, min_grade="A", fail_level="none").report.grade != "A"  # default rubric
    bad = parse_answer(answer_file("Q?", GOOD, rubric="no-such-profile"), path)
    with pytest.raises(CheckInputError, match="key 'rubric'"):
        grade_answer(bad, CheckOptions(), pool)


def test_discover_and_load(tmp_path):
    write_answers(tmp_path / "answers", good=answer_file("Q?", GOOD), readme="# Notes\n")
    write_answers(tmp_path / "answers" / ".hidden", secret=answer_file("Q?", GOOD))
    (tmp_path / "answers" / "notes.txt").write_text("not markdown", encoding="utf-8")
    files = discover([tmp_path / "answers"])
    assert [f.name for f in files] == ["good.md", "readme.md"]
    answers, skipped = load_answers(files)
    assert [a.path.name for a in answers] == ["good.md"] and [s.name for s in skipped] == ["readme.md"]
    with pytest.raises(CheckInputError, match="no such file or folder"):
        discover([tmp_path / "missing"])


def test_every_bad_file_is_reported_at_once(tmp_path):
    write_answers(tmp_path, a="---\nmin_grade: B\n---\nbody\n", b="---\nquestion: q\nbogus: 1\n---\nbody\n")
    with pytest.raises(CheckInputError) as caught:
        load_answers(discover([tmp_path]))
    message = str(caught.value)
    assert "a.md" in message and "question" in message and "b.md" in message and "bogus" in message


def test_pool_loads_lazily_and_shares_the_pipeline(scorer, monkeypatch):
    from starcheck.check import runner

    calls = []
    monkeypatch.setattr(runner, "load_base_scorer", lambda: calls.append(1) or scorer)
    pool = ScorerPool()
    assert calls == []
    senior = pool.scorer("senior-engineering")
    assert pool.scorer(None) is scorer and senior.nlp is scorer.nlp and senior.rubric.name == "senior-engineering"
    assert pool.scorer("senior-engineering") is senior and calls == [1]
    assert getattr(senior, "_lock", None) is getattr(scorer, "_lock", None)  # threads still take turns
