"""star_tradeoffs: kinds, non-tradeoff contrasts, rules, serialisation."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import starcheck.components.tradeoffs as tradeoffs
from starcheck.components.quant_rules import parse_tradeoff_rules
from starcheck.errors import ModelFileError


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_tradeoffs")
    return nlp


POSITIVE = [
    # explicit
    ("The tradeoff was that complex cases would wait a little longer.", "explicit"),
    ("We shipped early at the cost of some polish.", "explicit"),
    ("The downside was a slower checkout for a week.", "explicit"),
    ("I went with the cheaper vendor, accepting a slower delivery.", "explicit"),
    ("I'd get proper counts next time even if it meant a short delay.", "explicit"),
    ("Running the spare clusters costs us $6k a month, which we agreed was worth it.", "explicit"),
    ("I recommended the onboarding, knowing it meant taking agents off the phones.", "explicit"),
    # alternatives
    ("We had to choose between hiring a contractor and training our own staff.", "alternative"),
    ("The question was whether to load and go or stay and stabilise.", "alternative"),
    ("I chose Postgres over Mongo for the audit trail.", "alternative"),
    ("We decided against a full rewrite.", "alternative"),
    ("The real choice was between thinning every route or cutting two.", "alternative"),
    ("I'd rather explain an invoice to a client than an accident to a family.", "alternative"),
    ("We could have bought a module, but the quote was too high.", "alternative"),
    ("I switched to the backup supplier rather than risk missing the launch.", "alternative"),
    # concessions
    ("It cost us two extra weeks, but spared us a recall.", "concession"),
    ("We paid more per unit, but cut returns by a third.", "concession"),
    ("The template was cheaper but it does rely on people following it.", "concession"),
    ("Air freight cost about £85k extra, but it kept the retail listing.", "concession"),
    ("The extra check slowed updates by a day, but it prevented failed settlements.", "concession"),
    # balancing
    ("We balanced speed against safety.", "balancing"),
    ("We found a middle path: a phased rollout.", "balancing"),
    ("The compromise was a weekly release.", "balancing"),
    ("I wanted to get his attendance up, but I also had 28 other children who needed me.", "balancing"),
    ("I weighed a full integration against a simple online form.", "balancing"),
]

NEGATIVE = [
    "I raised it with my manager, but too late.",
    "It is a people problem, not a tooling problem.",
    "Sales rose a little, but returns rose too.",
    "I called the customer and fixed the order.",
    "We launched in March and cut wait times by a third.",
    "She confirmed it was meant to be weekly.",
    "I did not know what was happening, but I kept going.",
    "The team grew from four to nine people.",
    "They hated not knowing what was happening.",
    "I gave them a short diagnostic test.",
    "Our users started the form on their phones and gave up on the second page.",
    "The meeting was long but useful.",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVE)
def test_tradeoff_found(nlp, text, kind):
    doc = nlp(text)
    spans = list(doc.spans["star_tradeoffs"])
    assert [s.label_ for s in spans] == [kind], text
    assert spans[0].text == text
    assert spans[0]._.star_tradeoff_cues


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_tradeoff(nlp, text):
    doc = nlp(text)
    assert list(doc.spans["star_tradeoffs"]) == [], text


def test_one_span_per_sentence_and_labels_are_kinds(nlp):
    doc = nlp(
        "We balanced cost against speed. I called her back. "
        "It cost us a week, but spared us a recall."
    )
    spans = list(doc.spans["star_tradeoffs"])
    assert [s.text for s in spans] == [
        "We balanced cost against speed.",
        "It cost us a week, but spared us a recall.",
    ]
    assert {s.label_ for s in spans} <= set(tradeoffs.KINDS)


def test_bullet_lines_are_judged_on_their_own(nlp):
    doc = nlp("- food cost was high\n- we trimmed the garnish\n- it saved money but was slower")
    spans = list(doc.spans["star_tradeoffs"])
    assert [s.text for s in spans] == ["- it saved money but was slower"]


def test_bad_rule_line_names_file_and_line():
    with pytest.raises(ModelFileError, match=r"t\.jsonl:2: invalid rule"):
        parse_tradeoff_rules(
            '{"type": "meta", "version": "1"}\n'
            '{"type": "cue", "forms": ["x"], "category": "cost", "strength": "strong"}\n',
            "t.jsonl",
        )
    with pytest.raises(ModelFileError, match=r"t\.jsonl:2: invalid rule"):
        parse_tradeoff_rules(
            '{"type": "meta", "version": "1"}\n{"type": "combo", "kind": "nope", "all": ["a"]}\n',
            "t.jsonl",
        )


def test_shipped_rules_validate():
    path = Path(tradeoffs.__file__).parent.parent / "patterns" / "tradeoffs.jsonl"
    rules = parse_tradeoff_rules(path.read_text(encoding="utf-8"), str(path))
    assert any(r.type == "combo" for r in rules)


def test_serialisation_round_trip(tmp_path, nlp):
    text = "It cost us two extra weeks, but spared us a recall."
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "star_tradeoffs" / "tradeoffs.jsonl").exists()
    loaded = spacy.load(tmp_path / "pipe")
    doc = loaded(text)
    assert [s.label_ for s in doc.spans["star_tradeoffs"]] == ["concession"]
    again = spacy.blank("en")
    again.add_pipe("sentencizer")
    again.add_pipe("star_tradeoffs", config={"spans_key": "weighed"})
    again.get_pipe("star_tradeoffs").from_bytes(nlp.get_pipe("star_tradeoffs").to_bytes())
    doc2 = again(text)
    assert [s.label_ for s in doc2.spans["weighed"]] == ["concession"]
