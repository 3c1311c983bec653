"""star_quantities: the table of tricky cases, normalisation, change, role, rules, serialisation."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

import starcheck.components.quantities as quantities
from starcheck.components.quant_rules import parse_quantity_rules
from starcheck.components.quantities import QuantityValue, quantity_role
from starcheck.errors import ModelFileError

CASES_FILE = Path(__file__).with_name("quantity_cases.jsonl")
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_quantities")
    return nlp


def _close(got: float | None, want: float, rel: float = 1e-4) -> bool:
    return got is not None and math.isclose(got, want, rel_tol=rel, abs_tol=1e-4)


def test_case_list_is_big_and_mixed():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["quantities"]) >= 40  # negatives
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(nlp, case):
    doc = nlp(case["text"])
    found = list(doc.spans["star_quantities"])
    assert [s.text for s in found] == [q["text"] for q in case["quantities"]], case["text"]
    for span, want in zip(found, case["quantities"], strict=True):
        value: QuantityValue = span._.star_quantity
        assert span.label_ == value.kind == want["kind"]
        assert value.unit == want["unit"]
        assert _close(value.value, want["value"]), (value.value, want["value"])
        if "approximate" in want:
            assert value.approximate is want["approximate"]
        for field in ("before", "after", "change"):
            if field in want:
                assert _close(getattr(value, field), want[field]), (field, value)


CHANGE_CASES = [
    c for c in CASES for q in c["quantities"] if "change" in q
]


def test_change_is_exact_for_every_from_to_and_by_case(nlp):
    assert len(CHANGE_CASES) >= 40
    for case in CHANGE_CASES:
        doc = nlp(case["text"])
        got = {s.text: s._.star_quantity for s in doc.spans["star_quantities"]}
        for want in case["quantities"]:
            if "change" in want:
                value = got[want["text"]]
                assert value.change == pytest.approx(want["change"], abs=1e-4), case["text"]
                if "before" in want:
                    assert (value.after - value.before) / value.before == pytest.approx(
                        value.change, abs=1e-6
                    )


def test_extension_registered_and_default_none(nlp):
    assert Span.has_extension("star_quantity")
    doc = nlp("Nothing to see.")
    assert doc[:1]._.star_quantity is None
    assert list(doc.spans["star_quantities"]) == []


def test_works_without_sentence_boundaries():
    nlp = spacy.blank("en")
    nlp.add_pipe("star_quantities")
    doc = nlp("We cut costs by 45 percent. Then it grew 3x.")
    assert [s.text for s in doc.spans["star_quantities"]] == ["45 percent", "3x"]


def test_custom_spans_key():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_quantities", config={"spans_key": "numbers"})
    doc = nlp("It took nine days.")
    assert [s.text for s in doc.spans["numbers"]] == ["nine days"]


def test_spans_do_not_overlap_and_stay_in_sentences(nlp):
    doc = nlp("From 12 to 3 incidents. We had 40 people. 5k rps at 250ms for 3 weeks.")
    spans = list(doc.spans["star_quantities"])
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    for span in spans:
        assert span.sent.start <= span.start and span.end <= span.sent.end


# ------------------------------------------------------------------ role
def _role_nlp(role: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_quantities")
    if not Span.has_extension("star_role"):
        Span.set_extension("star_role", default=None)

    def set_role(doc):
        for sent in doc.sents:
            sent._.star_role = role
        return doc

    return nlp, set_role


@pytest.mark.parametrize(
    ("text", "sentence_role", "expected"),
    [
        ("We cut wait times from 40 minutes to 12.", "result", "result"),
        ("Within six weeks the backlog was gone.", "result", "result"),
        ("I led a team of nine analysts.", "situation", "context"),
        ("The customer base tripled that year.", "situation", "context"),
        ("I had to cut costs by 20%.", "task", "context"),
        ("I interviewed 12 customers.", "action", "context"),
        ("We cut p99 from 2.4s to 600ms.", "action", "result"),
        ("There were four nurses on shift.", "situation", "context"),
    ],
)
def test_role_with_sentence_roles(text, sentence_role, expected):
    nlp, set_role = _role_nlp(sentence_role)
    doc = set_role(nlp(text))
    spans = list(doc.spans["star_quantities"])
    assert spans, text
    assert quantity_role(spans[-1]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We cut wait times from 40 minutes to 12.", "result"),
        ("Revenue grew 30% after the launch.", "result"),
        ("I led a team of nine.", "context"),
        ("Back then each close took nine days.", "context"),
    ],
)
def test_role_without_sentence_roles(nlp, text, expected):
    doc = nlp(text)
    if Span.has_extension("star_role"):
        for sent in doc.sents:
            sent._.star_role = None
    assert quantity_role(list(doc.spans["star_quantities"])[-1]) == expected


# ------------------------------------------------------------------ rules and serialisation
def test_bad_rule_line_names_file_and_line():
    text = '{"type": "meta", "version": "1"}\n{"type": "unit", "forms": [], "unit": "s"}\n'
    with pytest.raises(ModelFileError, match=r"rules\.jsonl:2: invalid rule"):
        parse_quantity_rules(text, "rules.jsonl")
    with pytest.raises(ModelFileError, match=r"rules\.jsonl:1: not valid JSON"):
        parse_quantity_rules("{oops\n", "rules.jsonl")


def test_shipped_rules_validate():
    path = Path(quantities.__file__).parent.parent / "patterns" / "quantities.jsonl"
    rules = parse_quantity_rules(path.read_text(encoding="utf-8"), str(path))
    assert rules[0].type == "meta"


def test_to_disk_from_disk_and_bytes_round_trip(tmp_path, nlp):
    text = "Latency fell from 2.4s to 600ms and we saved $2.5M."
    doc = nlp(text)
    before = [(s.text, s._.star_quantity) for s in doc.spans["star_quantities"]]
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "star_quantities" / "quantities.jsonl").exists()
    loaded = spacy.load(tmp_path / "pipe")
    doc2 = loaded(text)
    assert [(s.text, s._.star_quantity) for s in doc2.spans["star_quantities"]] == before
    again = spacy.blank("en")
    again.add_pipe("sentencizer")
    again.add_pipe("star_quantities")
    again.from_bytes(nlp.to_bytes())
    doc3 = again(text)
    assert [(s.text, s._.star_quantity) for s in doc3.spans["star_quantities"]] == before


def test_serialised_rules_are_used(tmp_path, nlp):
    """Patterns travel with the pipeline: an edited rule file changes what is found."""
    nlp.to_disk(tmp_path / "pipe")
    rules = tmp_path / "pipe" / "star_quantities" / "quantities.jsonl"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace('"sprints", ', ""), encoding="utf-8"
    )
    loaded = spacy.load(tmp_path / "pipe")
    doc = loaded("It took two sprints.")
    assert [s.label_ for s in doc.spans["star_quantities"]] == ["count"]
    original = nlp("It took two sprints.")
    assert [s.label_ for s in original.spans["star_quantities"]] == ["duration"]
