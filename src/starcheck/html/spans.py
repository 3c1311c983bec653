"""Cut an answer into pieces at every span edge, so overlapping spans give well-formed HTML.

Sentences (one role each) never overlap one another, but a quantity sits inside a result
sentence, a tradeoff may cross a sentence boundary and a finding may overlap both. HTML
elements must nest, so the text is cut at every start and end of every span: each *piece*
lies inside one sentence (or one gap between sentences) and is covered by a fixed set of
marks, which are opened and closed inside the piece. A span that crosses pieces is drawn as
several elements (segmented markup).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape


def esc(value: object) -> str:
    """`value` as text safe in HTML content and in quoted attributes (every piece of user text
    goes through here)."""
    return escape(str(value), quote=True)


#: Nesting order of the marks in a piece, outermost first.
LAYER_ORDER = {"finding": 0, "tradeoff": 1, "quantity": 2}


@dataclass(frozen=True)
class Mark:
    """One span to draw: `kind` is finding, tradeoff or quantity; `index` its position in the report."""

    kind: str
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    marks: tuple[Mark, ...]


@dataclass
class Part:
    """A sentence (`role` set, `index` its position) or the gap before or after one (`role` None)."""

    start: int
    end: int
    role: str | None
    index: int | None = None
    pieces: list[Piece] = field(default_factory=list)


def parts_of(length: int, sentences: Sequence[tuple[int, int, str]], marks: Iterable[Mark]) -> list[Part]:
    """The text [0, length) as sentences and gaps, each cut into pieces with the marks covering them.

    Offsets are clamped to the text; a sentence overlapping the previous one starts where that
    one ends; empty marks are dropped (they cover no text).
    """
    parts: list[Part] = []
    cursor = 0
    for index, (start, end, role) in enumerate(sorted(sentences)):
        start, end = max(min(start, length), cursor), min(end, length)
        if end <= start:
            continue
        if start > cursor:
            parts.append(Part(cursor, start, None))
        parts.append(Part(start, end, role, index))
        cursor = end
    if cursor < length:
        parts.append(Part(cursor, length, None))

    kept = [Mark(m.kind, m.index, max(0, m.start), min(m.end, length)) for m in marks]
    kept = [m for m in kept if m.end > m.start]
    edges = sorted({0, length, *(p.start for p in parts), *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    for mark in kept:
        starting.setdefault(mark.start, []).append(mark)
    active: set[Mark] = set()
    part_iter = iter(parts)
    part = next(part_iter, None)
    for left, right in zip(edges, edges[1:], strict=False):
        active = {m for m in active if m.end > left}
        active.update(starting.get(left, ()))
        while part is not None and part.end <= left:
            part = next(part_iter, None)
        if part is None:
            break
        ordered = tuple(sorted(active, key=lambda m: (LAYER_ORDER.get(m.kind, 9), m.start, -m.end, m.index)))
        part.pieces.append(Piece(left, right, ordered))
    return parts
