"""One graded answer as a self-contained HTML page: the parts coloured, marks at the words.

Hand-written markup with `html.escape` on every piece of user text (the answer, the ids, the
messages that quote it) rather than displaCy's span renderer: a Report holds character
offsets, not a spaCy Doc, and its spans overlap (a quantity inside a result sentence, a finding
over a tradeoff), which `spans.parts_of` turns into properly nested, segmented elements.
The page carries a Content-Security-Policy that forbids every script, as a second guard.
"""

from __future__ import annotations

from ..report import Finding, Report
from .spans import Mark, Part, Piece, esc, parts_of
from .style import CSP, CSS, KIND_LABELS, ROLE_COLOURS, ROLE_LABELS

__all__ = ["answer_page", "answer_section", "reconstruct_text"]




def reconstruct_text(report: Report) -> str:
    """The answer as far as the Report holds it: each sentence at its offsets.

    What lies between sentences is not in the Report: a one-character gap becomes a space and
    a longer one a paragraph break (spaces, then two newlines), so every offset stays right.
    """
    length = max((s.end for s in report.sentences), default=0)
    chars = [" "] * length
    cursor = 0
    for sentence in sorted(report.sentences, key=lambda s: s.start):
        gap = sentence.start - cursor
        if gap >= 2:
            chars[sentence.start - 2:sentence.start] = ["\n", "\n"]
        chars[sentence.start:sentence.end] = sentence.text
        cursor = max(cursor, sentence.end)
    return "".join(chars)


def check_text(text: str, report: Report) -> None:
    """ValueError unless `text` is the text the Report was made from (its sentences at their offsets)."""
    for sentence in report.sentences:
        if text[sentence.start:sentence.end] != sentence.text:
            raise ValueError(f"the text does not match the report at [{sentence.start}:{sentence.end}] "
                             f"({sentence.text[:40]!r}): pass the text the report was made from, or None")


def _whole_answer(finding: Finding, report: Report) -> bool:
    """A finding about the whole answer (it covers every sentence) is listed, not underlined."""
    if not report.sentences:
        return True
    first = min(s.start for s in report.sentences)
    last = max(s.end for s in report.sentences)
    return finding.start <= first and finding.end >= last


def _quantity_title(report: Report, index: int) -> str:
    q = report.quantities[index]
    bits = [f"quantity: {q.kind}", "result" if q.role == "result" else "context"]
    if q.value is not None:
        bits.append(f"{q.value:g}{' ' + q.unit if q.unit else ''}")
    if q.change is not None:
        bits.append(f"change {q.change:+.0%}")
    return " · ".join(bits)


class _AnswerWriter:
    def __init__(self, text: str, report: Report, prefix: str) -> None:
        self.text, self.report, self.prefix = text, report, prefix
        self.local = [i for i, f in enumerate(report.findings) if not _whole_answer(f, report)]
        self.number = {i: i + 1 for i in range(len(report.findings))}
        self.anchored: set[int] = set()
        self.referenced: set[int] = set()
        self.ending: dict[int, list[int]] = {}  # offset -> the local findings whose marker goes there
        for i in self.local:
            self.ending.setdefault(min(report.findings[i].end, len(text)), []).append(i)

    def marks(self) -> list[Mark]:
        r = self.report
        marks = [Mark("quantity", i, q.start, q.end) for i, q in enumerate(r.quantities)]
        marks += [Mark("tradeoff", i, t.start, t.end) for i, t in enumerate(r.tradeoffs)]
        marks += [Mark("finding", i, r.findings[i].start, r.findings[i].end) for i in self.local]
        return marks

    def open_tag(self, mark: Mark) -> str:
        r = self.report
        if mark.kind == "quantity":
            q = r.quantities[mark.index]
            return (f'<mark class="qty qty-{esc(q.role)}" data-kind="{esc(q.kind)}" '
                    f'title="{esc(_quantity_title(r, mark.index))}">')
        if mark.kind == "tradeoff":
            t = r.tradeoffs[mark.index]
            return f'<span class="tradeoff" title="{esc(f"tradeoff ({t.kind})")}">'
        f = r.findings[mark.index]
        n = self.number[mark.index]
        anchor = ""
        if mark.index not in self.anchored:
            self.anchored.add(mark.index)
            anchor = f' id="{self.prefix}at-f{n}"'
        return (f'<span class="finding sev-{esc(f.severity)}"{anchor} data-rule="{esc(f.rule)}" '
                f'title="{esc(f"{n}. {f.rule} {f.severity}: {f.message}")}">')

    @staticmethod
    def close_tag(mark: Mark) -> str:
        return "</mark>" if mark.kind == "quantity" else "</span>"

    def piece(self, piece: Piece) -> str:
        body = esc(self.text[piece.start:piece.end])
        opened = "".join(self.open_tag(m) for m in piece.marks)
        closed = "".join(self.close_tag(m) for m in reversed(piece.marks))
        refs = []
        for i in self.ending.get(piece.end, ()):
            f = self.report.findings[i]
            if i not in self.referenced:
                self.referenced.add(i)
                n = self.number[i]
                refs.append(f'<sup class="fref sev-{esc(f.severity)}"><a href="#{self.prefix}f{n}" '
                            f'title="{esc(f.rule)}">{n}</a></sup>')
        return opened + body + closed + "".join(refs)

    def part(self, part: Part, previous_role: str | None) -> str:
        inner = "".join(self.piece(p) for p in part.pieces)
        if part.role is None:
            return inner
        sentence = self.report.sentences[part.index] if part.index is not None else None
        confidence = f" ({sentence.confidence:.0%})" if sentence is not None else ""
        label = ROLE_LABELS.get(part.role, part.role)
        tag = f'<span class="tag" aria-hidden="true">{esc(label[0])}</span>' if part.role != previous_role else ""
        return (f'{tag}<span class="part part-{esc(part.role)}" data-role="{esc(part.role)}" '
                f'title="{esc(label + confidence)}">{inner}</span>')

    def answer(self) -> str:
        sentences = [(s.start, s.end, s.role) for s in sorted(self.report.sentences, key=lambda s: s.start)]
        out, previous = [], None
        for part in parts_of(len(self.text), sentences, self.marks()):
            out.append(self.part(part, previous))
            if part.role is not None:
                previous = part.role
        # a marker whose finding ends past the text (or covers none of it) still gets its number
        for i in self.local:
            if i not in self.referenced:
                n = self.number[i]
                out.append(f'<sup class="fref"><a href="#{self.prefix}f{n}">{n}</a></sup>')
        return "".join(out)


def _legend() -> str:
    roles = "".join(f'<span class="item"><span class="swatch swatch-{role}"></span>{esc(ROLE_LABELS[role])}</span>'
                    for role in ROLE_COLOURS)
    return (f'<section class="legend" aria-label="legend">{roles}'
            '<span class="item"><mark class="qty">12%</mark> quantity</span>'
            '<span class="item"><mark class="qty qty-result">-40%</mark> quantified result</span>'
            '<span class="item"><span class="tradeoff">instead of</span> tradeoff</span>'
            '<span class="item"><span class="finding sev-warning">words</span><sup class="fref sev-warning">'
            '<a>1</a></sup> finding</span></section>')


def _summary(report: Report, prefix: str, heading: str) -> str:
    kind = KIND_LABELS.get(report.kind, report.kind)
    return (f'<section class="summary"><div class="grade grade-{esc(report.grade)}" id="{prefix}grade" '
            f'title="grade">{esc(report.grade)}</div><div><h1>{esc(heading)}</h1>'
            f'<div class="score" id="{prefix}score">{report.score:.0f}<span class="of"> / 100</span></div>'
            f'<div><span class="kind" id="{prefix}kind" title="kind of answer">{esc(kind)}</span> '
            f'<span class="muted">{report.kind_confidence:.0%} sure · {report.word_count} words · '
            f'{len(report.sentences)} sentences</span></div></div></section>')


def _criteria(report: Report) -> str:
    rows = []
    for c in report.criteria:
        share = 100 * min(max(c.score / c.max, 0.0), 1.0)
        rows.append(f'<tr><td>{esc(c.name)}</td><td><div class="bar" role="img" aria-label="{c.score:.1f} of '
                    f'{c.max:g}"><div class="fill" style="width:{share:.1f}%"></div></div></td>'
                    f'<td class="num">{c.score:.1f}/{c.max:g}</td><td class="num">{c.weight:g}</td>'
                    f'<td>{esc(c.feedback)}</td></tr>')
    return ('<section class="criteria"><h2>Criteria</h2><table><thead><tr><th>criterion</th><th></th>'
            '<th>score</th><th>weight</th><th>feedback</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></section>")


def _findings(text: str, report: Report, prefix: str) -> str:
    if not report.findings:
        return '<section class="findings"><h2>Findings</h2><p class="muted">None.</p></section>'
    items = []
    for n, f in enumerate(report.findings, 1):
        if _whole_answer(f, report):
            where = '<span class="muted">(the whole answer)</span>'
        else:
            quote = text[f.start:f.end]
            quote = quote if len(quote) <= 90 else quote[:87] + "…"
            where = f'<a href="#{prefix}at-f{n}">at</a> <span class="quote">“{esc(quote)}”</span>'
        items.append(f'<li id="{prefix}f{n}"><span class="rule">{esc(f.rule)}</span> '
                     f'<span class="sev-badge sev-{esc(f.severity)}">{esc(f.severity)}</span> '
                     f'{esc(f.message)} {where}</li>')
    return (f'<section class="findings"><h2>Findings ({len(report.findings)})</h2><ol class="findings">'
            + "".join(items) + "</ol></section>")


def _details(report: Report) -> str:
    if not report.quantities and not report.tradeoffs:
        return ""
    rows = "".join(f'<tr><td>{esc(q.text)}</td><td>{esc(q.kind)}</td><td>{esc(q.role)}</td>'
                   f'<td class="num">{"" if q.change is None else f"{q.change:+.0%}"}</td></tr>'
                   for q in report.quantities)
    trade = "".join(f'<li><span class="tradeoff">{esc(t.text)}</span> <span class="muted">({esc(t.kind)})</span></li>'
                    for t in report.tradeoffs)
    return ('<section class="details"><h2>Quantities and tradeoffs</h2>'
            + (f'<table><thead><tr><th>quantity</th><th>kind</th><th>role</th><th>change</th></tr></thead>'
               f'<tbody>{rows}</tbody></table>' if rows else "")
            + (f"<h3>Tradeoffs</h3><ul>{trade}</ul>" if trade else "") + "</section>")


def answer_section(text: str | None, report: Report, *, prefix: str = "", heading: str = "starcheck report",
                   details: bool = True, legend: bool = True) -> str:
    """The report as HTML sections (no page around them); `prefix` keeps ids unique on a page of many."""
    if text is None:
        text = reconstruct_text(report)
    else:
        check_text(text, report)
    writer = _AnswerWriter(text, report, prefix)
    return (_summary(report, prefix, heading) + (_legend() if legend else "")
            + f'<section class="answer"><h2>The answer</h2><div class="answer-text" id="{prefix}answer">'
            + writer.answer() + "</div></section>"
            + _criteria(report) + _findings(text, report, prefix) + (_details(report) if details else ""))


def page(title: str, body: str) -> str:
    """A complete HTML document with the inline CSS and the no-script policy."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="generator" content="starcheck">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body><main>\n{body}\n</main></body></html>\n")


def answer_page(text: str | None, report: Report, *, title: str = "starcheck report") -> str:
    """A self-contained HTML page for one graded answer (see `Report.to_html`)."""
    return page(f"{title}: grade {report.grade}", answer_section(text, report, heading=title))
