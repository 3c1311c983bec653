"""The Report: what starcheck returns, as pydantic models (field names are a contract).

Every `start`/`end` is a character offset into the original text, so that
`text[start:end] == span.text` for every span in a Report.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .about import REPORT_SCHEMA_VERSION, __version__

Role = Literal["situation", "task", "action", "result", "other"]
Kind = Literal["story", "approach", "not_an_answer"]
Severity = Literal["info", "warning", "error"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextSpan(_Frozen):
    """A piece of the answer, quoted with its offsets."""

    start: int = Field(ge=0)
    """Character offset of the span's first character in the text that was graded."""
    end: int = Field(ge=0)
    """Character offset just past the span: `text[start:end] == span.text`."""
    text: str
    """The quoted words."""


class Sentence(TextSpan):
    """One sentence of the answer with its STAR role."""

    role: Role
    """`situation`, `task`, `action`, `result` or `other`."""
    confidence: float = Field(ge=0.0, le=1.0, description="Probability of `role` under the model.")
    """Probability of `role` under the model (0-1)."""


class Segment(TextSpan):
    """A maximal run of consecutive sentences with one role."""

    role: Role
    """The role shared by the run's sentences."""


class Quantity(TextSpan):
    """A number that measures something ("from 2.4s to 600ms", "about 15 percent"), normalised."""

    value: float | None = None
    """The number in `unit` (for a change, the value after it); None when it has no single value."""
    unit: str | None = None
    """The canonical unit: `s` for durations, `percent`, `count`, a currency code, `bytes`, ..."""
    kind: str
    """What is measured: `percent`, `duration`, `money`, `count`, `size`, `multiplier`, ..."""
    role: Literal["result", "context"]
    """`result` when it measures an outcome of the speaker's actions, else `context`."""
    approximate: bool = False
    """The text hedges the number ("about", "roughly", "nearly")."""
    before: float | None = None
    """The value before a stated change ("from 3 days ..."), in `unit`."""
    after: float | None = None
    """The value after a stated change ("... to under 6 hours"), in `unit`."""
    change: float | None = Field(
        default=None, description="Relative change after/before - 1, e.g. -0.75 for 2.4s to 600ms."
    )
    """Relative change, after / before - 1: -0.75 for "from 2.4s to 600ms"."""


class Tradeoff(TextSpan):
    """A sentence that weighs options, accepts a cost for a benefit, or balances two goals."""

    kind: str
    """`explicit`, `alternative`, `concession` or `balancing`."""


class Criterion(_Frozen):
    """One rubric criterion's result (the criteria are described in docs/rubric.md)."""

    id: str
    """Stable id, e.g. `quantified_result`."""
    name: str
    """Human-readable name, e.g. "Quantified result"."""
    score: float = Field(ge=0.0)
    """Points earned, 0 to `max`."""
    max: float = Field(gt=0.0)
    """Points available (10)."""
    weight: float = Field(ge=0.0)
    """The criterion's weight in the overall score, from the rubric."""
    evidence: list[TextSpan] = Field(default_factory=list)
    """The spans of the answer the judgement rests on."""
    feedback: str = ""
    """One sentence of feedback for the person who wrote the answer."""


class Finding(_Frozen):
    """A linter-style note about the answer, with a stable rule id."""

    rule: str = Field(description="Stable rule id, e.g. STAR101.")
    """Stable rule id, e.g. `STAR101`: select or ignore rules by it, never by the message."""
    severity: Severity
    """`info`, `warning` or `error` (configurable per rule in the rubric)."""
    message: str
    """What is wrong and how to fix it; the wording may change between releases."""
    start: int = Field(ge=0)
    """Offset of the text the finding points at (the whole answer, trimmed, for an answer-wide finding)."""
    end: int = Field(ge=0)
    """Offset just past the text the finding points at."""


class Report(_Frozen):
    """The graded answer."""

    score: float = Field(ge=0.0, le=100.0)
    """Overall score, 0-100: the weighted criteria, capped by kind, length and keyword stuffing."""
    grade: Literal["A", "B", "C", "D", "F"]
    """The letter from the rubric's cut points."""
    kind: Kind
    """`story` (a past situation, told), `approach` (a general or hypothetical answer) or `not_an_answer`."""
    kind_confidence: float = Field(ge=0.0, le=1.0)
    """Probability of `kind` under the model."""
    sentences: list[Sentence]
    """Every sentence, in order, with its role."""
    segments: list[Segment]
    """Maximal runs of sentences with one role."""
    quantities: list[Quantity]
    """Numbers that measure something, in order."""
    tradeoffs: list[Tradeoff]
    """Sentences with tradeoff or decision language."""
    criteria: list[Criterion]
    """One entry per rubric criterion, in rubric order."""
    findings: list[Finding]
    """Linter-style findings, by rule id."""
    word_count: int = Field(ge=0)
    """Words in the answer (tokens that are neither punctuation nor whitespace)."""
    looks_english: bool = True
    """False when the text does not look like English (the grade then means little)."""
    schema_version: str = REPORT_SCHEMA_VERSION
    """The Report layout this object follows (`REPORT_SCHEMA_VERSION`); see docs/app-developers.md."""
    starcheck_version: str = __version__
    """The starcheck release that graded the answer."""

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (KeyError if the rubric has none)."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def to_html(self, text: str | None = None) -> str:
        """A self-contained HTML page of this report (inline CSS, no script; see docs/html.md).

        Pass the answer `text` the report was made from to show it exactly (ValueError if it
        does not match the report's sentences); with None the answer is rebuilt from the
        sentences, and only the whitespace between sentences is approximated.
        """
        from .html.answer_page import answer_page

        return answer_page(text, self)


def report_json_schema() -> dict:
    """The published JSON Schema of `Report` (`starcheck schema`)."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"starcheck Report {REPORT_SCHEMA_VERSION}"
    return schema
