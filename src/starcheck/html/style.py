"""The CSS of the HTML reports, inline in every page (no external assets, works offline)."""

from __future__ import annotations

#: Background colour of each STAR part; distinct so that a reader (and a browser test) tells them apart.
ROLE_COLOURS = {
    "situation": "#cfe3ff",
    "task": "#ecdcff",
    "action": "#cdf5d9",
    "result": "#fde9a8",
    "other": "#e5e7eb",
}
ROLE_LABELS = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result", "other": "Other"}
GRADE_COLOURS = {"A": "#15803d", "B": "#0f766e", "C": "#b45309", "D": "#c2410c", "F": "#b91c1c"}
SEVERITY_COLOURS = {"error": "#dc2626", "warning": "#d97706", "info": "#2563eb"}
KIND_LABELS = {"story": "story", "approach": "approach (how I usually work)", "not_an_answer": "not an answer"}

# Content-Security-Policy of every page: no script, no network; only inline styles and data: images.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _role_rules() -> str:
    return "\n".join(
        f".part-{role}, .swatch-{role} {{ background-color: {colour}; }}" for role, colour in ROLE_COLOURS.items())


def _grade_rules() -> str:
    return "\n".join(f".grade-{grade} {{ background-color: {colour}; }}" for grade, colour in GRADE_COLOURS.items())


def _severity_rules() -> str:
    return "\n".join(
        f".finding.sev-{sev} {{ text-decoration-color: {colour}; }}\n"
        f".sev-badge.sev-{sev}, .fref.sev-{sev} a {{ color: {colour}; }}" for sev, colour in SEVERITY_COLOURS.items())


CSS = f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #111827; background: #f9fafb; margin: 0; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }}
h1 {{ font-size: 1.5rem; margin: 0 0 1rem; }}
h2 {{ font-size: 1.15rem; margin: 0 0 .6rem; }}
h3 {{ font-size: 1rem; margin: 0 0 .5rem; }}
section {{ background: #fff; border: 1px solid #e5e7eb; border-radius: .6rem; padding: 1rem 1.2rem; margin: 0 0 1rem; }}
a {{ color: #1d4ed8; }}
.muted {{ color: #6b7280; }}
.summary {{ display: flex; gap: 1.2rem; align-items: center; }}
.grade {{ color: #fff; font-size: 3rem; font-weight: 800; line-height: 1; border-radius: .6rem;
  min-width: 5rem; padding: .8rem 1rem; text-align: center; }}
.grade.small {{ font-size: 1rem; min-width: 2rem; padding: .15rem .5rem; display: inline-block; }}
.score {{ font-size: 2rem; font-weight: 700; }}
.score .of {{ font-size: 1rem; color: #6b7280; font-weight: 400; }}
.kind {{ display: inline-block; border: 1px solid #d1d5db; border-radius: 999px; padding: 0 .6rem; }}
.legend {{ display: flex; flex-wrap: wrap; gap: .4rem 1rem; padding: .6rem 1.2rem; align-items: center; }}
.legend .item {{ display: inline-flex; gap: .35rem; align-items: center; }}
.swatch {{ display: inline-block; width: 1.1rem; height: 1.1rem; border-radius: .25rem; border: 1px solid #9ca3af; }}
.answer-text {{ white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.9; }}
.part {{ border-radius: .2rem; padding: .1rem 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }}
.tag {{ font-size: .7rem; font-weight: 700; color: #374151; vertical-align: super; margin-right: .15rem; }}
.qty {{ background: transparent; font-weight: 700; outline: 1px solid #4b5563; border-radius: .2rem; color: inherit; }}
.qty.qty-result {{ outline: 2px solid #15803d; }}
.tradeoff {{ font-style: italic; border-bottom: 2px dashed #7c3aed; }}
.finding {{ text-decoration-line: underline; text-decoration-style: wavy; text-decoration-thickness: 1.5px;
  text-underline-offset: .3em; }}
.fref {{ font-size: .7rem; font-weight: 700; margin-left: .05rem; }}
.fref a {{ text-decoration: none; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #f3f4f6; vertical-align: top; }}
th {{ font-size: .85rem; color: #4b5563; }}
td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.bar {{ background: #e5e7eb; border-radius: .25rem; height: .8rem; width: 10rem; overflow: hidden; }}
.bar .fill {{ background: #2563eb; height: 100%; }}
ol.findings li {{ margin: 0 0 .5rem; }}
.sev-badge {{ font-weight: 700; font-size: .85rem; }}
.rule {{ font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 700; }}
.quote {{ color: #4b5563; font-style: italic; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }}
svg.chart {{ width: 100%; height: auto; max-width: 34rem; }}
svg.chart text {{ font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #374151; }}
.answer-card {{ border-left: 4px solid #9ca3af; }}
{_role_rules()}
{_grade_rules()}
{_severity_rules()}
@media print {{ body {{ background: #fff; }} section {{ break-inside: avoid; }} }}
"""
