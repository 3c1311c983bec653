"""`star_tradeoffs`: sentences that weigh options, accept a cost for a benefit, or balance goals.

Writes `doc.spans[spans_key]` (default "star_tradeoffs"): one Span per tradeoff sentence (the
sentence without trailing whitespace), `label_` in {"explicit", "alternative", "concession",
"balancing"}; `span._.star_tradeoff_cues` holds the cue spans that decided it.

One `PhraseMatcher` over lower-cased tokens finds the cue phrases of `patterns/tradeoffs.jsonl`;
the decision is then made per sentence that has any cue:

- a *strong* cue of a kind ("at the cost of", "instead of", "it cost us", "middle ground")
  marks the sentence on its own, unless a rhetorical pattern cancels it;
- *weak* cues need support in the same sentence: a contrast ("but", "although") with a cost
  ("extra", "slower", "meant") and a benefit ("spared", "kept", "so that") is a concession;
  a weak alternative / explicit / balancing cue counts with a decision verb or a contrast;
- "negative" cues ("problem, not", "but too late", "rose too") cancel weak evidence, so "I
  raised it with my manager, but too late" is not a tradeoff.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from .quant_doc import unit_starts
from .quant_rules import (
    ComboRule,
    TradeoffCueRule,
    default_rule_path,
    parse_tradeoff_rules,
    read_rule_text,
)

PATTERNS_FILE = "tradeoffs.jsonl"
KINDS = ("explicit", "alternative", "concession", "balancing")
# Which kind names a sentence when several strong cues are present.
_PRIORITY = {"concession": 0, "explicit": 1, "balancing": 2, "alternative": 3}

Span.set_extension("star_tradeoff_cues", default=None, force=True)


class TradeoffFinder:
    """The `star_tradeoffs` component."""

    def __init__(self, nlp: Language, spans_key: str, rules_text: str, source: str) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self._load(rules_text, source)

    def _load(self, rules_text: str, source: str) -> None:
        rules = parse_tradeoff_rules(rules_text, source)
        self.rules_text = rules_text
        self.source = source
        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        phrases: dict[str, set[str]] = {}
        combos: list[ComboRule] = []
        for rule in rules:
            if isinstance(rule, TradeoffCueRule):
                label = f"{rule.category}|{rule.strength}"
                phrases.setdefault(label, set()).update(f.lower() for f in rule.forms)
            elif isinstance(rule, ComboRule):
                combos.append(rule)
        for label, forms in sorted(phrases.items()):
            matcher.add(label, [self.nlp.make_doc(f) for f in sorted(forms)])
        self._matcher = matcher
        self.combos = combos
        self._combo_sets = [set(combo.all) for combo in combos]
        strings = self.nlp.vocab.strings
        self._labels = {strings[label]: tuple(label.split("|")) for label in phrases}

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = self.find(doc)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc) -> list[Span]:
        matches = self._matcher(doc)
        if not matches:
            return []
        starts = unit_starts(doc, split_lines=True)
        by_sent: dict[int, list[tuple[str, str, int, int]]] = {}
        for label_id, start, end in matches:
            category, strength = self._labels[label_id]
            k = bisect.bisect_right(starts, start) - 1
            by_sent.setdefault(k, []).append((category, strength, start, end))
        spans = []
        for k in sorted(by_sent):
            found = by_sent[k]
            if not any(c[1] == "strong" for c in found):
                categories = {c[0] for c in found}
                if "negative" in categories or not any(
                    need <= categories for need in self._combo_sets
                ):
                    continue  # no strong cue and no combo can fire: skip the full decision
            kind, cues = decide(found, self.combos)
            if kind is None:
                continue
            begin = starts[k]
            end = starts[k + 1] if k + 1 < len(starts) else len(doc)
            while end > begin and doc[end - 1].is_space:
                end -= 1
            span = Span(doc, begin, end, label=kind)
            span._.star_tradeoff_cues = [Span(doc, s, e, label=c) for c, s, e in cues]
            spans.append(span)
        return spans

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self, *, exclude: tuple = ()) -> bytes:
        return srsly.msgpack_dumps({"rules": self.rules_text, "source": self.source})

    def from_bytes(self, data: bytes, *, exclude: tuple = ()) -> TradeoffFinder:
        msg = srsly.msgpack_loads(data)
        self._load(msg["rules"], msg.get("source", "<bytes>"))
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / PATTERNS_FILE).write_text(self.rules_text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple = ()) -> TradeoffFinder:
        file = ensure_path(path) / PATTERNS_FILE
        self._load(read_rule_text(file), str(file))
        return self


def _keep_longest(cues: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Drop a cue inside a longer cue of the same category and strength."""
    kept = []
    for cue in cues:
        c, s, a, b = cue
        if any(
            c2 == c and s2 == s and a2 <= a and b <= b2 and (a2, b2) != (a, b)
            for c2, s2, a2, b2 in cues
        ):
            continue
        kept.append(cue)
    return kept


def decide(
    cues: list[tuple[str, str, int, int]], combos: list[ComboRule] | tuple = ()
) -> tuple[str | None, list[tuple[str, int, int]]]:
    """The tradeoff kind of one sentence from its cue matches (category, strength, start, end).

    Strong cues decide first (in `_PRIORITY` order); a negative cue cancels any cue it
    overlaps and all combo evidence; then the first combo rule whose categories all occur.
    """
    cues = _keep_longest(cues)
    negative = [c for c in cues if c[0] == "negative"]

    def covered(cue: tuple[str, str, int, int]) -> bool:
        return any(n[2] <= cue[2] < n[3] or cue[2] <= n[2] < cue[3] for n in negative)

    strong = [c for c in cues if c[1] == "strong" and not covered(c)]
    if strong:
        strong.sort(key=lambda c: (_PRIORITY.get(c[0], 9), c[2]))
        return strong[0][0], [(c[0], c[2], c[3]) for c in strong]
    if negative:
        return None, []
    present: dict[str, list[tuple[str, str, int, int]]] = {}
    for c in cues:
        present.setdefault(c[0], []).append(c)
    for combo in combos:
        if not all(category in present for category in combo.all):
            continue
        if combo.split_by is not None and not _split(present, combo):
            continue
        used = [c for category in combo.all for c in present[category]]
        return combo.kind, [(c[0], c[2], c[3]) for c in sorted(used, key=lambda c: c[2])]
    return None, []


def _split(present: dict[str, list[tuple[str, str, int, int]]], combo: ComboRule) -> bool:
    """Do two other categories of the combo sit on opposite sides of a `split_by` cue?"""
    others = [c for c in combo.all if c != combo.split_by]
    for pivot in present[combo.split_by]:
        before = {cat for cat in others for c in present[cat] if c[3] <= pivot[2]}
        after = {cat for cat in others for c in present[cat] if c[2] >= pivot[3]}
        if before and after and len(before | after) >= 2 and (before != after or len(before) > 1):
            return True
    return False


@Language.factory(
    "star_tradeoffs",
    assigns=["doc.spans"],
    default_config={"spans_key": "star_tradeoffs"},
)
def make_tradeoffs(nlp: Language, name: str, spans_key: str) -> TradeoffFinder:
    path = default_rule_path(PATTERNS_FILE)
    return TradeoffFinder(nlp, spans_key, read_rule_text(path), str(path))
