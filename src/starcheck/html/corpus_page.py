"""A graded corpus as one HTML page, accumulated row by row as the grading streams.

    corpus = CorpusReport(lowest=10)
    grade_file("answers.jsonl", "graded.jsonl", on_row=corpus.add)
    Path("corpus.html").write_text(corpus.to_html(), encoding="utf-8")

Memory is constant in the number of rows: counters, sums and a 20-bin histogram, plus the N
lowest-scored answers (text and report JSON) in a bounded heap.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from typing import Any

from ..report import Report
from .answer_page import _legend, answer_section, check_text, page
from .spans import esc
from .style import GRADE_COLOURS, KIND_LABELS
from .svg import Bar, bar_chart, share_bar

__all__ = ["CorpusReport"]

GRADES = ("A", "B", "C", "D", "F")
KINDS = ("story", "approach", "not_an_answer")
KIND_COLOURS = {"story": "#16a34a", "approach": "#2563eb", "not_an_answer": "#9ca3af"}
BINS = 20  # score histogram: 0-5, 5-10, ..., 95-100




def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def _snippet(text: Any, report_json: str, limit: int = 140) -> str:
    if not isinstance(text, str):
        text = " ".join(s["text"] for s in json.loads(report_json).get("sentences", []))
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class CorpusReport:
    """Consumes graded rows (`add`, the `on_row` hook of `grade_file`) and renders one HTML page."""

    def __init__(self, *, lowest: int = 10, top_findings: int = 15, title: str = "starcheck corpus report") -> None:
        if lowest < 0 or top_findings < 0:
            raise ValueError("lowest and top_findings must be 0 or more")
        self.lowest, self.top_findings, self.title = lowest, top_findings, title
        self.rows = self.errors = self.graded = 0
        self.score_sum = 0.0
        self.grades: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.error_reasons: Counter[str] = Counter()
        self.histogram = [0] * BINS
        self.criterion_sums: dict[str, float] = {}
        self.criterion_info: dict[str, tuple[str, float]] = {}  # id -> (name, max), from the first report
        self._heap: list[tuple[float, int, Any, Any, str]] = []

    # -- accumulate --------------------------------------------------------------------------

    def add(self, record_id: Any, text: Any, columns: dict[str, Any] | None, error: str | None) -> None:
        """One output row of `grade_records`/`grade_file`: its id, input text, columns or error."""
        from ..batch import _reason

        seq = self.rows
        self.rows += 1
        if error is not None or columns is None:
            self.errors += 1
            self.error_reasons[_reason(error or "no result")] += 1
            return
        self.graded += 1
        score = float(columns["score"])
        self.score_sum += score
        self.grades[columns["grade"]] += 1
        self.kinds[columns["kind"]] += 1
        self.histogram[min(int(score // (100 / BINS)), BINS - 1)] += 1
        for name, value in columns.items():
            if name.startswith("score_") and value is not None:
                key = name[len("score_"):]
                self.criterion_sums[key] = self.criterion_sums.get(key, 0.0) + float(value)
        self.rules.update((columns.get("finding_rules") or "").split())
        report_json = columns.get("report") or ""
        if not self.criterion_info and report_json:
            self.criterion_info = {c["id"]: (c["name"], float(c["max"]))
                                   for c in json.loads(report_json).get("criteria", [])}
        if self.lowest and report_json:
            entry = (-score, -seq, record_id, text if isinstance(text, str) else None, report_json)
            if len(self._heap) < self.lowest:
                heapq.heappush(self._heap, entry)
            elif entry > self._heap[0]:
                heapq.heapreplace(self._heap, entry)

    def add_report(self, record_id: Any, text: str | None, report: Report) -> None:
        """One Report from Python (e.g. `Scorer.score_many`), as `add` would take its row."""
        from ..batch import report_columns

        self.add(record_id, text, report_columns(report), None)

    # -- render ------------------------------------------------------------------------------

    def lowest_rows(self) -> list[tuple[float, Any, Any, str]]:
        """The kept lowest-scored rows, lowest first (ties: earlier row first): (score, id, text, report JSON)."""
        return [(-neg, rid, text, rep) for neg, _, rid, text, rep in sorted(self._heap, reverse=True)]

    def to_html(self) -> str:
        """The whole page: distributions as inline SVG, tables, and the lowest answers rendered."""
        body = [self._overview(), self._charts(), self._criteria(), self._findings()]
        if self.errors:
            body.append(self._errors())
        body.append(self._lowest())
        return page(self.title, "".join(body))

    def _overview(self) -> str:
        mean = f"{self.score_sum / self.graded:.1f}" if self.graded else "–"
        return (f'<section class="overview"><h1>{esc(self.title)}</h1>'
                f'<p><strong id="rows">{self.rows:,}</strong> rows: '
                f'<strong id="graded">{self.graded:,}</strong> graded, <strong id="errors">{self.errors:,}</strong> '
                f'error rows. Mean score <strong id="mean-score">{mean}</strong> / 100.</p>'
                '<p><a href="#grades">grades</a> · <a href="#scores">scores</a> · <a href="#kinds">kinds</a> · '
                '<a href="#criteria">criteria</a> · <a href="#findings">findings</a> · '
                '<a href="#lowest">lowest answers</a></p></section>')

    def _charts(self) -> str:
        graded = self.graded
        grade_bars = [Bar(g, self.grades[g], GRADE_COLOURS[g],
                          f"grade {g}: {self.grades[g]:,} ({_pct(self.grades[g], graded)})") for g in GRADES]
        width = 100 / BINS
        score_bars = [Bar(f"{i * width:g}", n, "#2563eb",
                          f"score {i * width:g}–{(i + 1) * width:g}: {n:,} ({_pct(n, graded)})")
                      for i, n in enumerate(self.histogram)]
        kind_bars = [Bar(KIND_LABELS[k], self.kinds[k], KIND_COLOURS[k],
                         f"{KIND_LABELS[k]}: {self.kinds[k]:,} ({_pct(self.kinds[k], graded)})") for k in KINDS]
        kind_rows = "".join(f'<tr><td><span class="swatch" style="background:{KIND_COLOURS[k]}"></span> '
                            f'{esc(KIND_LABELS[k])}</td><td class="num">{self.kinds[k]:,}</td>'
                            f'<td class="num">{_pct(self.kinds[k], graded)}</td></tr>' for k in KINDS)
        grade_rows = " · ".join(f"{g} {self.grades[g]:,} ({_pct(self.grades[g], graded)})" for g in GRADES)
        grade_chart = bar_chart(grade_bars, title="Grade distribution", chart_id="grade-chart")
        score_chart = bar_chart(score_bars, title="Score histogram (bins of 5)", chart_id="score-chart",
                                label_every=4, value_labels=False)
        return ('<div class="charts">'
                f'<section id="grades"><h2>Grades</h2>{grade_chart}'
                f'<p class="muted">{grade_rows}</p></section>'
                f'<section id="scores"><h2>Scores</h2>{score_chart}'
                '<p class="muted">Answers per band of 5 points; hover a bar for its count.</p></section>'
                f'<section id="kinds"><h2>Kinds of answer</h2>{share_bar(kind_bars, title="Share of each kind")}'
                f'<table><tbody>{kind_rows}</tbody></table></section></div>')

    def _criteria(self) -> str:
        rows = []
        for cid, total in self.criterion_sums.items():
            name, top = self.criterion_info.get(cid, (cid, 10.0))
            mean = total / self.graded if self.graded else 0.0
            share = 100 * min(max(mean / top, 0.0), 1.0) if top else 0.0
            rows.append(f'<tr><td>{esc(name)}</td><td><div class="bar" role="img" aria-label="{mean:.1f} of {top:g}">'
                        f'<div class="fill" style="width:{share:.1f}%"></div></div></td>'
                        f'<td class="num">{mean:.2f}/{top:g}</td></tr>')
        body = ("<table><thead><tr><th>criterion</th><th></th><th>mean</th></tr></thead><tbody>" + "".join(rows)
                + "</tbody></table>") if rows else '<p class="muted">No graded answers.</p>'
        return f'<section id="criteria"><h2>Criteria: mean scores</h2>{body}</section>'

    def _findings(self) -> str:
        from ..rubric.findings import rule_catalogue

        catalogue = rule_catalogue()
        rows = []
        for rule, count in self.rules.most_common(self.top_findings):
            info = catalogue.get(rule)
            severity = info.severity if info else ""
            share = 100 * count / self.graded if self.graded else 0.0
            rows.append(f'<tr><td class="rule">{esc(rule)}</td><td>{esc(info.name if info else "")}</td>'
                        f'<td><span class="sev-badge sev-{esc(severity)}">{esc(severity)}</span></td>'
                        f'<td class="num">{count:,}</td><td><div class="bar"><div class="fill" '
                        f'style="width:{share:.1f}%"></div></div></td><td class="num">{share:.0f}%</td></tr>')
        body = ("<table><thead><tr><th>rule</th><th>name</th><th>severity</th><th>answers</th><th></th><th>share</th>"
                "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>") if rows else '<p class="muted">None.</p>'
        return (f'<section id="findings"><h2>Most frequent findings</h2><p class="muted">Answers flagged by each rule '
                f"(the {self.top_findings} most frequent).</p>{body}</section>")

    def _errors(self) -> str:
        rows = "".join(f'<tr><td>{esc(reason)}</td><td class="num">{n:,}</td></tr>'
                       for reason, n in self.error_reasons.most_common(10))
        return (f'<section id="error-rows"><h2>Error rows ({self.errors:,})</h2><table><thead><tr><th>reason</th>'
                f"<th>rows</th></tr></thead><tbody>{rows}</tbody></table></section>")

    def _lowest(self) -> str:
        kept = self.lowest_rows()
        if not kept:
            return '<section id="lowest"><h2>Lowest-scored answers</h2><p class="muted">None.</p></section>'
        rows, cards = [], []
        for k, (score, record_id, text, report_json) in enumerate(kept, 1):
            report = Report.model_validate_json(report_json)
            if text is not None:
                try:
                    check_text(text, report)
                except ValueError:
                    text = None
            rows.append(f'<tr><td class="num">{k}</td><td><a href="#answer-{k}">{esc(record_id)}</a></td>'
                        f'<td class="num">{score:.1f}</td><td><span class="grade small grade-{esc(report.grade)}">'
                        f'{esc(report.grade)}</span></td><td>{esc(KIND_LABELS.get(report.kind, report.kind))}</td>'
                        f'<td>{esc(_snippet(text, report_json))}</td></tr>')
            cards.append(f'<div class="lowest-answer" id="answer-{k}">'
                         + answer_section(text, report, prefix=f"a{k}-", heading=f"#{k} · id {record_id}",
                                          details=False, legend=False)
                         + '<p><a href="#lowest">back to the list</a></p></div>')
        return (f'<section id="lowest"><h2>The {len(kept)} lowest-scored answers</h2><table><thead><tr><th>#</th>'
                "<th>id</th><th>score</th><th>grade</th><th>kind</th><th>beginning</th></tr></thead><tbody>"
                + "".join(rows) + "</tbody></table></section>" + _legend() + "".join(cards))
