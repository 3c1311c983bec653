"""Terminal rendering of a Report (rich): the answer with its parts marked, criteria, findings.

Colour and styles only on a terminal: output to a file or pipe, or with NO_COLOR set (any
non-empty value, see no-color.org), is plain text with no ANSI escape codes at all (rich alone
would keep bold and underline under NO_COLOR). Each part is also marked in plain text
([S] [T] [A] [R]) so the report reads without colour. The HTML report is `starcheck.html`.
"""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .report import Report

ROLE_STYLE = {
    "situation": ("S", "cyan"),
    "task": ("T", "magenta"),
    "action": ("A", "green"),
    "result": ("R", "yellow"),
    "other": ("-", "dim"),
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}


def terminal_console(file: IO[str] | None = None, *, force_terminal: bool | None = None) -> Console:
    """A Console for reports: styled on a terminal, plain under NO_COLOR or when not a terminal."""
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(file=file, highlight=False, force_terminal=force_terminal, no_color=plain,
                   color_system=None if plain else "auto")


def answer_text(text: str, report: Report) -> Text:
    out = Text()
    for segment in report.segments:
        tag, style = ROLE_STYLE[segment.role]
        out.append(f"[{tag}] ", style=f"bold {style}")
        piece = Text(segment.text, style=style)
        for q in report.quantities:
            if segment.start <= q.start and q.end <= segment.end:
                piece.stylize("bold underline", q.start - segment.start, q.end - segment.start)
        for t in report.tradeoffs:
            if segment.start <= t.start and t.end <= segment.end:
                piece.stylize("italic", t.start - segment.start, t.end - segment.start)
        out.append_text(piece)
        out.append("\n")
    return out


def print_report(text: str, report: Report, console: Console | None = None) -> None:
    console = console or terminal_console()
    console.print(Text(f"Grade {report.grade}  ·  score {report.score:.0f}/100  ·  {report.kind}"
                       f"  ·  {report.word_count} words", style="bold"))
    console.print()
    console.print(answer_text(text, report))
    table = Table(title="Criteria", show_edge=False)
    for column in ("criterion", "score", "weight", "feedback"):
        table.add_column(column)
    for c in report.criteria:
        table.add_row(c.name, f"{c.score:.1f}/{c.max:.0f}", f"{c.weight:g}", c.feedback)
    console.print(table)
    if report.findings:
        console.print()
        console.print(Text("Findings", style="bold"))
        for f in report.findings:
            line = Text(f"  {f.rule} ", style=SEVERITY_STYLE[f.severity])
            line.append(f"{f.severity:<8} ")
            line.append(f"[{f.start}:{f.end}] ", style="dim")
            line.append(f.message)
            console.print(line)
