"""Small hand-made inline SVG charts (no plotting library; the page stays self-contained)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .spans import esc


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = "#2563eb"
    tooltip: str = ""




def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str = "", width: int = 320, height: int = 200,
              label_every: int = 1, value_labels: bool = True) -> str:
    """A vertical bar chart: one bar per item, its value above it, every `label_every`-th label below.

    Bars are scaled to the largest value (a chart of zeros draws empty bars). Each bar has a
    `<title>` tooltip; the chart has a `<title>` for screen readers.
    """
    left, right, top, bottom = 8, 8, 18, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((b.value for b in bars), default=0) or 1
    slot = plot_w / max(len(bars), 1)
    gap = min(6.0, slot * 0.15)
    id_attr = f' id="{esc(chart_id)}"' if chart_id else ""
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img"{id_attr} aria-label="{esc(title)}">'
           f"<title>{esc(title)}</title>",
           f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9ca3af"/>']
    for i, bar in enumerate(bars):
        h = plot_h * max(bar.value, 0) / peak
        x = left + i * slot + gap / 2
        y = top + plot_h - h
        tip = bar.tooltip or f"{bar.label}: {bar.value:g}"
        out.append(f'<rect class="col" x="{x:.1f}" y="{y:.1f}" width="{slot - gap:.1f}" height="{h:.1f}" '
                   f'fill="{esc(bar.colour)}"><title>{esc(tip)}</title></rect>')
        centre = x + (slot - gap) / 2
        if value_labels and bar.value:
            out.append(f'<text x="{centre:.1f}" y="{y - 4:.1f}" text-anchor="middle">{bar.value:g}</text>')
        if i % label_every == 0:
            out.append(f'<text x="{centre:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{esc(bar.label)}</text>')
    out.append("</svg>")
    return "".join(out)


def share_bar(parts: Sequence[Bar], *, title: str, width: int = 320, height: int = 24) -> str:
    """One horizontal bar split into shares (e.g. the kinds of answer), each with a tooltip."""
    total = sum(max(p.value, 0) for p in parts) or 1
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{esc(title)}"><title>{esc(title)}</title>']
    x = 0.0
    for part in parts:
        w = width * max(part.value, 0) / total
        if w <= 0:
            continue
        out.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{esc(part.colour)}">'
                   f"<title>{esc(part.tooltip or part.label)}</title></rect>")
        x += w
    out.append("</svg>")
    return "".join(out)
