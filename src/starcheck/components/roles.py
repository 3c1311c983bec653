"""`star_roles`: each sentence's STAR role, the answer's kind, and role segments.

Sets `sent._.star_role` / `sent._.star_role_confidence` on every non-blank sentence (both
read `doc._.star_role_table`),
`doc._.star_kind` / `doc._.star_kind_confidence`, `doc._.star_sents` (the labelled sentences)
and `doc.spans["star_segments"]` (maximal runs of one role, labelled with it). Needs sentence
boundaries and, for full accuracy, `star_cues` (and `star_quantities` / `star_tradeoffs`)
earlier in the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelFileError
from ..learn.artifacts import Models, load_models
from ..learn.features import COL_SENT_START, PUNCT, SPACE, SentenceFeaturizer, token_array
from ..learn.kind_model import answer_features
from .batching import BatchLabeller
from .sentences import sentence_bounds

for _name in ("star_kind", "star_kind_confidence", "star_sents", "star_role_table"):
    Doc.set_extension(_name, default=None, force=True)


def _role_entry(span: Span) -> tuple[str | None, float | None]:
    table = span.doc._.star_role_table
    return table.get((span.start, span.end), (None, None)) if table else (None, None)


def _set_role_entry(span: Span, role: str | None = None, confidence: float | None = None) -> None:
    if span.doc._.star_role_table is None:
        span.doc._.star_role_table = {}
    span.doc._.star_role_table[(span.start, span.end)] = (role, confidence)


# A sentence's role and confidence live in one doc-level table, `doc._.star_role_table`
# ({(start, end) token offsets: (role, confidence)}), written once per doc: a per-sentence
# `span._` assignment costs more than the role model's arithmetic. `sent._.star_role` and
# `sent._.star_role_confidence` read (and, for oracle experiments, write) that table.
Span.set_extension("star_role", force=True, getter=lambda span: _role_entry(span)[0],
                   setter=lambda span, role: _set_role_entry(span, role, _role_entry(span)[1]))
Span.set_extension("star_role_confidence", force=True, getter=lambda span: _role_entry(span)[1],
                   setter=lambda span, value: _set_role_entry(span, _role_entry(span)[0], value))


def content_sentences(doc: Doc, sent_starts: np.ndarray | None = None,
                      is_space: np.ndarray | None = None) -> list[Span]:
    """The sentences that hold any text (whitespace-only pieces are skipped).
    `sent_starts`, `is_space`: the doc's SENT_START and IS_SPACE columns, when the caller has them."""
    if len(doc) == 0:
        return []
    if is_space is None:
        is_space = doc.to_array(IS_SPACE) == 1
    words = np.cumsum(np.concatenate([[0], ~is_space]))
    bounds = sentence_bounds(doc, sent_starts)
    return [Span(doc, start, end) for start, end in bounds if words[end] > words[start]]


def word_count(doc: Doc) -> int:
    """Tokens that are neither punctuation nor whitespace."""
    arr = doc.to_array([IS_PUNCT, IS_SPACE]).reshape(-1, 2)
    return int(((arr[:, 0] == 0) & (arr[:, 1] == 0)).sum())


class RoleLabeller(BatchLabeller):
    def __init__(self, models: Models, cues_key: str, segments_key: str) -> None:
        self.models = models
        self.segments_key = segments_key
        self.featurizer = SentenceFeaturizer(models.cue_categories, cues_key=cues_key)

    def _label(self, docs: list[Doc]) -> None:
        arrays = [token_array(doc) for doc in docs]
        words = self.featurizer.word_info(docs[0].vocab, np.concatenate(arrays))
        flags = words[1]
        offsets = np.cumsum([0, *(len(doc) for doc in docs)]).tolist()
        sents, n_words = [], []
        for doc, arr, start in zip(docs, arrays, offsets, strict=False):
            doc_flags = flags[start : start + len(doc)]
            sents.append(content_sentences(doc, arr[:, COL_SENT_START], (doc_flags & SPACE) > 0))
            n_words.append(int(((doc_flags & (SPACE | PUNCT)) == 0).sum()))
        X = self.featurizer.transform_batch(docs, sents, arrays, words)
        tagger = self.models.roles
        labels, proba = tagger.tag(X)
        confidence = proba.max(axis=1).tolist()
        kind_proba = self.models.kind.predict_proba(
            answer_features(X.dense, self.featurizer.dense_names, proba, np.array(n_words), X.doc_starts))
        for a, (doc, doc_sents) in enumerate(zip(docs, sents, strict=True)):
            first = int(X.doc_starts[a])
            doc_labels = labels[first : first + len(doc_sents)]
            doc._.star_role_table = {(sent.start, sent.end): (doc_labels[i], confidence[first + i])
                                     for i, sent in enumerate(doc_sents)}
            doc._.star_sents = doc_sents
            if doc_sents:
                best = int(np.argmax(kind_proba[a]))
                doc._.star_kind = self.models.kind.labels[best]
                doc._.star_kind_confidence = float(kind_proba[a, best])
            else:
                doc._.star_kind, doc._.star_kind_confidence = "not_an_answer", 1.0
            doc.spans[self.segments_key] = _segments(doc, doc_sents, doc_labels)


def _segments(doc: Doc, sents: list[Span], labels: list[str]) -> list[Span]:
    segments: list[Span] = []
    if not sents:
        return segments
    run_start = 0
    for i in range(1, len(sents) + 1):
        if i == len(sents) or labels[i] != labels[run_start]:
            segments.append(Span(doc, sents[run_start].start, sents[i - 1].end, label=labels[run_start]))
            run_start = i
    return segments


@Language.factory(
    "star_roles",
    assigns=["span._.star_role", "span._.star_role_confidence", "doc._.star_role_table",
             "doc._.star_kind", "doc.spans"],
    default_config={"model_dir": None, "cues_key": "star_cues", "segments_key": "star_segments"},
)
def make_roles(nlp: Language, name: str, model_dir: str | None, cues_key: str,
               segments_key: str) -> RoleLabeller:
    models = load_models(Path(model_dir) if model_dir else None)
    cues = nlp.get_pipe("star_cues") if "star_cues" in nlp.pipe_names else None
    if cues is not None and list(cues.categories) != models.cue_categories:
        raise ModelFileError(
            "the role model was trained with other cue categories than the star_cues lexicon "
            "in this pipeline; retrain with `starcheck train`"
        )
    labeller = RoleLabeller(models, cues_key, segments_key)
    if labeller.featurizer.dense_names != models.manifest["featurizer"].get("dense_features"):
        raise ModelFileError(
            "the role model was trained with other features than this version of starcheck "
            "computes; retrain with `starcheck train`"
        )
    return labeller
