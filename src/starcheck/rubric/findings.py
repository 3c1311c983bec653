"""Linter-style findings: stable rule ids (catalogue in `rules.toml`), severity, exact spans.

Every message says what to do and quotes the user's own words (`{quote}`: the text of the
finding's span, or of the sentence it is about, on one line and clipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .._toml import tomllib
from ..report import Finding, Severity
from .config import RubricConfig
from .criteria import (
    PARTS,
    clip,
    is_stuffed,
    lesson_cues,
    metric_lists,
    parts_present,
    real_tradeoffs,
    result_quantities,
    stuffing_signals,
    thin_parts,
)
from .view import AnswerView


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    message: str
    why: str
    example: str = ""
    fix: str = ""


@cache
def rule_catalogue() -> dict[str, Rule]:
    text = (resources.files("starcheck") / "rubric" / "rules.toml").read_text(encoding="utf-8")
    return {rule_id: Rule(id=rule_id, **fields) for rule_id, fields in tomllib.loads(text).items()}


class _Collector:
    def __init__(self, view: AnswerView, config: RubricConfig) -> None:
        self.view = view
        self.config = config
        self.catalogue = rule_catalogue()
        self.findings: list[Finding] = []

    def add(self, rule_id: str, start: int | None = None, end: int | None = None,
            quote_span: tuple[int, int] | None = None, **values) -> None:
        """A finding over [start, end) (default: the whole answer); `{quote}` is the text of
        `quote_span` (default: the finding's span)."""
        if not self.config.rules.enabled(rule_id):
            return
        rule = self.catalogue[rule_id]
        if start is None or end is None:
            start, end = self.view.whole()
        q_start, q_end = quote_span or (start, end)
        values.setdefault("quote", clip(self.view.text[q_start:q_end]))
        self.findings.append(Finding(
            rule=rule_id,
            severity=self.config.rules.severity.get(rule_id, rule.severity),
            message=rule.message.format(**values),
            start=start, end=end,
        ))


def find(view: AnswerView, config: RubricConfig) -> list[Finding]:
    """Every finding for this answer, in rule-id then position order."""
    out = _Collector(view, config)
    sentences = view.sentences
    roles = view.roles()
    t = config.thresholds
    words = view.word_count
    if not sentences:
        out.add("STAR302")
        return out.findings
    first, last = sentences[0], sentences[-1]
    first_span, last_span = (first.start, first.end), (last.start, last.end)

    def sentence_span(index: int) -> tuple[int, int]:
        return sentences[index].start, sentences[index].end

    if view.kind == "not_an_answer":
        out.add("STAR302", quote_span=first_span)
        return sorted(out.findings, key=lambda f: (f.rule, f.start))
    if view.kind == "approach":
        modal = view.cues_in("modal_hypothetical")
        generic = view.cues_in("generic_present")
        if modal and len(modal) >= len(generic):
            out.add("STAR301", modal[0].start, sentences[modal[0].sentence].end)
        else:
            cue = (generic or modal or [None])[0]
            if cue is None:
                out.add("STAR303", quote_span=first_span)
            else:
                out.add("STAR303", *sentence_span(cue.sentence))

    present = parts_present(view)
    if not present["situation"]:
        out.add("STAR101", quote_span=first_span)
    if not present["task"]:
        action_at = roles.index("action") if "action" in roles else 0
        out.add("STAR102", quote_span=sentence_span(action_at))
    if not present["action"]:
        out.add("STAR103", quote_span=first_span)
    if not present["result"]:
        out.add("STAR104", quote_span=last_span)
    if "result" in roles and roles[-1] != "result":
        last_result = max(i for i, r in enumerate(roles) if r == "result")
        tail = [s for s in sentences[last_result + 1:] if s.role in ("action", "situation", "task")]
        if len(tail) >= 2:
            out.add("STAR105", tail[-1].start, tail[-1].end)

    by_role = view.words_by_role()
    story_words = max(sum(by_role[p] for p in PARTS), 1)
    setup = (by_role["situation"] + by_role["task"]) / story_words
    if setup > t.setup_share and len(sentences) >= 3:
        opening = next(s for s in sentences if s.role in ("situation", "task"))
        out.add("STAR106", opening.start, opening.end, n=round(setup * 100))
    if "action" in roles:
        biggest = max(("situation", "task", "result"), key=lambda p: by_role[p])
        if by_role["action"] < by_role[biggest]:
            action_at = roles.index("action")
            out.add("STAR107", *sentence_span(action_at), n=round(100 * by_role["action"] / story_words),
                    part=biggest)
    for segment in thin_parts(view):
        out.add("STAR108", segment.start, segment.end, part=segment.role)

    action_i = view.cues_in("first_singular", "action")
    action_we = view.cues_in("first_plural", "action")
    if "action" in roles and not action_i and action_we:
        out.add("STAR201", action_we[0].start, action_we[0].end,
                quote_span=sentence_span(action_we[0].sentence))

    results = result_quantities(view)
    if present["result"] and not results:
        result_at = next((i for i, r in enumerate(roles) if r == "result"), len(sentences) - 1)
        out.add("STAR401", *sentence_span(result_at))
    for q in results:
        if q.change is None and q.before is None and q.kind in ("count", "duration", "money", "rate"):
            out.add("STAR402", q.start, q.end)
    for index, n in metric_lists(view):
        out.add("STAR403", *sentence_span(index), n=n)

    if not real_tradeoffs(view):
        action_at = roles.index("action") if "action" in roles else 0
        out.add("STAR501", quote_span=sentence_span(action_at))
    for cue in view.cues_in("empty_claim"):
        out.add("STAR502", cue.start, cue.end)

    per100 = 100.0 / max(words, 1)
    for rule_id, category, limit in (("STAR601", "hedge", t.hedges_per_100_words),
                                     ("STAR602", "filler", t.fillers_per_100_words),
                                     ("STAR603", "vague", t.vague_per_100_words)):
        found = view.cues_in(category)
        if found and len(found) * per100 > limit:
            out.add(rule_id, found[0].start, found[0].end, n=len(found))
    for sentence, n in zip(sentences, view.sentence_words, strict=True):
        if n > t.rambling_sentence_words:
            out.add("STAR604", sentence.start, sentence.end, n=n)
    buzz = view.cues_in("buzzword")
    if buzz:
        out.add("STAR605", buzz[0].start, buzz[0].end, n=len(buzz))
    signals = stuffing_signals(view)
    if is_stuffed(signals):
        out.add("STAR606", quote_span=first_span, signals=", ".join(signals))

    if words > config.length.max_words:
        out.add("STAR701", quote_span=first_span, n=words,
                minutes=round(words / config.length.words_per_minute, 1), limit=config.length.max_words)
    elif words < config.length.min_words:
        out.add("STAR702", n=words, limit=config.length.min_words)
    if not lesson_cues(view):
        out.add("STAR801", quote_span=last_span)
    return sorted(out.findings, key=lambda f: (f.rule, f.start))
