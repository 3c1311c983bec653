from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

import starcheck
from starcheck.report import Report, report_json_schema

jsonschema = pytest.importorskip("jsonschema")


def all_spans(report: Report):
    yield from report.sentences
    yield from report.segments
    yield from report.quantities
    yield from report.tradeoffs
    for criterion in report.criteria:
        yield from criterion.evidence


def test_every_span_quotes_the_text_at_its_offsets(scorer, good_answer):
    report = scorer.score(good_answer)
    spans = list(all_spans(report))
    assert len(spans) > 10
    for span in spans:
        assert good_answer[span.start : span.end] == span.text
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(good_answer)


def test_offsets_hold_with_leading_whitespace_and_unicode(scorer):
    text = "\n\n  Café team — we were slow.  I fixed the build, cutting it from 20 to 5 minutes. 🎉 It shipped.\n"
    report = scorer.score(text)
    for span in all_spans(report):
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip()


def test_json_round_trip_is_identical(scorer, good_answer):
    report = scorer.score(good_answer)
    dumped = report.model_dump_json()
    assert Report.model_validate_json(dumped) == report
    assert Report.model_validate_json(dumped).model_dump_json() == dumped


def test_report_validates_against_published_schema(scorer, good_answer):
    report = scorer.score(good_answer)
    jsonschema.validate(json.loads(report.model_dump_json()), report_json_schema())


def test_report_rejects_out_of_range_values():
    with pytest.raises(ValidationError):
        Report(score=120, grade="A", kind="story", kind_confidence=1, sentences=[], segments=[],
               quantities=[], tradeoffs=[], criteria=[], findings=[], word_count=0)


def test_report_carries_schema_version(scorer, good_answer):
    assert scorer.score(good_answer).schema_version == starcheck.REPORT_SCHEMA_VERSION
