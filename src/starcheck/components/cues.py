"""`star_cues`: lexical cues (first person, tense, task and result markers, hedges, fillers...).

The lexicons are data (`patterns/cues.json`); each match becomes a span in
`doc.spans["star_cues"]` labelled with its category. The role model reads them as features
and the rubric quotes them as evidence ("hedging: 'kind of'").
"""

from __future__ import annotations

from pathlib import Path

import srsly
from pydantic import BaseModel, Field, ValidationError
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from ..errors import ModelFileError
from .data_files import pattern_path

HEADING_PREFIX = "head_"


class CueLexicon(BaseModel):
    """The typed form of `cues.json`."""

    version: str
    description: str = ""
    categories: dict[str, list[str]] = Field(min_length=1)

    @classmethod
    def from_file(cls, path: Path) -> CueLexicon:
        try:
            return cls.model_validate(srsly.read_json(path))
        except (ValidationError, ValueError) as error:
            raise ModelFileError(f"invalid cue lexicon {path}: {error}") from error


class CueMatcher:
    """Finds cue phrases; heading cues ("Result:") count only at the start of a sentence."""

    def __init__(self, nlp: Language, spans_key: str, lexicon: CueLexicon) -> None:
        self.spans_key = spans_key
        self._nlp = nlp
        self._set_lexicon(lexicon)

    def _set_lexicon(self, lexicon: CueLexicon) -> None:
        self.lexicon = lexicon
        self.categories = sorted(lexicon.categories)
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for category in self.categories:
            phrases = sorted(set(lexicon.categories[category]))
            self._matcher.add(category, list(self._nlp.tokenizer.pipe(phrases)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for span in self._matcher(doc, as_spans=True):
            if span.label_.startswith(HEADING_PREFIX) and not _at_sentence_start(span):
                continue
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cues.json", self.lexicon.model_dump())

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> CueMatcher:
        self._set_lexicon(CueLexicon.from_file(ensure_path(path) / "cues.json"))
        return self


def _at_sentence_start(span: Span) -> bool:
    sent_start = span.sent.start
    return all(token.is_punct or token.is_space for token in span.doc[sent_start : span.start])


@Language.factory(
    "star_cues",
    assigns=["doc.spans"],
    default_config={"spans_key": "star_cues", "lexicon_path": None},
)
def make_cues(nlp: Language, name: str, spans_key: str, lexicon_path: str | None) -> CueMatcher:
    path = Path(lexicon_path) if lexicon_path else pattern_path("cues.json")
    return CueMatcher(nlp, spans_key, CueLexicon.from_file(path))
