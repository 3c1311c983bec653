"""Edits that do not change what an answer says must not change its grade (hypothesis).

Line breaks between sentences, Windows line ends, whitespace around the answer, curly quotes
and runs of spaces inside sentences: the whole report (grade, kind, score, rules, roles) must
not change (docs/rubric.md, "Stability"). Hypothesis runs derandomized, so CI sees the same
examples.
"""

from __future__ import annotations

import re

from answers import COMPLETE_STORIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starcheck.rubric.lexicon import rubric_lexicon

STORIES = sorted(COMPLETE_STORIES.values())
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
SENTENCE_END = re.compile(r"(?<=[.!?]) (?=[A-Z])")


def _signature(report):
    return (report.grade, report.kind, round(report.score, 1),
            sorted({f.rule for f in report.findings}))


def _rejoin(text: str, separators: list[str]) -> str:
    pieces = SENTENCE_END.split(text)
    out = pieces[0]
    for i, piece in enumerate(pieces[1:]):
        out += separators[i % len(separators)] + piece
    return out


@SETTINGS
@given(story=st.sampled_from(STORIES),
       separators=st.lists(st.sampled_from([" ", "\n", "\n\n", " \n", "\r\n"]), min_size=1, max_size=6))
def test_line_breaks_between_sentences_do_not_change_the_grade(scorer, story, separators):
    assert _signature(scorer.score(_rejoin(story, separators))) == _signature(scorer.score(story))


@SETTINGS
@given(story=st.sampled_from(STORIES),
       before=st.sampled_from(["", " ", "\n", "  \n", "\t"]),
       after=st.sampled_from(["", " ", "\n", "\n\n", " \n "]))
def test_whitespace_around_the_answer_does_not_change_the_grade(scorer, story, before, after):
    edited = scorer.score(before + story + after)
    original = scorer.score(story)
    assert _signature(edited) == _signature(original)
    # offsets still point into the text that was graded
    text = before + story + after
    for sentence in edited.sentences:
        assert text[sentence.start:sentence.end] == sentence.text


def _curly(text: str) -> str:
    return re.sub(r"'", "\u2019", text)


@SETTINGS
@given(phrase=st.sampled_from(["what I'd do differently", "I'd bring them in earlier", "I've learned",
                               "trade-offs considered", "tradeoffs considered", "I didn't know"]))
def test_rubric_phrases_match_with_curly_quotes_and_hyphen_variants(scorer, phrase):
    lexicon = rubric_lexicon()
    straight = {c for c, _, _ in lexicon.find(scorer.nlp.make_doc("So " + phrase + " then."))}
    curly = {c for c, _, _ in lexicon.find(scorer.nlp.make_doc("So " + _curly(phrase) + " then."))}
    assert straight == curly


@SETTINGS
@given(story=st.sampled_from(STORIES), data=st.data())
def test_smart_quotes_and_double_spaces_do_not_change_the_report_of_a_complete_story(scorer, story, data):
    spaces = [m.start() for m in re.finditer(" ", story)]
    chosen = set(data.draw(st.lists(st.sampled_from(spaces), max_size=5)))
    edited = "".join("  " if i in chosen else ch for i, ch in enumerate(_curly(story)))
    report, original = scorer.score(edited), scorer.score(story)
    assert _signature(report) == _signature(original)
    assert [s.role for s in report.sentences] == [s.role for s in original.sentences]


def _corpus_answers() -> list[str]:
    from conftest import ROOT
    from starcheck.learn.corpus import load_corpus

    return [a.text for a in load_corpus(ROOT / "data", "dev")]


CORPUS = _corpus_answers()


def _break_lines(text: str, report, separator: str) -> str:
    """The text with the whitespace between the report's sentences replaced by `separator`."""
    out, cursor = [], 0
    for sentence, following in zip(report.sentences, report.sentences[1:], strict=False):
        gap = text[sentence.end:following.start]
        if gap.strip() == "" and gap:
            out.append(text[cursor:sentence.end] + separator)
            cursor = following.start
    out.append(text[cursor:])
    return "".join(out)


@SETTINGS
@given(index=st.integers(0, len(CORPUS) - 1),
       separator=st.sampled_from(["\n", "\n\n", "\r\n", " \n"]),
       before=st.sampled_from(["", "\n", "  "]), after=st.sampled_from(["", "\n", " \n"]))
def test_any_answer_keeps_its_grade_under_line_breaks_and_surrounding_whitespace(scorer, index, separator,
                                                                                  before, after):
    """Answers of every quality (the corpus's dev split), with a line break at each sentence end."""
    text = CORPUS[index]
    original = scorer.score(text)
    edited = before + _break_lines(text, original, separator) + after
    assert _signature(scorer.score(edited)) == _signature(original)


@SETTINGS
@given(index=st.integers(0, len(CORPUS) - 1), data=st.data())
def test_any_answer_keeps_its_report_under_curly_quotes_and_runs_of_spaces(scorer, index, data):
    """Answers of every quality (the dev split), with typographic edits anywhere."""
    text = CORPUS[index]
    spaces = [m.start() for m in re.finditer(" ", text)]
    chosen = set(data.draw(st.lists(st.sampled_from(spaces), max_size=8)))
    run = data.draw(st.sampled_from(["  ", "   ", "\u00a0", " \t "]))
    edited = "".join(run if i in chosen else ch for i, ch in enumerate(_curly(text)))
    report, original = scorer.score(edited), scorer.score(text)
    assert _signature(report) == _signature(original)
    assert [s.role for s in report.sentences] == [s.role for s in original.sentences]
    for sentence in report.sentences:
        assert edited[sentence.start:sentence.end] == sentence.text
