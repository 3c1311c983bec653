"""The pytest plugin, run through `pytester`: curated answers as test items."""

from __future__ import annotations

import pytest

from starcheck.check import runner

pytest_plugins = ["pytester"]

# Our own words: actions, then nothing about how it turned out (STAR104).
WEAK = (
    "Last spring I ran the help desk at a small accounting firm, and our printers jammed several times a day. "
    "My manager asked me to fix it before tax season. I checked every printer, I replaced the worn rollers and "
    "I moved the heavy card stock to a separate tray."
)


@pytest.fixture()
def loads(monkeypatch, scorer) -> list[int]:
    """Share the session Scorer with the in-process runs, counting how often it is asked for."""
    calls: list[int] = []
    monkeypatch.setattr(runner, "load_base_scorer", lambda: calls.append(1) or scorer)
    return calls


def answer(body: str, **keys: str) -> str:
    return "\n".join(["---", "question: Tell me about a time you fixed something.",
                      *(f"{k}: {v}" for k, v in keys.items()), "---", "", body, ""])


@pytest.fixture()
def good_body(good_answer) -> str:
    return good_answer


def test_answers_become_items_named_after_their_files(pytester, loads, good_body):
    pytester.makefile(".md", good=answer(good_body, min_grade="B"), weak=answer(WEAK, min_grade="B"),
                      README="# Not an answer\n")
    result = pytester.runpytest("--starcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*starcheck answer: weak*",
        "weak.md: grade [CDF] (score *); bar: grade B; fail level: error",
        "failed on:",
        "*below-bar*",
        "*STAR104 [[]error[]]*",
    ])
    assert "README" not in result.stdout.str()
    assert loads == [1]  # one Scorer for the whole session


def test_expectations_and_pytest_selection(pytester, loads):
    pytester.makefile(".md", weak=answer(WEAK, expect="{fires: [STAR104], max_grade: C}"))
    result = pytester.runpytest("--starcheck", "-p", "no:cacheprovider", "-v", "-m", "starcheck")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*weak.md::weak PASSED*"])


def test_off_by_default_and_lazy(pytester, loads, good_body):
    pytester.makefile(".md", good=answer(good_body))
    pytester.makepyfile(test_plain="def test_ok():\n    assert True\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    pytester.makefile(".md", good="# no front matter here\n")
    result = pytester.runpytest("--starcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert loads == []  # no answer collected: the pipeline is never loaded


def test_starcheck_paths_ini_adds_and_filters(pytester, loads, good_body):
    pytester.makeini("[pytest]\ntestpaths = tests\nstarcheck_paths = answers\n")
    pytester.mkdir("answers")
    pytester.mkdir("tests")
    (pytester.path / "answers" / "good.md").write_text(answer(good_body, min_grade="C"), encoding="utf-8")
    (pytester.path / "tests" / "notes.md").write_text(answer(WEAK, min_grade="A"), encoding="utf-8")
    (pytester.path / "tests" / "test_plain.py").write_text("def test_ok():\n    pass\n", encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)  # answers/ added to the run; tests/notes.md is not under starcheck_paths
    result.stdout.fnmatch_lines(["*answers/good.md::good PASSED*"])
    explicit = pytester.runpytest("-p", "no:cacheprovider", "tests")
    explicit.assert_outcomes(passed=1)  # explicit paths: only what was asked for


def test_project_configuration_sets_the_default_bar(pytester, loads, good_body):
    pytester.makepyprojecttoml('[tool.starcheck]\nmin-grade = "A"\nfail-level = "warning"\n')
    pytester.makefile(".md", weak=answer(WEAK, expect="{fires: [STAR104]}"))
    result = pytester.runpytest("--starcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*bar: grade A; fail level: warning*"])


def test_bad_front_matter_is_a_collection_error(pytester, loads):
    pytester.makefile(".md", broken="---\nquestion: q\nmin_grade: Z\n---\nbody\n")
    result = pytester.runpytest("--starcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*broken.md: invalid front matter: key 'min_grade'*"])
    assert "Traceback" not in result.stdout.str()
