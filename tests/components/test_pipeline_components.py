"""starcheck's components inside a pipeline a user builds themselves."""

from __future__ import annotations

import spacy

import starcheck.components  # noqa: F401  registers the factories
from starcheck.pipeline import build_pipeline


def test_factories_are_registered_via_entry_points():
    from spacy.util import registry

    factories = registry.factories.get_all()
    for name in ("star_sentences", "star_quantities", "star_tradeoffs", "star_cues", "star_roles"):
        assert name in factories or spacy.Language.has_factory(name)


def test_components_in_a_user_built_pipeline(blank_nlp):
    for name in ("star_quantities", "star_tradeoffs", "star_cues", "star_roles"):
        blank_nlp.add_pipe(name)
    doc = blank_nlp(
        "Our support queue had 400 open tickets. I needed to halve it in a month. "
        "I set up a triage rota and wrote macros for the top ten questions. "
        "The queue dropped to 150 tickets within three weeks."
    )
    roles = [s._.star_role for s in doc._.star_sents]
    assert roles[0] == "situation"
    assert roles[-1] == "result"
    assert "action" in roles
    assert doc._.star_kind == "story"
    assert all(0.0 <= s._.star_role_confidence <= 1.0 for s in doc._.star_sents)
    assert doc.spans["star_segments"][0].label_ == "situation"
    assert len(doc.spans["star_quantities"]) >= 2


def test_default_pipeline_order():
    nlp = build_pipeline()
    assert nlp.pipe_names == ["sentencizer", "star_sentences", "lemmatizer", "star_quantities",
                              "star_tradeoffs", "star_cues", "star_roles"]
