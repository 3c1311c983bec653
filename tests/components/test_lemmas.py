"""star_lemmatizer gives exactly spaCy's lookup lemmas (it only computes them faster)."""

from __future__ import annotations

import spacy

import starcheck.components  # noqa: F401  (registers the factories)

TEXTS = [
    "I was asked to cut the checkout time; we profiled it and cached the slowest calls.",
    "Errors fell from 12% to 3%. The nurses didn't like the new rota at first, but they're happier.",
    "  Result:\n- Tickets dropped by half\n- Customers waited 2.4s less, and I’ve learned a lot.",
    "",
    "Running ran runs better best geese mice children went gone was were been",
]


def _lemmas(nlp, text):
    return [token.lemma_ for token in nlp(text)]


def test_the_same_lemmas_as_spacys_lookup_lemmatizer():
    theirs = spacy.blank("en")
    theirs.add_pipe("lemmatizer", config={"mode": "lookup"})
    theirs.initialize()
    ours = spacy.blank("en")
    ours.add_pipe("star_lemmatizer", name="lemmatizer", config={"mode": "lookup"})
    ours.initialize()
    for _ in range(2):  # the second pass reads the cache of distinct words
        for text in TEXTS:
            assert _lemmas(ours, text) == _lemmas(theirs, text), text


def test_lemmas_already_set_are_kept_as_spacy_keeps_them():
    results = []
    for factory in ("lemmatizer", "star_lemmatizer"):
        nlp = spacy.blank("en")
        nlp.add_pipe(factory, config={"mode": "lookup"})
        nlp.initialize()
        doc = nlp.make_doc("We ran fast")
        doc[1].lemma_ = "sprint"
        nlp.get_pipe(factory)(doc)
        results.append([t.lemma_ for t in doc])
    assert results[0] == results[1] and results[1][1] == "sprint"
