"""The rubric's criteria: each a small pure function of an AnswerView and the config.

Each returns a fraction in [0, 1], the evidence spans behind it, and feedback that quotes the
answer. `grade()` turns fractions into points (`MAX_POINTS` each) and weights them. The
fractions' levels are documented in `docs/rubric.md`; the weights that combine them are fitted
to the labelled corpus (`starcheck.learn.calibrate`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..report import Quantity, TextSpan
from .config import RubricConfig
from .view import AnswerView, Cue

MAX_POINTS = 10.0
PARTS = ("situation", "task", "action", "result")
QUOTE_LIMIT = 60

# A sentence this long was most likely never split (notes, flattened bullets, a transcript):
# its single role says little, so its cues stand in for the parts it holds.
RUN_ON_WORDS = 40
PART_CUES = {
    "situation": ("situation", "time_anchor", "head_situation"),
    "task": ("task", "head_task"),
    "action": ("action_lead", "head_action"),
    "result": ("result", "head_result", "lesson"),
}

# Ownership: the share of action sentences with 'I', plus this floor.
OWNERSHIP_FLOOR = 0.1
# Levels of the quantified-result criterion.
RESULT_WITHOUT_NUMBER = 0.35
RESULT_CONTEXT_NUMBERS_ONLY = 0.35
RESULT_NUMBER = 0.75
# Keyword stuffing: a part of at most THIN_PART_WORDS words is "thin"; a sentence with at least
# METRIC_LIST_MIN result numbers at under METRIC_LIST_WORDS words each is a metric list.
THIN_PART_WORDS = 3
METRIC_LIST_MIN = 3
METRIC_LIST_WORDS = 5
STUFFING_BUZZWORDS = 3
STUFFING_MIN_SIGNALS = 2
STUFFING_LABEL_SHARE = 0.10  # of all words: the corpus's genuine headed answers reach 0.09, its stuffed ones 0.105-0.11
LABELS_AS_CONTENT = "the STAR labels used as the answer's words"
# Levels of the tradeoffs and reflection criteria.
DECISION_REASONING = 0.4
LASTING_CHANGE = 0.5


@dataclass
class Judgement:
    fraction: float
    feedback: str
    evidence: list[TextSpan] = field(default_factory=list)


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The user's words, on one line and at most `limit` characters, for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(view: AnswerView, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=view.text[start:end])


def _first_of(view: AnswerView, role: str) -> TextSpan | None:
    for s in view.sentences:
        if s.role == role:
            return _quote(view, s.start, s.end)
    return None


def _overlaps(start: int, end: int, cues: list[Cue]) -> bool:
    return any(c.start < end and start < c.end for c in cues)


# -- shared readings of the answer -----------------------------------------------------

def run_on_sentences(view: AnswerView) -> set[int]:
    return {i for i, n in enumerate(view.sentence_words) if n > RUN_ON_WORDS}


def parts_present(view: AnswerView) -> dict[str, bool]:
    """Which STAR parts the answer has: a sentence with that role, or, inside a run-on
    sentence, a cue of that part (a heading, "I needed to", "as a result", ...)."""
    if "parts" not in view.memo:
        view.memo["parts"] = _parts_present(view)
    return dict(view.memo["parts"])


def _parts_present(view: AnswerView) -> dict[str, bool]:
    roles = set(view.roles())
    present = {part: part in roles for part in PARTS}
    run_on = run_on_sentences(view)
    if run_on and not all(present.values()):
        for part, categories in PART_CUES.items():
            if not present[part]:
                present[part] = any(c.sentence in run_on for cat in categories for c in view.cues.get(cat, []))
        if not present["action"]:
            present["action"] = any(c.sentence in run_on for c in view.cues_in("first_singular"))
    return present


def result_quantities(view: AnswerView) -> list[Quantity]:
    """Quantities that measure the outcome: role `result`, or, inside a run-on sentence, a stated
    change ("from X to Y") or a number in the last half of the answer."""
    if "results" not in view.memo:
        view.memo["results"] = _result_quantities(view)
    return list(view.memo["results"])


def _result_quantities(view: AnswerView) -> list[Quantity]:
    run_on = run_on_sentences(view)
    half = len(view.text) / 2
    return [q for q, sentence in zip(view.quantities, view.quantity_sentence, strict=True)
            if q.role == "result" or (sentence in run_on and (
                q.change is not None or q.before is not None or q.start >= half))]


def real_tradeoffs(view: AnswerView):
    """Tradeoff spans that are more than an empty claim ("tradeoffs considered")."""
    empty = view.cues_in("empty_claim")
    return [t for t in view.tradeoffs if not _overlaps(t.start, t.end, empty)]


def lesson_cues(view: AnswerView) -> list[Cue]:
    empty = view.cues_in("empty_claim")
    cues = view.cues_in("reflection") + view.cues_in("lesson")
    return sorted((c for c in cues if not _overlaps(c.start, c.end, empty)), key=lambda c: c.start)


def lasting_change_cues(view: AnswerView) -> list[Cue]:
    roles = view.roles()
    first_action = roles.index("action") if "action" in roles else 0
    return [c for c in view.cues_in("lasting_change")
            if view.sentences[c.sentence].role == "result" or c.sentence > first_action]


def thin_parts(view: AnswerView) -> list:
    """Parts reduced to a heading and a word or two ("Task: fix.")."""
    if len(view.sentences) < 3:
        return []
    return [seg for seg in view.segments if seg.role in PARTS and len(seg.text.split()) <= THIN_PART_WORDS]


def metric_lists(view: AnswerView) -> list[tuple[int, int]]:
    """(sentence, count) of sentences that list several result numbers in a few words each."""
    result_ids = {id(q) for q in result_quantities(view)}
    counts: dict[int, int] = {}
    for q, index in zip(view.quantities, view.quantity_sentence, strict=True):
        if index >= 0 and id(q) in result_ids:
            counts[index] = counts.get(index, 0) + 1
    return [(index, n) for index, n in sorted(counts.items())
            if n >= METRIC_LIST_MIN and view.sentence_words[index] < METRIC_LIST_WORDS * n]


def stuffing_signals(view: AnswerView) -> list[str]:
    """The signs of keyword stuffing this answer shows; two or more cap its score
    (`kind_caps.stuffed`)."""
    signals = []
    if len(thin_parts(view)) >= 2:
        signals.append("parts reduced to labels")
    if metric_lists(view):
        signals.append("a list of bare metrics")
    if view.cues_in("empty_claim"):
        signals.append("empty claims such as \"tradeoffs considered\"")
    if len(view.cues_in("buzzword")) >= STUFFING_BUZZWORDS:
        signals.append("buzzwords")
    if label_word_share(view) >= STUFFING_LABEL_SHARE:
        signals.append(LABELS_AS_CONTENT)
    return signals


def is_stuffed(signals: list[str]) -> bool:
    """Keyword stuffing: two signals, or the STAR labels themselves making up the answer."""
    return len(signals) >= STUFFING_MIN_SIGNALS or LABELS_AS_CONTENT in signals


def label_word_share(view: AnswerView) -> float:
    """The share of the answer's words that are the STAR labels (lexicon category
    `star_label`), when at least three of the four occur ("situation task action result 100%
    4x"); 0 otherwise. Headed answers stay far below the threshold: their labels are four
    words among dozens."""
    labels = view.cues_in("star_label")
    if len({cue.text.lower().rstrip("s") for cue in labels}) < 3:
        return 0.0
    return len(labels) / max(view.word_count, 1)


# -- the criteria ------------------------------------------------------------------------

def structure(view: AnswerView, config: RubricConfig) -> Judgement:
    """All four parts, in a sensible order (a task implied by the context costs little)."""
    roles = view.roles()
    present = parts_present(view)
    fraction = (0.2 * (present["situation"] or present["task"]) + 0.1 * present["task"]
                + 0.35 * present["action"] + 0.35 * present["result"])
    if "action" in roles and "result" in roles:
        last_result = max(i for i, r in enumerate(roles) if r == "result")
        if last_result < roles.index("action"):
            fraction -= 0.1  # the result is never told after the actions
    evidence = [span for part in PARTS if (span := _first_of(view, part)) is not None]
    missing = [part for part in PARTS if not present[part]]
    if not missing:
        feedback = "All four parts are there: situation, task, action and result."
    elif view.sentences:
        feedback = (f"Missing: {', '.join(missing)}. The answer runs from "
                    f"\"{clip(view.sentences[0].text, 40)}\" to \"{clip(view.sentences[-1].text, 40)}\".")
    else:
        feedback = f"Missing: {', '.join(missing)}."
    return Judgement(max(fraction, 0.0), feedback, evidence)


def balance(view: AnswerView, config: RubricConfig) -> Judgement:
    """Share of words per part: the action the largest, the setup not crowding it out."""
    words = view.words_by_role()
    total = max(sum(words[p] for p in PARTS), 1)
    setup = (words["situation"] + words["task"]) / total
    action = words["action"] / total
    result = words["result"] / total
    fraction = 1.0
    notes = []
    if setup > config.thresholds.setup_share:
        fraction -= min(0.6, (setup - config.thresholds.setup_share) * 2)
        notes.append(f"the setup is {setup:.0%} of the story")
    if action < max(words[p] for p in PARTS) / total - 1e-9 or action < 0.25:
        fraction -= 0.25
        notes.append(f"the actions are only {action:.0%}")
    if result < 0.08:
        fraction -= 0.25
        notes.append("the result is very short" if result else "there is no result")
    if notes:
        feedback = "; ".join(notes).capitalize() + ": spend most of the words on what you did."
    else:
        feedback = (f"Well spread: setup {setup:.0%}, actions {action:.0%}, result {result:.0%}.")
    return Judgement(max(fraction, 0.0), feedback)


def ownership(view: AnswerView, config: RubricConfig) -> Judgement:
    """'I' in the action sentences; an all-'we' action part costs `thresholds.we_penalty`."""
    action_ids = [i for i, s in enumerate(view.sentences) if s.role == "action"]
    if not action_ids:
        return Judgement(0.0, "No action sentences to attribute: say what you did yourself.")
    with_i = {c.sentence for c in view.cues_in("first_singular", "action")}
    we_cues = view.cues_in("first_plural", "action")
    with_we = {c.sentence for c in we_cues}
    i_share = len(with_i) / len(action_ids)
    fraction = min(1.0, OWNERSHIP_FLOOR + i_share)
    if not with_i and with_we:
        fraction = 1.0 - config.thresholds.we_penalty
    evidence = [_quote(view, c.start, c.end) for c in view.cues_in("first_singular", "action")][:5]
    if with_i:
        feedback = f"'I' in {len(with_i)} of {len(action_ids)} action sentences."
    elif with_we:
        first = view.sentences[min(with_we)]
        feedback = (f"The actions are told as \"we\" (\"{clip(first.text, 50)}\"): "
                    "say which steps were yours.")
        evidence = [_quote(view, c.start, c.end) for c in we_cues][:5]
    else:
        first = view.sentences[action_ids[0]]
        feedback = f"The actions never say who did them (\"{clip(first.text, 50)}\"): say what you did."
    return Judgement(fraction, feedback, evidence)


def quantified_result(view: AnswerView, config: RubricConfig) -> Judgement:
    """The result measured: a before→after best, a number good, a told result without one some."""
    results = result_quantities(view)
    evidence = [TextSpan(start=q.start, end=q.end, text=q.text) for q in results]
    if results:
        if any(q.change is not None or q.before is not None for q in results):
            return Judgement(1.0, f"The result is measured with a before and after (\"{results[0].text}\").",
                             evidence)
        return Judgement(RESULT_NUMBER, f"The result has numbers (\"{results[0].text}\"); say what they were "
                         "before (\"from X to Y\") to show the change.", evidence)
    if parts_present(view)["result"]:
        result = _first_of(view, "result")
        where = f" (\"{clip(result.text, 50)}\")" if result else ""
        fraction = RESULT_CONTEXT_NUMBERS_ONLY if view.quantities else RESULT_WITHOUT_NUMBER
        return Judgement(fraction, f"The result{where} has no number: add one (time saved, % change, "
                         "money, people affected).", [result] if result else [])
    return Judgement(0.0, "No result to measure: say what happened because of your actions.")


def tradeoffs(view: AnswerView, config: RubricConfig) -> Judgement:
    """Alternatives weighed or a cost accepted; a decision told with its reason counts for some."""
    found = real_tradeoffs(view)
    if found:
        evidence = [TextSpan(start=t.start, end=t.end, text=t.text) for t in found]
        return Judgement(1.0, f"You weighed options: \"{clip(found[0].text, 60)}\".", evidence)
    decisions = [c for c in view.cues_in("decision") if view.sentences[c.sentence].role in ("task", "action")]
    if decisions:
        sentence = view.sentences[decisions[0].sentence]
        return Judgement(DECISION_REASONING,
                         f"You give a decision (\"{clip(sentence.text, 50)}\"); say what you weighed it "
                         "against and what it cost.", [_quote(view, c.start, c.end) for c in decisions][:3])
    return Judgement(0.0, "No alternatives or tradeoffs: name an option you turned down and why.")


def specificity(view: AnswerView, config: RubricConfig) -> Judgement:
    """Named systems, people, numbers and time frames against vague words and buzzwords."""
    per100 = 100.0 / max(view.word_count, 1)
    specific = len(view.quantities) + len(view.cues_in("time_anchor")) + len(view.cues_in("named"))
    vague = view.cues_in("vague") + view.cues_in("buzzword")
    vague.sort(key=lambda c: c.start)
    fraction = min(1.0, specific * per100 / 3.0) - min(0.6, len(vague) * per100 * 0.25)
    evidence = [_quote(view, c.start, c.end) for c in vague][:5]
    if vague:
        feedback = (f"Vague words ({', '.join(repr(c.text) for c in vague[:3])}): name the actual "
                    "system, person, amount or date.")
    elif fraction < 0.5:
        feedback = "Few concrete details: add names, numbers and time frames."
    else:
        feedback = "Concrete details: numbers, names and time frames."
    return Judgement(max(0.0, fraction), feedback, evidence)


def reflection(view: AnswerView, config: RubricConfig) -> Judgement:
    """A lesson learned (full marks) or a lasting change afterwards (half)."""
    lessons = lesson_cues(view)
    if lessons:
        sentence = view.sentences[lessons[0].sentence]
        return Judgement(1.0, f"You say what you took from it: \"{clip(sentence.text, 60)}\".",
                         [_quote(view, c.start, c.end) for c in lessons][:3])
    changes = lasting_change_cues(view)
    if changes:
        sentence = view.sentences[changes[0].sentence]
        return Judgement(LASTING_CHANGE, f"You say what changed afterwards (\"{clip(sentence.text, 50)}\"); "
                         "add what you learned.", [_quote(view, c.start, c.end) for c in changes][:3])
    return Judgement(0.0, "No lesson or change afterwards: add what you learned or do differently since.")


def length_fraction(words: int, config: RubricConfig) -> float:
    """1 from `full_length` to `max_words`, falling linearly below it and gently above it."""
    band = config.length
    if words < band.full_length:
        return words / band.full_length
    if words > band.max_words:
        return max(0.4, 1.0 - (words / band.max_words - 1.0))
    return 1.0


def delivery(view: AnswerView, config: RubricConfig) -> Judgement:
    """Length and speaking time, hedges, fillers and rambling sentences."""
    t = config.thresholds
    words = view.word_count
    per100 = 100.0 / max(words, 1)
    fraction = 0.5 + 0.5 * length_fraction(words, config)
    notes = []
    if words < config.length.min_words:
        notes.append(f"short ({words} words; aim for {config.length.min_words} or more)")
    elif words > config.length.max_words:
        notes.append(f"long ({words} words; aim for under {config.length.max_words})")
    evidence: list[TextSpan] = []
    for category, limit in (("hedge", t.hedges_per_100_words), ("filler", t.fillers_per_100_words)):
        found = view.cues_in(category)
        if len(found) * per100 > limit:
            fraction -= 0.15
            notes.append(f"{len(found)} {category} words such as \"{found[0].text}\"")
            evidence += [_quote(view, c.start, c.end) for c in found[:2]]
    long_sentences = [n for n in view.sentence_words if n > t.rambling_sentence_words]
    if long_sentences:
        fraction -= min(0.3, 0.1 * len(long_sentences))
        notes.append(f"{len(long_sentences)} sentence(s) over {t.rambling_sentence_words} words")
    minutes = words / config.length.words_per_minute
    feedback = f"About {minutes:.1f} min spoken" + (": " + ", ".join(notes) + "." if notes else ".")
    return Judgement(max(0.0, fraction), feedback, evidence)


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
