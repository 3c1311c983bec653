from __future__ import annotations

import pytest

import starcheck.components  # noqa: F401
from starcheck.components.cues import CueLexicon
from starcheck.errors import ModelFileError


def labels(nlp, text):
    doc = nlp(text)
    return [(s.label_, s.text) for s in doc.spans["star_cues"]]


def test_cues_are_found_case_insensitively(blank_nlp):
    blank_nlp.add_pipe("star_cues")
    found = labels(blank_nlp, "Um, I kind of fixed the stuff. We LEARNED a lesson.")
    assert ("filler", "Um") in found
    assert ("hedge", "kind of") in found
    assert ("vague", "stuff") in found
    assert ("first_singular", "I") in found
    assert ("reflection", "LEARNED") in found


def test_heading_cues_count_only_at_sentence_start(blank_nlp):
    blank_nlp.add_pipe("star_cues")
    assert ("head_result", "Result:") in labels(blank_nlp, "Result: it shipped.")
    assert not [lab for lab, _ in labels(blank_nlp, "The net result: it shipped.") if lab.startswith("head_")]


def test_bad_lexicon_names_the_file(tmp_path, blank_nlp):
    bad = tmp_path / "cues.json"
    bad.write_text('{"version": "1", "categories": {}}')
    with pytest.raises(ModelFileError, match=r"cues\.json"):
        CueLexicon.from_file(bad)


def test_lexicon_serialises_with_the_pipeline(tmp_path, blank_nlp):
    blank_nlp.add_pipe("star_cues")
    blank_nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "star_cues" / "cues.json").exists()
    loaded = blank_nlp.from_disk(tmp_path / "pipe")
    assert ("filler", "um") in labels(loaded, "um I did it")
