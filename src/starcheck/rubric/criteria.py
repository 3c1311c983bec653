"""The rubric's criteria: each a small pure function of an AnswerView and the config.

Each returns a fraction in [0, 1], the evidence spans behind it, and feedback. `grade()`
turns fractions into points (`MAX_POINTS` each) and weights them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..report import TextSpan
from .config import RubricConfig
from .view import AnswerView

MAX_POINTS = 10.0
PARTS = ("situation", "task", "action", "result")


@dataclass
class Judgement:
    fraction: float
    feedback: str
    evidence: list[TextSpan] = field(default_factory=list)


def _quote(view: AnswerView, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=view.text[start:end])


def _first_of(view: AnswerView, role: str) -> TextSpan | None:
    for s in view.sentences:
        if s.role == role:
            return _quote(view, s.start, s.end)
    return None


def structure(view: AnswerView, config: RubricConfig) -> Judgement:
    roles = view.roles()
    present = {part: part in roles for part in PARTS}
    fraction = (0.2 * (present["situation"] or present["task"]) + 0.1 * present["task"]
                + 0.35 * present["action"] + 0.35 * present["result"])
    if present["action"] and present["result"]:
        last_result = max(i for i, r in enumerate(roles) if r == "result")
        first_action = roles.index("action")
        if last_result < first_action:
            fraction -= 0.1  # the result is never told after the actions
    evidence = [span for part in PARTS if (span := _first_of(view, part)) is not None]
    missing = [part for part in PARTS if not present[part]]
    feedback = ("All four parts are there." if not missing
                else f"Missing: {', '.join(missing)}.")
    return Judgement(max(fraction, 0.0), feedback, evidence)


def balance(view: AnswerView, config: RubricConfig) -> Judgement:
    words = view.words_by_role()
    total = max(sum(words[p] for p in PARTS), 1)
    setup = (words["situation"] + words["task"]) / total
    action = words["action"] / total
    result = words["result"] / total
    fraction = 1.0
    notes = []
    if setup > config.thresholds.setup_share:
        fraction -= min(0.6, (setup - config.thresholds.setup_share) * 2)
        notes.append(f"setup is {setup:.0%} of the story")
    if action < max(words.values(), default=0) / total - 1e-9 or action < 0.25:
        fraction -= 0.25
        notes.append(f"actions are only {action:.0%}")
    if result < 0.08:
        fraction -= 0.25
        notes.append("the result is very short")
    feedback = "; ".join(notes).capitalize() + "." if notes else "Words are well spread, most on the actions."
    return Judgement(max(fraction, 0.0), feedback)


def ownership(view: AnswerView, config: RubricConfig) -> Judgement:
    action_ids = [i for i, s in enumerate(view.sentences) if s.role == "action"]
    if not action_ids:
        return Judgement(0.0, "No action sentences to attribute.")
    with_i = {c.sentence for c in view.cues_in("first_singular", "action")}
    with_we = {c.sentence for c in view.cues_in("first_plural", "action")}
    i_share = len(with_i) / len(action_ids)
    fraction = min(1.0, 0.3 + i_share)
    if not with_i and with_we:
        fraction = 1.0 - config.thresholds.we_penalty
    evidence = [_quote(view, c.start, c.end) for c in view.cues_in("first_singular", "action")][:5]
    feedback = (f"'I' in {len(with_i)} of {len(action_ids)} action sentences." if with_i
                else "The actions never say what you did yourself.")
    return Judgement(fraction, feedback, evidence)


def quantified_result(view: AnswerView, config: RubricConfig) -> Judgement:
    results = [q for q in view.quantities if q.role == "result"]
    evidence = [TextSpan(start=q.start, end=q.end, text=q.text) for q in results]
    if not results:
        if view.quantities:
            return Judgement(0.2, "Numbers describe the context, none the result.")
        return Judgement(0.0, "No numbers in the result.")
    if any(q.change is not None or q.before is not None for q in results):
        return Judgement(1.0, "The result is quantified with a before and after.", evidence)
    return Judgement(0.75, "The result has numbers; a before→after would be stronger.", evidence)


def tradeoffs(view: AnswerView, config: RubricConfig) -> Judgement:
    evidence = [TextSpan(start=t.start, end=t.end, text=t.text) for t in view.tradeoffs]
    if evidence:
        return Judgement(1.0, "You weighed alternatives or accepted a cost.", evidence)
    return Judgement(0.0, "No alternatives or tradeoffs mentioned.")


def specificity(view: AnswerView, config: RubricConfig) -> Judgement:
    per100 = 100.0 / max(view.word_count, 1)
    specific = len(view.quantities) + len(view.cues_in("time_anchor")) + len(view.cues_in("named"))
    vague = view.cues_in("vague")
    fraction = min(1.0, specific * per100 / 3.0) - min(0.5, len(vague) * per100 * 0.25)
    evidence = [_quote(view, c.start, c.end) for c in vague][:5]
    feedback = (f"Vague words: {', '.join(repr(c.text) for c in vague[:3])}." if vague
                else "Concrete details: numbers, names and time frames.")
    return Judgement(max(0.0, fraction), feedback, evidence)


def reflection(view: AnswerView, config: RubricConfig) -> Judgement:
    cues = view.cues_in("reflection")
    if cues:
        return Judgement(1.0, "You say what you learned.", [_quote(view, c.start, c.end) for c in cues][:3])
    return Judgement(0.0, "No lesson or change afterwards.")


def delivery(view: AnswerView, config: RubricConfig) -> Judgement:
    t = config.thresholds
    words = view.word_count
    per100 = 100.0 / max(words, 1)
    fraction = 1.0
    notes = []
    if words < config.length.min_words:
        fraction -= 0.3 * (1 - words / config.length.min_words) + 0.1
        notes.append(f"short ({words} words)")
    elif words > config.length.max_words:
        fraction -= min(0.4, (words / config.length.max_words - 1))
        notes.append(f"long ({words} words)")
    for category, limit in (("hedge", t.hedges_per_100_words), ("filler", t.fillers_per_100_words)):
        found = view.cues_in(category)
        if len(found) * per100 > limit:
            fraction -= 0.15
            notes.append(f"{len(found)} {category} words")
    long_sentences = [n for n in view.sentence_words if n > t.rambling_sentence_words]
    if long_sentences:
        fraction -= min(0.3, 0.1 * len(long_sentences))
        notes.append(f"{len(long_sentences)} rambling sentence(s)")
    minutes = words / config.length.words_per_minute
    feedback = f"About {minutes:.1f} min spoken" + (": " + ", ".join(notes) + "." if notes else ".")
    return Judgement(max(0.0, fraction), feedback)


CRITERIA: dict[str, tuple[str, Callable[[AnswerView, RubricConfig], Judgement]]] = {
    "structure": ("Structure", structure),
    "balance": ("Balance", balance),
    "ownership": ("Ownership", ownership),
    "quantified_result": ("Quantified result", quantified_result),
    "tradeoffs": ("Tradeoffs and decision reasoning", tradeoffs),
    "specificity": ("Specificity", specificity),
    "reflection": ("Reflection", reflection),
    "delivery": ("Delivery", delivery),
}
