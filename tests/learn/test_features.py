"""The role featurizer's fast paths give the same features as the plain way."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from starcheck.components.roles import content_sentences
from starcheck.learn import features as features_module
from starcheck.learn.features import SentenceFeaturizer, _sentence_of_token
from starcheck.pipeline import build_pipeline

TEXTS = [
    "Our checkout was slow. I profiled it and cut p95 from 2.4s to 600ms.   \n\n Then we shipped.",
    "",
    "   ",
    "One sentence only, with 40% fewer errors",
    "- Reduced churn by a third\n- Hired two nurses\nWe learned a lot. I would do it again!",
]


@pytest.fixture(scope="module")
def docs():
    nlp = build_pipeline(roles=False)
    return list(nlp.pipe(TEXTS))


def test_sentence_of_token_matches_a_loop_over_sentences(docs):
    sents = [content_sentences(doc) for doc in docs]
    expected, first = [], 0
    for doc, doc_sents in zip(docs, sents, strict=True):
        column = np.full(len(doc), -1)
        for i, sent in enumerate(doc_sents):
            column[sent.start : sent.end] = first + i
        first += len(doc_sents)
        expected.append(column)
    assert _sentence_of_token(docs, sents).tolist() == np.concatenate(expected).tolist()


def test_batch_features_equal_one_answer_at_a_time(docs):
    featurizer = SentenceFeaturizer(build_pipeline(roles=False).get_pipe("star_cues").categories)
    sents = [content_sentences(doc) for doc in docs]
    batch = featurizer.transform_batch(docs, sents)
    for a, (doc, doc_sents) in enumerate(zip(docs, sents, strict=True)):
        one = SentenceFeaturizer(featurizer.cue_categories).transform(doc, doc_sents)
        lo, hi = batch.doc_starts[a], batch.doc_starts[a + 1]
        assert np.array_equal(one.dense, batch.dense[lo:hi])
        mine = batch.rows >= lo
        mine &= batch.rows < hi
        assert sorted(zip((batch.rows[mine] - lo).tolist(), batch.cols[mine].tolist(), strict=True)) == \
            sorted(zip(one.rows.tolist(), one.cols.tolist(), strict=True))


def test_word_cache_starts_afresh_when_full(docs, monkeypatch):
    featurizer = SentenceFeaturizer(build_pipeline(roles=False).get_pipe("star_cues").categories)
    sents = [content_sentences(doc) for doc in docs]
    expected = [featurizer.transform(doc, s) for doc, s in zip(docs, sents, strict=True)]
    monkeypatch.setattr(features_module, "WORD_CACHE_LIMIT", 5)
    small = SentenceFeaturizer(featurizer.cue_categories)
    for doc, doc_sents, want in zip(docs, sents, expected, strict=True):
        got = small.transform(doc, doc_sents)
        assert np.array_equal(got.cols, want.cols) and np.array_equal(got.dense, want.dense)
    assert 0 < len(small._cache_keys) < len(featurizer._cache_keys)


def test_quantity_marks_match_the_spans(docs):
    for doc in docs:
        spans = list(doc.spans["star_quantities"])
        assert doc._.star_quantity_marks.tolist() == [
            [span.start, int(span._.star_quantity.change is not None)] for span in spans]


def test_star_role_reads_and_writes_the_doc_table():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_roles")
    doc = nlp("We had a backlog. I cleared it in a week.")
    sent = next(iter(doc.sents))
    assert sent._.star_role == doc._.star_role_table[(sent.start, sent.end)][0]
    sent._.star_role = "task"  # an oracle experiment overrides a role
    assert doc._.star_sents[0]._.star_role == "task"
    assert 0.0 <= doc._.star_sents[0]._.star_role_confidence <= 1.0
