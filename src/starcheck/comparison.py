"""Compare an answer with a model (reference) answer: `starcheck.compare(answer, reference)`.

Both are graded with the same rubric; the Comparison says where the answer falls short of the
reference: the criteria it scores lower on (with both scores), the STAR parts the reference has
and the answer lacks, and the result quantities the reference gives that the answer has no
counterpart for (a counterpart is a result quantity of the same kind: a percentage for a
percentage, a duration for a duration, ...). Offline and deterministic, like everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from .report import Quantity, Report

if TYPE_CHECKING:
    from .scorer import Scorer

PARTS = ("situation", "task", "action", "result")
# A criterion counts as weaker when the reference scores at least this many points (of 10) more.
MIN_GAP = 1.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CriterionGap(_Frozen):
    """A criterion the answer scores lower on than the reference."""

    id: str
    name: str
    answer_score: float
    reference_score: float
    max: float
    weight: float
    feedback: str = Field(description="The answer's own feedback on this criterion.")

    @property
    def gap(self) -> float:
        return self.reference_score - self.answer_score


class Comparison(_Frozen):
    """How an answer compares with a reference answer graded by the same rubric."""

    answer_score: float
    reference_score: float
    answer_grade: str
    reference_grade: str
    weaker_criteria: list[CriterionGap] = Field(
        default_factory=list, description="Criteria where the reference scores higher, largest weighted gap first."
    )
    missing_parts: list[str] = Field(
        default_factory=list, description="STAR parts (roles) the reference has and the answer lacks."
    )
    missing_quantities: list[Quantity] = Field(
        default_factory=list,
        description="Result quantities of the reference (offsets into the reference) with no result "
                    "quantity of the same kind in the answer.",
    )

    @classmethod
    def from_reports(cls, answer: Report, reference: Report, min_gap: float = MIN_GAP) -> Comparison:
        ours = {c.id: c for c in answer.criteria}
        gaps = []
        for ref in reference.criteria:
            mine = ours.get(ref.id)
            if mine is None or ref.score - mine.score < min_gap:
                continue
            gaps.append(CriterionGap(id=ref.id, name=ref.name, answer_score=mine.score,
                                     reference_score=ref.score, max=ref.max, weight=mine.weight,
                                     feedback=mine.feedback))
        gaps.sort(key=lambda g: (-g.gap * g.weight, -g.gap, g.id))
        answer_roles = {s.role for s in answer.sentences}
        reference_roles = {s.role for s in reference.sentences}
        missing_parts = [p for p in PARTS if p in reference_roles and p not in answer_roles]
        answer_kinds = {q.kind for q in answer.quantities if q.role == "result"}
        missing_quantities = [q for q in reference.quantities if q.role == "result" and q.kind not in answer_kinds]
        return cls(answer_score=answer.score, reference_score=reference.score, answer_grade=answer.grade,
                   reference_grade=reference.grade, weaker_criteria=gaps, missing_parts=missing_parts,
                   missing_quantities=missing_quantities)

    def format(self) -> str:
        """A plain-text summary, as `starcheck score --reference` prints it."""
        lines = [f"Compared with the reference: {self.answer_score:.1f} ({self.answer_grade}) "
                 f"vs {self.reference_score:.1f} ({self.reference_grade})"]
        if self.weaker_criteria:
            lines.append("Weaker than the reference on:")
            for gap in self.weaker_criteria:
                lines.append(f"  {gap.name:<34} {gap.answer_score:4.1f} vs {gap.reference_score:4.1f} "
                             f"/ {gap.max:g}  {gap.feedback}")
        if self.missing_parts:
            lines.append("Parts the reference has and this answer lacks: " + ", ".join(self.missing_parts))
        if self.missing_quantities:
            lines.append("Result numbers the reference gives that this answer has no match for:")
            lines += [f"  \"{q.text}\" ({q.kind})" for q in self.missing_quantities]
        if len(lines) == 1:
            lines.append("No criterion, part or result number where the reference is ahead.")
        return "\n".join(lines)


def compare(answer: str | Report, reference: str | Report, *, scorer: Scorer | None = None) -> Comparison:
    """Grade `answer` and `reference` with the same rubric (texts, or Reports already graded)
    and say where the answer falls short of the reference."""

    def as_report(item: str | Report) -> Report:
        if isinstance(item, Report):
            return item
        if not isinstance(item, str):
            raise TypeError(f"starcheck compares text: expected str or Report, got {type(item).__name__}")
        if scorer is None:
            from . import score  # the shared default Scorer, loaded on first use

            return score(item)
        return scorer.score(item)

    return Comparison.from_reports(as_report(answer), as_report(reference))
