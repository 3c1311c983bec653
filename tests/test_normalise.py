"""The typographic normaliser and the mapping of Report offsets back to the user's text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from starcheck.normalise import normalise

PIECES = st.lists(st.sampled_from(["I", "didn’t", "fix", "it", "“quoted”", "40%", "x", "\n", "- ", ".", "it’s"]),
                  min_size=1, max_size=30)
GAPS = st.sampled_from([" ", "  ", "   ", "\t", "\u00a0", " \t ", "\n", " \n  "])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(words=PIECES, gaps=st.lists(GAPS, min_size=1, max_size=8))
def test_every_normalised_span_maps_back_to_the_same_words(words, gaps):
    text = "".join(word + gaps[i % len(gaps)] for i, word in enumerate(words))
    result = normalise(text)
    assert re.search(r"\S {2,}\S", result.text) is None
    assert "’" not in result.text and "“" not in result.text
    for start in range(len(result.text)):
        for end in (start + 1, min(start + 5, len(result.text))):
            o_start, o_end = result.to_original(start, end)
            assert 0 <= o_start <= o_end <= len(text)
            original_words = text[o_start:o_end].translate(str.maketrans("’“”\u00a0\t", "'\"\"  ")).split()
            assert original_words == result.text[start:end].split()


def test_plain_text_is_left_as_it_is():
    result = normalise("I cut the build from 9 minutes to 3.\nThen I left.")
    assert result.text == "I cut the build from 9 minutes to 3.\nThen I left." and result.origin is None


def test_line_breaks_and_indentation_survive():
    assert normalise("Result:\n  - it’s  done").text == "Result:\n  - it's done"


def test_reports_quote_the_text_as_sent(scorer):
    text = ("Our checkout took  2.4s to load. I didn’t wait: I  profiled it and cached the  “hot” queries. "
            "Load time fell from 2.4s to  600ms and conversion rose  8%.")
    report = scorer.score(text)
    plain = scorer.score(normalise(text).text)
    assert report.grade == plain.grade and report.score == plain.score
    spans = [*report.sentences, *report.segments, *report.quantities, *report.tradeoffs,
             *(e for c in report.criteria for e in c.evidence)]
    assert spans and report.quantities
    for span in spans:
        assert text[span.start:span.end] == span.text
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
