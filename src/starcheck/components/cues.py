"""`star_cues`: lexical cues (first person, tense, task and result markers, hedges, fillers...).

The lexicons are data (`patterns/cues.json`); each match becomes a span in
`doc.spans["star_cues"]` labelled with its category (and a row of the array
`doc._.star_cue_matches`: category index into the sorted categories, start, end). The role model reads them as features
and the rubric quotes them as evidence ("hedging: 'kind of'").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import srsly
from pydantic import BaseModel, Field, ValidationError
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from ..errors import ModelFileError
from .data_files import pattern_path

HEADING_PREFIX = "head_"
Doc.set_extension("star_cue_matches", default=None, force=True)


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
        strings = self._nlp.vocab.strings
        self._category_of = {strings.add(c): i for i, c in enumerate(self.categories)}
        self._headings = {i for i, c in enumerate(self.categories) if c.startswith(HEADING_PREFIX)}
        for category in self.categories:
            phrases = sorted(set(lexicon.categories[category]))
            self._matcher.add(category, list(self._nlp.tokenizer.pipe(phrases)))

    def __call__(self, doc: Doc) -> Doc:
        matches = []
        for match_id, start, end in self._matcher(doc):
            category = self._category_of[match_id]
            if category in self._headings and not _at_sentence_start(doc, start):
                continue
            matches.append((category, start, end))
        doc.spans[self.spans_key] = [
            Span(doc, start, end, label=self.categories[category]) for category, start, end in matches
        ]
        # the same matches as an array, for code that only needs (category, start, end)
        doc._.star_cue_matches = np.array(matches, dtype=np.int64).reshape(-1, 3)
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cues.json", self.lexicon.model_dump())

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> CueMatcher:
        self._set_lexicon(CueLexicon.from_file(ensure_path(path) / "cues.json"))
        return self


def _at_sentence_start(doc: Doc, start: int) -> bool:
    """Whether only punctuation stands between the sentence start and token `start`."""
    k = start
    while k > 0 and not doc[k].is_sent_start:
        if not (doc[k - 1].is_punct or doc[k - 1].is_space):
            return False
        k -= 1
    return True


@Language.factory(
    "star_cues",
    assigns=["doc.spans"],
    default_config={"spans_key": "star_cues", "lexicon_path": None},
)
def make_cues(nlp: Language, name: str, spans_key: str, lexicon_path: str | None) -> CueMatcher:
    path = Path(lexicon_path) if lexicon_path else pattern_path("cues.json")
    return CueMatcher(nlp, spans_key, CueLexicon.from_file(path))
