"""`star_tradeoffs`: sentences that weigh options, accept a cost for a benefit, or balance goals.

Writes `doc.spans[spans_key]` (default "star_tradeoffs"): one Span per tradeoff sentence (the
sentence without trailing whitespace), `label_` in {"explicit", "alternative", "concession",
"balancing"}; `span._.star_tradeoff_cues` holds the cue spans behind the decision.

One `PhraseMatcher` over lower-cased tokens finds the cue phrases of `patterns/tradeoffs.jsonl`;
every sentence (or bullet line) with a cue is a *candidate*, and the rules decide on it:

- a *strong* cue of a kind ("at the cost of", "whether to", "it cost us", "middle ground")
  marks the sentence on its own, unless a rhetorical pattern cancels it;
- *weak* cues need support in the same sentence: a combo rule lists the categories that must
  all occur, e.g. a contrast ("but", "although") with a cost ("extra", "slower") before it and
  a benefit ("spared", "kept", "so that") after it is a concession; a goal ("I had to", "my
  job was") with "without" is balancing;
- "negative" cues ("problem, not", "but too late", "rose too") cancel weak evidence, so "I
  raised it with my manager, but too late" is not a tradeoff.

When a tradeoff classifier is loaded (`models/tradeoffs.npz`, see
`starcheck.learn.tradeoff_model`), its probability decides on each candidate instead, for a
batch of docs at once; the label is the rules' kind, or for a sentence the rules did not mark,
the kind its cues point to (`fallback_kind`). Without the file the rules decide alone.
Sentences without any cue are never tradeoffs, so the classifier scores only the candidates.
"""

from __future__ import annotations

import bisect
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from ..errors import ModelFileError
from ..learn.tradeoff_model import (
    DEFAULT_OPTIONS,
    TRADEOFF_FILE,
    TradeoffFeaturizer,
    TradeoffModel,
    rules_sha256,
)
from .batching import BatchLabeller
from .data_files import read_json, sha256_file
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


@dataclass
class Candidate:
    """A sentence (or bullet line) where at least one cue phrase matched."""

    unit: int  # index among the doc's sentence units
    n_units: int
    start: int  # token span, without trailing whitespace
    end: int
    cues: list[tuple[str, str, int, int]]  # (category, strength, start, end) of every match
    kind: str | None  # the rules' decision
    rule_cues: list[tuple[str, int, int]]  # the cues behind it


class TradeoffFinder(BatchLabeller):
    """The `star_tradeoffs` component."""

    def __init__(self, nlp: Language, spans_key: str, rules_text: str, source: str,
                 model: TradeoffModel | None = None) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self.model = model
        self._load(rules_text, source)

    def _load(self, rules_text: str, source: str) -> None:
        rules = parse_tradeoff_rules(rules_text, source)
        self.rules_text = rules_text
        self.source = source
        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        phrases: dict[str, set[str]] = {}
        combos: list[ComboRule] = []
        hints: dict[str, str] = {}
        for rule in rules:
            if isinstance(rule, TradeoffCueRule):
                label = f"{rule.category}|{rule.strength}"
                phrases.setdefault(label, set()).update(f.lower() for f in rule.forms)
                if rule.hint is not None:
                    hints[rule.category] = rule.hint
            elif isinstance(rule, ComboRule):
                combos.append(rule)
        for label, forms in sorted(phrases.items()):
            matcher.add(label, [self.nlp.make_doc(f) for f in sorted(forms)])
        self._matcher = matcher
        self.combos = combos
        self.hints = hints
        self._combo_sets = [set(combo.all) for combo in combos]
        strings = self.nlp.vocab.strings
        self._labels = {strings[label]: tuple(label.split("|")) for label in phrases}
        self.cue_labels = sorted(phrases)
        self._use_model()

    def _use_model(self) -> None:
        """The featurizer the model was trained with; a warning when the rules differ."""
        model = self.model
        self.featurizer = TradeoffFeaturizer(self.cue_labels, model.options if model else DEFAULT_OPTIONS)
        if model is not None and model.rules_sha256 and model.rules_sha256 != rules_sha256(self.rules_text):
            warnings.warn(
                f"star_tradeoffs: the tradeoff model was trained with other rules than {self.source}; "
                "its cue features are matched by name (retrain with `starcheck train`)",
                stacklevel=3,
            )

    def set_model(self, model: TradeoffModel | None) -> None:
        """Decide with `model` (None: the rules alone)."""
        self.model = model
        self._use_model()

    # ------------------------------------------------------------------ processing
    def _label(self, docs: list[Doc]) -> None:
        for doc, spans in zip(docs, self.find_batch(docs), strict=True):
            doc.spans[self.spans_key] = spans

    def find(self, doc: Doc) -> list[Span]:
        """The tradeoff spans of one doc."""
        return self.find_batch([doc])[0]

    def find_batch(self, docs: Sequence[Doc]) -> list[list[Span]]:
        """The tradeoff spans of each doc: rule decisions, or the classifier's when loaded."""
        candidates = [self.candidates(doc, decide_all=self.model is not None) for doc in docs]
        if self.model is None:
            chosen = [[c for c in cands if c.kind is not None] for cands in candidates]
        else:
            n = sum(len(cands) for cands in candidates)
            rules = np.array([c.kind is not None for cands in candidates for c in cands], dtype=bool)
            positive = (
                self.model.predict(self.featurizer.transform(docs, candidates),
                                   self.featurizer.dense_names, rules).tolist()
                if n else []
            )
            chosen, i = [], 0
            for cands in candidates:
                chosen.append([c for c, keep in zip(cands, positive[i : i + len(cands)], strict=True)
                               if keep])
                i += len(cands)
        out = []
        for doc, picked in zip(docs, chosen, strict=True):
            spans = []
            for c in picked:
                kind, cues = self.span_kind(c)
                span = Span(doc, c.start, c.end, label=kind)
                span._.star_tradeoff_cues = [Span(doc, s, e, label=cat) for cat, s, e in cues]
                spans.append(span)
            out.append(spans)
        return out

    def span_kind(self, candidate: Candidate) -> tuple[str, list[tuple[str, int, int]]]:
        """The label and cues (category, start, end) of the span a candidate becomes."""
        if candidate.kind is not None:
            return candidate.kind, candidate.rule_cues
        return fallback_kind(candidate.cues, self.combos, self.hints)

    def span_cues(self, candidate: Candidate) -> list[tuple[str, int, int]]:
        return self.span_kind(candidate)[1]

    def candidates(self, doc: Doc, decide_all: bool = True) -> list[Candidate]:
        """The sentence units with any cue match, with the rules' decision on each.

        `decide_all=False` keeps only units a rule can mark (what the rules alone need).
        """
        matches = self._matcher(doc)
        if not matches:
            return []
        starts = unit_starts(doc, split_lines=True)
        by_sent: dict[int, list[tuple[str, str, int, int]]] = {}
        for label_id, start, end in matches:
            category, strength = self._labels[label_id]
            k = bisect.bisect_right(starts, start) - 1
            by_sent.setdefault(k, []).append((category, strength, start, end))
        out = []
        for k in sorted(by_sent):
            found = by_sent[k]
            kind, cues = None, []
            possible = any(c[1] == "strong" for c in found)
            if not possible:
                categories = {c[0] for c in found}
                possible = "negative" not in categories and any(
                    need <= categories for need in self._combo_sets)
            if possible:
                kind, cues = decide(found, self.combos)
            if kind is None and not decide_all:
                continue
            begin = starts[k]
            end = starts[k + 1] if k + 1 < len(starts) else len(doc)
            while end > begin and doc[end - 1].is_space:
                end -= 1
            if end <= begin:
                continue
            out.append(Candidate(k, len(starts), begin, end, sorted(found, key=lambda c: c[2]),
                                 kind, cues))
        return out

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self, *, exclude: tuple = ()) -> bytes:
        return srsly.msgpack_dumps({
            "rules": self.rules_text, "source": self.source,
            "model": self.model.to_bytes() if self.model is not None else None,
        })

    def from_bytes(self, data: bytes, *, exclude: tuple = ()) -> TradeoffFinder:
        msg = srsly.msgpack_loads(data)
        model = msg.get("model")
        self.model = TradeoffModel.from_bytes(model) if model else None
        self._load(msg["rules"], msg.get("source", "<bytes>"))
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / PATTERNS_FILE).write_text(self.rules_text, encoding="utf-8")
        model_file = path / TRADEOFF_FILE
        if self.model is not None:
            self.model.save(model_file)
        elif model_file.exists():
            model_file.unlink()

    def from_disk(self, path: str | Path, *, exclude: tuple = ()) -> TradeoffFinder:
        path = ensure_path(path)
        file = path / PATTERNS_FILE
        model_file = path / TRADEOFF_FILE
        self.model = TradeoffModel.load(model_file) if model_file.exists() else None
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


def fallback_kind(
    cues: list[tuple[str, str, int, int]], combos: list[ComboRule] | tuple = (),
    hints: Mapping[str, str] | None = None,
) -> tuple[str, list[tuple[str, int, int]]]:
    """The kind of a sentence the classifier marks but no rule does, from its cues.

    In order: a strong cue (one a negative cue cancelled for the rules); a weak cue whose
    category is a kind; the combo rule with the largest share of its categories present (file
    order breaks ties); a cue whose category has a `hint` in the rule file (the first in the
    sentence); else "explicit".
    """
    cues = _keep_longest(cues)
    evidence = [c for c in cues if c[0] != "negative"]

    def spans(chosen):
        return [(c[0], c[2], c[3]) for c in sorted(chosen, key=lambda c: c[2])]

    strong = [c for c in evidence if c[1] == "strong"]
    if strong:
        strong.sort(key=lambda c: (_PRIORITY.get(c[0], 9), c[2]))
        return strong[0][0], spans([c for c in strong if c[0] == strong[0][0]])
    hinted = sorted((c for c in evidence if c[0] in _PRIORITY), key=lambda c: c[2])
    if hinted:
        return hinted[0][0], spans(c for c in hinted if c[0] == hinted[0][0])
    present = {c[0] for c in evidence}
    best: tuple[float, ComboRule | None] = (0.0, None)
    for combo in combos:
        share = len(present & set(combo.all)) / len(combo.all)
        if share > best[0]:
            best = (share, combo)
    if best[1] is not None:
        wanted = set(best[1].all)
        return best[1].kind, spans(c for c in evidence if c[0] in wanted)
    hinted = sorted((c for c in evidence if hints and c[0] in hints), key=lambda c: c[2])
    if hinted:
        return hints[hinted[0][0]], spans(c for c in hinted if c[0] == hinted[0][0])
    return "explicit", spans(evidence or cues)


def load_tradeoff_model_file(model_path: str | Path | None) -> TradeoffModel | None:
    """The classifier for `star_tradeoffs`, or None for the rules alone.

    `None`: `tradeoffs.npz` in the default model directory when it exists; "": none; a path:
    that file (it must exist). When the directory's `manifest.json` lists the file, its
    SHA-256 must match.
    """
    from ..learn.artifacts import MANIFEST, default_model_dir

    if model_path == "":
        return None
    if model_path is None:
        path = default_model_dir() / TRADEOFF_FILE
        if not path.is_file():
            return None
    else:
        path = Path(model_path)
        if not path.is_file():
            raise ModelFileError(f"tradeoff model file missing: {path}")
    manifest_path = path.parent / MANIFEST
    if manifest_path.is_file():
        manifest = read_json(manifest_path)
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, dict):
            raise ModelFileError(f"{manifest_path}: not a starcheck model manifest (no 'files' object); "
                                 "rebuild with `starcheck train`")
        expected = files.get(path.name)
        if expected is not None and sha256_file(path) != expected:
            raise ModelFileError(
                f"model file does not match its checksum: {path} "
                "(corrupt or edited; rebuild with `starcheck train`)"
            )
    return TradeoffModel.load(path)


@Language.factory(
    "star_tradeoffs",
    assigns=["doc.spans"],
    default_config={"spans_key": "star_tradeoffs", "model_path": None},
)
def make_tradeoffs(nlp: Language, name: str, spans_key: str,
                   model_path: str | None = None) -> TradeoffFinder:
    """`model_path`: None = models/tradeoffs.npz if present, "" = the rules alone."""
    path = default_rule_path(PATTERNS_FILE)
    return TradeoffFinder(nlp, spans_key, read_rule_text(path), str(path),
                          load_tradeoff_model_file(model_path))
