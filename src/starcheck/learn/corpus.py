"""The labelled corpus: schema, loading and the deterministic train/dev/test split.

Answers are stored in an *authoring* form that people can edit by hand: the answer is a list
of `[role, sentence]` pairs, and quantities and tradeoffs are quoted by their text. The
character offsets every evaluation needs are derived here, on load, so they can never drift
from the text. Conventions: `docs/annotation.md` (which adopts `shared/ANNOTATION.md`).

How the text is assembled: sentences are joined with one space, except after a sentence that
ends with a newline (a bullet or a heading line), which is joined with nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Role = Literal["situation", "task", "action", "result", "other"]
Kind = Literal["story", "approach", "not_an_answer"]
QuantityRole = Literal["result", "context"]
Split = Literal["train", "dev", "test"]

ROLES: tuple[str, ...] = ("situation", "task", "action", "result", "other")
KINDS: tuple[str, ...] = ("story", "approach", "not_an_answer")


class CharSpan(BaseModel):
    """A labelled span of the assembled text, `text[start:end]`."""

    model_config = ConfigDict(frozen=True)
    start: int
    end: int
    label: str


class CorpusAnswer(BaseModel):
    """One labelled answer, as written in `data/*.jsonl`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    domain: str
    style: list[str] = Field(default_factory=list)
    kind: Kind
    grade: int = Field(ge=1, le=5)
    question: str | None = None
    sentences: list[tuple[Role, str]] = Field(min_length=1)
    quantities: list[tuple[str, QuantityRole]] = Field(default_factory=list)
    tradeoffs: list[str] = Field(default_factory=list)

    @field_validator("sentences")
    @classmethod
    def _sentences_not_blank(cls, value: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for i, (_, sentence) in enumerate(value):
            if not sentence.strip():
                raise ValueError(f"sentence {i} is blank")
            if sentence != sentence.strip(" \t").rstrip(" \t") or sentence.startswith("\n"):
                raise ValueError(f"sentence {i} has leading/trailing spaces: {sentence!r}")
        return value

    @model_validator(mode="after")
    def _spans_resolve(self) -> CorpusAnswer:
        if self.kind == "not_an_answer" and any(r != "other" for r, _ in self.sentences):
            raise ValueError("every sentence of a not_an_answer text must be 'other'")
        # Resolving the spans raises ValueError when a quoted span is not in the text.
        self.quantity_spans()
        self.tradeoff_spans()
        return self

    # -- derived views --------------------------------------------------------------
    @property
    def text(self) -> str:
        return assemble(s for _, s in self.sentences)[0]

    def sentence_spans(self) -> list[CharSpan]:
        _, offsets = assemble(s for _, s in self.sentences)
        return [
            CharSpan(start=start, end=end, label=role)
            for (role, _), (start, end) in zip(self.sentences, offsets, strict=True)
        ]

    def quantity_spans(self) -> list[CharSpan]:
        return _locate_in_order(self.text, self.quantities, "quantity")

    def tradeoff_spans(self) -> list[CharSpan]:
        return _locate_in_order(self.text, [(t, "tradeoff") for t in self.tradeoffs], "tradeoff")

    def roles(self) -> list[str]:
        return [role for role, _ in self.sentences]

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def assemble(sentences: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join sentences into the answer text; return it with each sentence's stripped span."""
    text = ""
    offsets: list[tuple[int, int]] = []
    for sentence in sentences:
        if text and not text.endswith("\n"):
            text += " "
        start = len(text)
        text += sentence
        offsets.append((start, start + len(sentence.rstrip())))
    stripped = text.rstrip()
    return stripped, [(s, min(e, len(stripped))) for s, e in offsets]


def _locate_in_order(text: str, quoted: list[tuple[str, str]], what: str) -> list[CharSpan]:
    """Find each quoted span in `text` as whole words, after the end of the one before.

    Searching on from the previous span's *end* keeps a short span ("75%") from matching
    inside a longer one listed before it ("from 62% to 75%"); the word-boundary check keeps
    "3 days" from matching inside "13 days". A span not found after the previous one is looked
    for from the start (spans listed out of order), and an unfound span is an error.
    """
    spans: list[CharSpan] = []
    cursor = 0
    for fragment, label in quoted:
        if not fragment.strip():
            raise ValueError(f"{what} span is blank")
        start = _find_word(text, fragment, cursor)
        if start < 0:
            start = _find_word(text, fragment, 0)
        if start < 0:
            raise ValueError(f"{what} {fragment!r} is not in the answer text (as whole words)")
        spans.append(CharSpan(start=start, end=start + len(fragment), label=label))
        cursor = start + len(fragment)
    return spans


def _find_word(text: str, fragment: str, cursor: int) -> int:
    start = text.find(fragment, cursor)
    while start >= 0:
        end = start + len(fragment)
        before_ok = start == 0 or not (text[start - 1].isalnum() and fragment[0].isalnum())
        after_ok = end == len(text) or not (text[end].isalnum() and fragment[-1].isalnum())
        if before_ok and after_ok:
            return start
        start = text.find(fragment, start + 1)
    return -1


def split_of(answer_id: str) -> Split:
    """A stable split from the id alone: 70% train, 15% dev, 15% test."""
    bucket = int(hashlib.sha256(answer_id.encode()).hexdigest()[:8], 16) % 100
    if bucket < 70:
        return "train"
    return "dev" if bucket < 85 else "test"


N_FOLDS = 5


def fold_of(answer_id: str) -> int:
    """The cross-validation fold of an answer (0 to N_FOLDS - 1), from its id alone: the folds of
    the kind model's out-of-fold rows, the tradeoff `--cv` and the rubric calibration (the role
    model's second stage folds its own way, `role_model.py`)."""
    return int(hashlib.sha256(f"fold:{answer_id}".encode()).hexdigest()[:8], 16) % N_FOLDS


def corpus_sha256(data_dir: Path) -> str:
    """SHA-256 over the corpus files' names and bytes: which corpus a model or profile came from."""
    digest = hashlib.sha256()
    for path in sorted((data_dir / "corpus").glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_jsonl(path: Path) -> Iterator[CorpusAnswer]:
    """Validate every line; a bad line raises ValueError naming the file and line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield CorpusAnswer.model_validate(json.loads(line))
            except (ValueError, json.JSONDecodeError) as error:
                raise ValueError(f"{path}:{number}: {error}") from error


def load_corpus(data_dir: Path, split: Split | None = None) -> list[CorpusAnswer]:
    """All answers under `data_dir/corpus/`, sorted by id, optionally one split."""
    answers: dict[str, CorpusAnswer] = {}
    for path in sorted((data_dir / "corpus").glob("*.jsonl")):
        for answer in read_jsonl(path):
            if answer.id in answers:
                raise ValueError(f"{path}: duplicate id {answer.id!r}")
            answers[answer.id] = answer
    chosen = [a for _, a in sorted(answers.items())]
    if split is not None:
        chosen = [a for a in chosen if split_of(a.id) == split]
    return chosen


def main(argv: list[str] | None = None) -> int:
    """`python -m starcheck.learn.corpus FILE...`: validate files and print a summary."""
    import sys
    from collections import Counter

    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    answers = [a for p in paths for a in read_jsonl(p)]
    ids = Counter(a.id for a in answers)
    dupes = [i for i, n in ids.items() if n > 1]
    if dupes:
        print(f"duplicate ids: {dupes}")
        return 1
    print(f"{len(answers)} answers valid")
    print("kinds:", dict(Counter(a.kind for a in answers)))
    print("grades:", dict(sorted(Counter(a.grade for a in answers).items())))
    print("roles:", dict(Counter(r for a in answers for r in a.roles())))
    words = sorted(a.word_count for a in answers)
    if words:
        print(f"words: min {words[0]}, median {words[len(words) // 2]}, max {words[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
