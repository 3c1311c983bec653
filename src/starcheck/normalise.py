"""Typographic normalisation before grading, with a map back to the user's offsets.

Curly quotes, non-breaking spaces and runs of spaces inside a line do not change what an
answer says, but they change spaCy's tokens (a double space is a token of its own; "didn’t"
and "didn't" are different words to the role model and the phrase lists), and so the roles,
numbers and grade. The pipeline therefore reads a normalised copy, and every offset of the
Report is mapped back, so that `text[start:end]` still quotes the text the user sent.
Line breaks are kept: they are structure (bullets, headed parts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .report import Report, TextSpan

# one character for one: offsets do not move
_SAME_LENGTH = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
})
_SPACE_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")  # inside a line, between two words


@dataclass(frozen=True)
class Normalised:
    """The text the pipeline reads, and where each of its characters came from."""

    text: str
    origin: list[int] | None  # origin[i]: offset in the original of text[i]; None: same offsets

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span [start, end)."""
        if self.origin is None:
            return start, end
        if start >= end:
            position = self.origin[start] if start < len(self.origin) else self._end()
            return position, position
        return self.origin[start], self.origin[end - 1] + 1

    def _end(self) -> int:
        return self.origin[-1] + 1 if self.origin else 0


def normalise(text: str) -> Normalised:
    """`text` with typographic variants folded (see the module docstring)."""
    folded = text.translate(_SAME_LENGTH)
    if "  " not in folded:
        return Normalised(folded, None)
    pieces: list[str] = []
    origin: list[int] = []
    cursor = 0
    for match in _SPACE_RUN.finditer(folded):
        pieces.append(folded[cursor:match.start()] + " ")
        origin.extend(range(cursor, match.start() + 1))
        cursor = match.end()
    pieces.append(folded[cursor:])
    origin.extend(range(cursor, len(folded)))
    return Normalised("".join(pieces), origin)


def restore_offsets(report: Report, original: str, normalised: Normalised) -> Report:
    """The Report of the normalised text, with every span pointing into `original`."""
    if normalised.text == original:
        return report

    def span(item: TextSpan) -> TextSpan:
        start, end = normalised.to_original(item.start, item.end)
        return item.model_copy(update={"start": start, "end": end, "text": original[start:end]})

    def bounds(finding):
        start, end = normalised.to_original(finding.start, finding.end)
        return finding.model_copy(update={"start": start, "end": end})

    return report.model_copy(update={
        "sentences": [span(s) for s in report.sentences],
        "segments": [span(s) for s in report.segments],
        "quantities": [span(q) for q in report.quantities],
        "tradeoffs": [span(t) for t in report.tradeoffs],
        "criteria": [c.model_copy(update={"evidence": [span(e) for e in c.evidence]}) for c in report.criteria],
        "findings": [bounds(f) for f in report.findings],
    })
