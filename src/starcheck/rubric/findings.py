"""Linter-style findings: stable rule ids (catalogue in `rules.toml`), severity, exact spans."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..report import Finding, Severity
from .config import RubricConfig
from .view import AnswerView

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

QUOTE_LIMIT = 60


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    message: str
    why: str


@cache
def rule_catalogue() -> dict[str, Rule]:
    text = (resources.files("starcheck") / "rubric" / "rules.toml").read_text(encoding="utf-8")
    return {rule_id: Rule(id=rule_id, **fields) for rule_id, fields in tomllib.loads(text).items()}


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…"


class _Collector:
    def __init__(self, view: AnswerView, config: RubricConfig) -> None:
        self.view = view
        self.config = config
        self.catalogue = rule_catalogue()
        self.findings: list[Finding] = []

    def add(self, rule_id: str, start: int | None = None, end: int | None = None, **values) -> None:
        if not self.config.rules.enabled(rule_id):
            return
        rule = self.catalogue[rule_id]
        if start is None or end is None:
            start, end = self.view.whole()
        values.setdefault("quote", _clip(self.view.text[start:end]))
        self.findings.append(Finding(
            rule=rule_id,
            severity=self.config.rules.severity.get(rule_id, rule.severity),
            message=rule.message.format(**values),
            start=start, end=end,
        ))


def find(view: AnswerView, config: RubricConfig) -> list[Finding]:
    """Every finding for this answer, in rule-id then position order."""
    out = _Collector(view, config)
    roles = view.roles()
    t = config.thresholds
    words = view.word_count

    if view.kind == "not_an_answer":
        out.add("STAR302")
        return sorted(out.findings, key=lambda f: (f.rule, f.start))
    if view.kind == "approach":
        modal = view.cues_in("modal_hypothetical")
        generic = view.cues_in("generic_present")
        if modal and len(modal) >= len(generic):
            out.add("STAR301", modal[0].start, view.sentences[modal[0].sentence].end)
        else:
            cue = (generic or modal or [None])[0]
            if cue is None:
                out.add("STAR303")
            else:
                out.add("STAR303", view.sentences[cue.sentence].start, view.sentences[cue.sentence].end)

    for rule_id, part in (("STAR101", "situation"), ("STAR103", "action"), ("STAR104", "result")):
        if part not in roles:
            out.add(rule_id)
    if "task" not in roles:
        out.add("STAR102")
    if "result" in roles and roles[-1] != "result":
        last_result = max(i for i, r in enumerate(roles) if r == "result")
        tail = [s for s in view.sentences[last_result + 1 :] if s.role in ("action", "situation", "task")]
        if len(tail) >= 2:
            out.add("STAR105", tail[-1].start, tail[-1].end)

    by_role = view.words_by_role()
    story_words = max(sum(by_role[p] for p in ("situation", "task", "action", "result")), 1)
    setup = (by_role["situation"] + by_role["task"]) / story_words
    if setup > t.setup_share and len(view.sentences) >= 3:
        first = next(s for s in view.sentences if s.role in ("situation", "task"))
        out.add("STAR106", first.start, first.end, n=round(setup * 100))
    if "action" in roles and by_role["action"] < max(by_role[p] for p in ("situation", "task", "result")):
        out.add("STAR107")

    action_i = view.cues_in("first_singular", "action")
    action_we = view.cues_in("first_plural", "action")
    if "action" in roles and not action_i and action_we:
        out.add("STAR201", action_we[0].start, action_we[0].end)

    results = [q for q in view.quantities if q.role == "result"]
    if "result" in roles and not results:
        out.add("STAR401")
    for q in results:
        if q.change is None and q.before is None and q.kind in ("count", "duration", "money"):
            out.add("STAR402", q.start, q.end)
    if not view.tradeoffs:
        out.add("STAR501")
    if not view.cues_in("reflection"):
        out.add("STAR801")

    per100 = 100.0 / max(words, 1)
    for rule_id, category, limit in (("STAR601", "hedge", t.hedges_per_100_words),
                                     ("STAR602", "filler", t.fillers_per_100_words),
                                     ("STAR603", "vague", t.vague_per_100_words)):
        found = view.cues_in(category)
        if found and len(found) * per100 > limit:
            out.add(rule_id, found[0].start, found[0].end, n=len(found))
    for sentence, n in zip(view.sentences, view.sentence_words, strict=True):
        if n > t.rambling_sentence_words:
            out.add("STAR604", sentence.start, sentence.end, n=n)
    if words > config.length.max_words:
        out.add("STAR701", n=words, minutes=round(words / config.length.words_per_minute, 1),
                limit=config.length.max_words)
    elif words < config.length.min_words:
        out.add("STAR702", n=words, limit=config.length.min_words)
    return sorted(out.findings, key=lambda f: (f.rule, f.start))
