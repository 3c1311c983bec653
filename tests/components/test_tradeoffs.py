"""star_tradeoffs: kinds, non-tradeoff contrasts, rules, the classifier on top, serialisation.

The rule tests run with `model_path=""` (the rules alone); the classifier tests load the
shipped `models/tradeoffs.npz`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

import starcheck.components.tradeoffs as tradeoffs
import starcheck.learn.artifacts as artifacts
from starcheck.components.data_files import sha256_file
from starcheck.components.quant_rules import parse_tradeoff_rules
from starcheck.errors import ModelFileError
from starcheck.learn.tradeoff_model import TRADEOFF_FILE, TradeoffModel

SHIPPED_MODEL = artifacts.default_model_dir() / TRADEOFF_FILE


@pytest.fixture(scope="module")
def nlp():
    """The rules alone."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_tradeoffs", config={"model_path": ""})
    return nlp


@pytest.fixture(scope="module")
def nlp_model():
    """Rules + the shipped classifier (the default when models/tradeoffs.npz exists)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_tradeoffs")
    assert nlp.get_pipe("star_tradeoffs").model is not None
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
    # a task that balances two goals (docs/annotation.md, decisions on hard cases)
    ("My job was to get her blood quickly without putting her at risk.", "balancing"),
    ("I was asked to cut trial costs without hurting conversion.", "balancing"),
    ("- Had to get us back to break-even without raising the membership fee", "balancing"),
    ("goal from my gm was get that down w/o missing ship cutoffs", "balancing"),
    # options laid out
    ("I had two options: batch the calls or cache the fare rules on our side.", "alternative"),
    ("I needed to either get the rewrite postponed or find a way to get both done.", "alternative"),
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
    "The on-sale went through without the usual complaints on social media.",
    "I let her vent without interrupting, then told her plainly that it was our fault.",
    "My task was to do the home assessment, without it they cannot get the housing support.",
    "I tested three options on a sample of 1,200 parcels.",
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


# ------------------------------------------------------------------ kinds without a rule
def test_fallback_kind_follows_the_cues():
    combos = [r for r in parse_tradeoff_rules(
        (Path(tradeoffs.__file__).parent.parent / "patterns" / "tradeoffs.jsonl").read_text(encoding="utf-8"),
        "tradeoffs.jsonl") if r.type == "combo"]
    # a strong cue a negative cancelled for the rules still names the kind
    kind, cues = tradeoffs.fallback_kind(
        [("explicit", "strong", 3, 4), ("negative", "weak", 2, 5)], combos)
    assert (kind, cues) == ("explicit", [("explicit", 3, 4)])
    # otherwise the combo with the largest share of its categories present
    kind, cues = tradeoffs.fallback_kind([("cost", "weak", 1, 2), ("contrast", "weak", 3, 4)], combos)
    assert kind == "concession" and {c[0] for c in cues} == {"cost", "contrast"}
    assert tradeoffs.fallback_kind([("nothing_known", "weak", 0, 1)], combos)[0] == "explicit"
    # a category in no combo names its kind through the rule file's hint
    hints = {"despite": "concession", "constraint": "balancing"}
    kind, cues = tradeoffs.fallback_kind(
        [("constraint", "weak", 6, 8), ("despite", "weak", 2, 4)], combos, hints)
    assert (kind, cues) == ("concession", [("despite", 2, 4)])
    assert tradeoffs.fallback_kind([("despite", "weak", 2, 4)], combos)[0] == "explicit"


def test_shipped_hints_are_read_from_the_rules(nlp):
    finder = nlp.get_pipe("star_tradeoffs")
    assert finder.hints["despite"] == "concession"
    # a sentence the classifier marks on a hinted cue alone gets the hint as its kind
    doc = nlp("I always start with the basics, even if it feels slow.")
    (candidate,) = finder.candidates(doc)
    assert candidate.kind is None and {c[0] for c in candidate.cues} == {"despite"}
    kind, cues = finder.span_kind(candidate)
    assert kind == "concession" and [doc[s:e].text for _, s, e in cues] == ["even if"]
    with pytest.raises(ModelFileError, match="hint"):
        parse_tradeoff_rules(
            '{"type": "cue", "category": "x", "forms": ["even if"], "hint": "sideways"}', "bad.jsonl")
    combo_and_hint = (
        '{"type": "cue", "category": "cost", "forms": ["extra"], "hint": "concession"}\n'
        '{"type": "combo", "kind": "concession", "all": ["cost"]}'
    )
    with pytest.raises(ModelFileError, match="would never apply: cost"):
        parse_tradeoff_rules(combo_and_hint, "bad.jsonl")


# ------------------------------------------------------------------ the classifier on top
def test_default_loads_the_shipped_model_and_keeps_the_interface(nlp_model):
    doc = nlp_model(
        "We balanced cost against speed. I called her back. "
        "It cost us two extra weeks, but spared us a recall. I raised it with my manager, but too late."
    )
    spans = list(doc.spans["star_tradeoffs"])
    assert [s.text for s in spans] == [
        "We balanced cost against speed.",
        "It cost us two extra weeks, but spared us a recall.",
    ]
    assert [s.label_ for s in spans] == ["balancing", "concession"]
    assert all(s._.star_tradeoff_cues for s in spans)


@pytest.mark.parametrize("text", NEGATIVE)
def test_classifier_keeps_the_negatives(nlp_model, text):
    assert list(nlp_model(text).spans["star_tradeoffs"]) == [], text


# single words of the classifier-only categories (rules 1.1) make a candidate, never a tradeoff alone
BROAD_CUES_ALONE = [
    "First I called the customer and listened to what had gone wrong.",
    "She wanted a refund for the whole order.",
    "While I was on leave, the team shipped the new billing page.",
    "Later that week we cut the release and deployed it to production.",
    "My manager accepted the plan on Monday.",
]


@pytest.mark.parametrize("text", BROAD_CUES_ALONE)
def test_broad_classifier_cues_alone_are_not_tradeoffs(nlp, nlp_model, text):
    finder = nlp.get_pipe("star_tradeoffs")
    doc = nlp(text)
    assert [c.kind for c in finder.candidates(doc)] == [None], "a candidate the rules leave unmarked"
    assert list(nlp_model(text).spans["star_tradeoffs"]) == [], text


def test_pipe_equals_call(nlp_model):
    texts = [text for text, _ in POSITIVE] + NEGATIVE
    texts = [" ".join(texts[i : i + 4]) for i in range(0, len(texts), 4)]
    finder = nlp_model.get_pipe("star_tradeoffs")
    one = [[(s.start, s.end, s.label_) for s in nlp_model(t).spans["star_tradeoffs"]] for t in texts]
    docs = list(nlp_model.pipe(texts, batch_size=3))
    assert [[(s.start, s.end, s.label_) for s in d.spans["star_tradeoffs"]] for d in docs] == one
    assert finder.model is not None


def test_only_candidate_sentences_are_scored(nlp_model):
    finder = nlp_model.get_pipe("star_tradeoffs")
    doc = nlp_model.make_doc("I called the customer. We shipped it on Friday. The tradeoff was speed.")
    doc = nlp_model.get_pipe("sentencizer")(doc)
    cands = finder.candidates(doc)
    assert [doc[c.start : c.end].text for c in cands] == ["The tradeoff was speed."]


def test_falls_back_to_rules_without_the_model_file(tmp_path, monkeypatch):
    monkeypatch.setattr(artifacts, "default_model_dir", lambda: tmp_path)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    finder = nlp.add_pipe("star_tradeoffs")
    assert finder.model is None
    assert [s.label_ for s in nlp("We balanced speed against safety.").spans["star_tradeoffs"]] == ["balancing"]


def test_model_checksum_is_checked_when_the_manifest_lists_it(tmp_path):
    (tmp_path / TRADEOFF_FILE).write_bytes(SHIPPED_MODEL.read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps({"files": {TRADEOFF_FILE: "0" * 64}}))
    with pytest.raises(ModelFileError, match="checksum"):
        tradeoffs.load_tradeoff_model_file(str(tmp_path / TRADEOFF_FILE))
    (tmp_path / "manifest.json").write_text(
        json.dumps({"files": {TRADEOFF_FILE: sha256_file(tmp_path / TRADEOFF_FILE)}}))
    assert isinstance(tradeoffs.load_tradeoff_model_file(str(tmp_path / TRADEOFF_FILE)), TradeoffModel)


def test_missing_or_corrupt_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="missing"):
        tradeoffs.load_tradeoff_model_file(str(tmp_path / "nope.npz"))
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="cannot read"):
        tradeoffs.load_tradeoff_model_file(str(tmp_path / "bad.npz"))


def test_model_travels_with_the_pipeline(tmp_path, nlp_model):
    text = ("Some days that was eight meltdowns, which meant the other kids lost time. "
            "It cost us a week, but spared us a recall.")
    expected = [(s.text, s.label_) for s in nlp_model(text).spans["star_tradeoffs"]]
    nlp_model.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "star_tradeoffs" / TRADEOFF_FILE).exists()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("star_tradeoffs").model is not None
    assert [(s.text, s.label_) for s in loaded(text).spans["star_tradeoffs"]] == expected
    again = spacy.blank("en")
    again.add_pipe("sentencizer")
    again.add_pipe("star_tradeoffs", config={"model_path": ""})
    again.get_pipe("star_tradeoffs").from_bytes(nlp_model.get_pipe("star_tradeoffs").to_bytes())
    assert again.get_pipe("star_tradeoffs").model is not None
    assert [(s.text, s.label_) for s in again(text).spans["star_tradeoffs"]] == expected


def test_rules_only_pipeline_stays_rules_only_when_reloaded(tmp_path, nlp):
    nlp.to_disk(tmp_path / "rules")
    assert not (tmp_path / "rules" / "star_tradeoffs" / TRADEOFF_FILE).exists()
    assert spacy.load(tmp_path / "rules").get_pipe("star_tradeoffs").model is None
