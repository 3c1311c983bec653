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
    end: int = Field(ge=0)
    text: str


class Sentence(TextSpan):
    role: Role
    confidence: float = Field(ge=0.0, le=1.0, description="Probability of `role` under the model.")


class Segment(TextSpan):
    """A maximal run of consecutive sentences with one role."""

    role: Role


class Quantity(TextSpan):
    value: float | None = None
    unit: str | None = None
    kind: str
    role: Literal["result", "context"]
    approximate: bool = False
    before: float | None = None
    after: float | None = None
    change: float | None = Field(
        default=None, description="Relative change after/before - 1, e.g. -0.75 for 2.4s to 600ms."
    )


class Tradeoff(TextSpan):
    kind: str


class Criterion(_Frozen):
    id: str
    name: str
    score: float = Field(ge=0.0)
    max: float = Field(gt=0.0)
    weight: float = Field(ge=0.0)
    evidence: list[TextSpan] = Field(default_factory=list)
    feedback: str = ""


class Finding(_Frozen):
    rule: str = Field(description="Stable rule id, e.g. STAR101.")
    severity: Severity
    message: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Report(_Frozen):
    """The graded answer."""

    score: float = Field(ge=0.0, le=100.0)
    grade: Literal["A", "B", "C", "D", "F"]
    kind: Kind
    kind_confidence: float = Field(ge=0.0, le=1.0)
    sentences: list[Sentence]
    segments: list[Segment]
    quantities: list[Quantity]
    tradeoffs: list[Tradeoff]
    criteria: list[Criterion]
    findings: list[Finding]
    word_count: int = Field(ge=0)
    looks_english: bool = True
    schema_version: str = REPORT_SCHEMA_VERSION
    starcheck_version: str = __version__

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (KeyError if the rubric has none)."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


def report_json_schema() -> dict:
    """The published JSON Schema of `Report` (`starcheck schema`)."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"starcheck Report {REPORT_SCHEMA_VERSION}"
    return schema
