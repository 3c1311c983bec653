"""The one-answer page: escaping, well-formed nesting of overlapping spans, anchors, the text itself."""

from __future__ import annotations

import pytest
from html_checks import check_tree, make_report, overlapping_report
from hypothesis import given, settings
from hypothesis import strategies as st

from starcheck.html import answer_page, reconstruct_text
from starcheck.report import Report

SCRIPT_ANSWER = ("Last winter our support inbox at a small bike shop <script>window.__starcheck_pwned = 1;</script> "
                 "held 300 unanswered emails & \"angry\" calls. I set up saved replies instead of hiring, and "
                 "the backlog fell from 300 to 20 emails in two weeks.")


def test_overlapping_spans_give_well_formed_nested_markup():
    text, report = overlapping_report()
    page = report.to_html(text)
    tree = check_tree(page)
    # the answer reads exactly as written, markers and role tags aside
    assert "".join(tree.answer_text) == text
    # each kind of mark covers exactly its words (segmented, but nothing more or less)
    assert "".join(tree.mark_text["qty"]) == "forty minutes" + "from 40 to 8 minutes"
    assert "".join(tree.mark_text["tradeoff"]) == report.tradeoffs[0].text
    # quantities cut by the tradeoff's and the findings' edges are drawn as several marks
    answer = page[page.index('id="answer"'):page.index("</section>", page.index('id="answer"'))]
    assert answer.count('<mark class="qty') > len(report.quantities)
    for role in ("situation", "action", "result"):
        assert f'class="part part-{role}"' in page


def test_findings_are_anchored_at_their_words_and_listed():
    text, report = overlapping_report()
    tree = check_tree(report.to_html(text))
    assert {"f1", "f2", "f3"} <= set(tree.ids)
    assert "at-f1" in tree.ids and "at-f2" in tree.ids
    assert "at-f3" not in tree.ids  # the whole answer: listed, not underlined
    page = report.to_html(text)
    assert 'href="#f1"' in page and 'href="#at-f1"' in page
    assert "(the whole answer)" in page
    # the finding that crosses the gap between sentences keeps one anchor, on its first piece
    assert page.count('id="at-f1"') == 1 and page.count('data-rule="STAR201"') >= 2


def test_user_text_is_escaped_everywhere():
    words = "window.__starcheck_pwned = 1;"
    report = make_report(SCRIPT_ANSWER, [(SCRIPT_ANSWER, "situation")], quantities=["from 300 to 20 emails"],
                         findings=[("STAR602", "info", "<script>window")])
    page = report.to_html(SCRIPT_ANSWER)
    tree = check_tree(page)
    assert "script" not in tree.tags
    assert "&lt;script&gt;" in page and "&lt;/script&gt;" in page
    assert words in "".join(tree.answer_text)
    assert "<b>parts</b>" not in page and "Some &lt;b&gt;parts&lt;/b&gt; &amp; more." in page
    assert "".join(tree.answer_text) == SCRIPT_ANSWER
    # the page forbids scripts outright too
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_real_reports_render(scorer, good_answer):
    report = scorer.score(good_answer)
    page = report.to_html(good_answer)
    tree = check_tree(page)
    assert "".join(tree.answer_text) == good_answer
    assert f'grade-{report.grade}"' in page and f">{report.score:.0f}<" in page
    for criterion in report.criteria:
        assert criterion.name in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page


def test_the_text_must_match_the_report():
    text, report = overlapping_report()
    with pytest.raises(ValueError, match="does not match"):
        report.to_html(text.upper())


def test_without_the_text_it_is_rebuilt_from_the_sentences():
    _, report = overlapping_report()
    rebuilt = reconstruct_text(report)
    for sentence in report.sentences:
        assert rebuilt[sentence.start:sentence.end] == sentence.text
    assert "\n\n" in rebuilt  # the paragraph break of a two-character gap
    tree = check_tree(report.to_html())
    assert "".join(tree.answer_text) == rebuilt
    assert "".join(tree.mark_text["qty"]) == "forty minutes" + "from 40 to 8 minutes"


def test_an_answer_with_no_sentences_still_renders():
    report = make_report("   ", [], grade="F", score=0.0)
    tree = check_tree(answer_page("   ", report))
    assert "grade" in tree.ids


@st.composite
def random_reports(draw):
    """Any text (markup characters included) with sentences, and marks that overlap anything."""
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n.é"), min_size=1, max_size=60))
    n = len(text)
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=6)) | {0, n})
    roles = ["situation", "task", "action", "result", "other"]
    sentences = [{"start": a, "end": b, "text": text[a:b], "role": draw(st.sampled_from(roles)), "confidence": 0.5}
                 for a, b in zip(cuts, cuts[1:], strict=False) if draw(st.booleans())]

    def spans(k):
        out = []
        for _ in range(draw(st.integers(0, k))):
            a = draw(st.integers(0, n))
            b = draw(st.integers(a, n))
            out.append((a, b))
        return out

    report = Report.model_validate({
        "score": 50.0, "grade": "C", "kind": "story", "kind_confidence": 0.5, "sentences": sentences,
        "segments": [], "criteria": [], "word_count": 1,
        "quantities": [{"start": a, "end": b, "text": text[a:b], "kind": "count", "role": "context"}
                       for a, b in spans(4)],
        "tradeoffs": [{"start": a, "end": b, "text": text[a:b], "kind": "explicit"} for a, b in spans(3)],
        "findings": [{"rule": "STAR999", "severity": "info", "message": text[a:b], "start": a, "end": b}
                     for a, b in spans(4)],
    })
    return text, report


@settings(max_examples=150, deadline=None)
@given(random_reports())
def test_any_overlap_gives_well_formed_html_and_keeps_the_text(case):
    text, report = case
    tree = check_tree(answer_page(text, report))
    assert "".join(tree.answer_text) == text
    assert "script" not in tree.tags
