"""`star_quantities`: quantified expressions, normalised, with their change and role.

Writes `doc.spans[spans_key]` (default "star_quantities"): one Span per quantity, `label_` =
its kind, `span._.star_quantity` = a `QuantityValue`. Needs only the tokenizer and sentence
boundaries; lemmas are not used.

How it works: number *anchors* are found with one `Doc.to_array` of a lexeme flag (tokens
with digits) and one `PhraseMatcher` (number words, fractions, multiplier words, "a
week"-style durations). Only the few tokens around each anchor are then read, through tries
built from `patterns/quantities.jsonl` (units, scales, currencies, rate periods,
approximators, affixes, change words, exclusions, object nouns, role weights). The rules are
data; this module holds the grammar that puts them together:

    [from] [approx] [currency] NUMBER [scale] [range] [unit | object noun] [period] [affix]
           [to [approx] NUMBER [unit ...]]   [, down from NUMBER | instead of NUMBER]

Canonical units and kinds are listed in `docs/quantities-and-tradeoffs.md`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from .numbers import (
    FRACTION_WORDS,
    NUMBER_WORDS,
    SCALE_WORDS,
    Numeral,
    is_year,
    parse_number_words,
    parse_numeral,
)
from .quant_doc import Lowers, digit_flag, digit_tokens, unit_starts
from .quant_rules import (
    AffixRule,
    ApproxRule,
    ArticleDurationRule,
    ChangeRule,
    CurrencyRule,
    ExcludeRule,
    FractionRule,
    MultiplierRule,
    NounRule,
    PeriodRule,
    RoleCueRule,
    RoleFeatureRule,
    RolePriorRule,
    ScaleRule,
    UnitRule,
    default_rule_path,
    parse_quantity_rules,
    read_rule_text,
)

PATTERNS_FILE = "quantities.jsonl"
EXTENSION = "star_quantity"

Span.set_extension(EXTENSION, default=None, force=True)
# the same quantities as an array of (start token, states a change: 0/1), for code that only
# needs those (the role model's features), without a `span._` read per quantity
Doc.set_extension("star_quantity_marks", default=None, force=True)


@dataclass(frozen=True)
class QuantityValue:
    """A quantity, normalised. See the docs for the canonical units of each kind."""

    value: float | None  # magnitude in `unit` (the *after* value when a change is stated)
    unit: str | None  # canonical unit: "percent", "pp", "x", "s", "USD", "count", "/week", ...
    kind: str  # percent | multiplier | duration | money | count | rate | score | size | other
    approximate: bool = False
    before: float | None = None
    after: float | None = None
    change: float | None = None  # relative change: -0.75 for "from 2.4s to 600ms"


KINDS = ("percent", "multiplier", "duration", "money", "count", "rate", "score", "size", "other")

_DIGITS = re.compile(r"\d")
_WORDISH = re.compile(r"^[a-z][a-z'’]*$")
_TIMES = {"twice": 2.0, "thrice": 3.0}
# "to" and friends between the two values of "from X to Y" (token sequences)
_FROM_TO: tuple[tuple[str, ...], ...] = (
    ("down", "to"), ("up", "to"), ("to",), ("->",), ("→",), ("=>",), ("-->",), ("into",),
    ("until",), ("-", ">"),
)  # fmt: skip
# links after a value that state its baseline: "12 minutes, down from 38", "74, up from 48"
_AFTER_LINKS: tuple[tuple[str, ...], ...] = (
    (",", "down", "from"), (",", "up", "from"), ("down", "from"), ("up", "from"),
    ("(", "down", "from"), ("(", "up", "from"), ("(", "from"), ("(", "was"), (",", "from"),
    ("instead", "of"), ("rather", "than"), ("compared", "to"), ("compared", "with"),
    ("vs",), ("vs.",), ("versus",),
)  # fmt: skip
_AFTER_LINK_INDEX: dict[str, list[tuple[str, ...]]] = {}
for _link in _AFTER_LINKS:
    _AFTER_LINK_INDEX.setdefault(_link[0], []).append(_link)
_NOTHING = {"nothing": 0.0, "zero": 0.0, "none": 0.0, "nil": 0.0}
_RANGE_LINKS = ("-", "–", "—", "to", "or", "and", "/")
_PRONOUN_OBJECTS = {"them", "us", "you", "those", "these", "theirs", "ours"}
_DETERMINERS = {
    "the", "its", "their", "our", "my", "his", "her", "your", "these", "those", "this", "that",
    "all", "each",
}  # fmt: skip
# words allowed between a number and its unit: "two extra weeks", "a full week"
_UNIT_MODIFIERS = {
    "extra", "more", "additional", "full", "whole", "solid", "good", "straight", "further",
    "consecutive", "long", "short", "clear", "entire", "busy", "quiet", "separate", "calendar",
}  # fmt: skip
_VAGUE = {"several", "few", "couple", "many", "lot", "times", "once", "twice", "some", "every"}
_ORDINALS = {"first", "second", "last", "latter", "former", "final", "third", "next"}
_HALF_IDIOMS = {
    "term", "past", "time", "way", "done", "hearted", "yearly", "decent", "baked", "full",
    "empty", "asleep", "day", "hour", "joking", "serious", "truth", "brother", "sister",
    "life", "measure", "measures", "dozen",
}  # fmt: skip
_FRACTION_FOLLOWERS = {
    "of", "the", "fewer", "less", "more", "lower", "higher", "off", "down", "up", "again",
}  # fmt: skip
# spaCy stop words that are nouns after a count ("two call bells", "three others")
_NOT_STOP = {
    "more", "fewer", "less", "call", "part", "side", "name", "front", "top", "bottom",
    "amount", "serious", "move", "show", "others", "hundred", "back",
}  # fmt: skip
_COMPARATIVES = {
    "more", "fewer", "less", "lower", "higher", "cheaper", "better", "worse", "faster",
    "slower", "longer", "shorter", "quicker", "bigger", "smaller", "larger", "greater",
}  # fmt: skip
_DECADE_LEAD = {"the", "his", "her", "their", "my", "our", "mid", "late", "early", "-", "your"}
_SUBJECTS = {"i", "we", "he", "she", "they", "you", "it", "the", "a", "an", "our", "my", "there"}
_TIME_LEAD = {"at", "by", "until", "till", "before", "after", "from", "around"}
# before an approximator ("from about 9"); "by about 11" stays a change
_CLOCK_LEAD = {"at", "until", "till", "from", "morning", "evening", "night", "afternoon"}
_CHANGE_NOUNS = {
    "increase", "rise", "jump", "lift", "uplift", "gain", "boost", "improvement", "drop",
    "decrease", "reduction", "fall", "decline", "cut", "dip", "saving", "effect", "growth",
}  # fmt: skip
# nouns that form a rate with "a"/"per": "two visitors per bed", "ten minutes a lesson"
_PER_NOUNS = (
    "lesson", "patient", "visit", "class", "session", "bed", "student", "head", "person",
    "user", "customer", "case", "run", "round", "call", "batch", "release", "cycle",
    "pupil", "child", "family", "site", "store", "parcel", "unit", "order", "policy",
    "item", "ticket", "seat", "room", "trip", "delivery", "shipment", "load", "member",
    "employee", "hire", "head", "flight", "pallet", "table", "cover", "guest", "box",
)  # fmt: skip


@dataclass
class _Number:
    """A number read at some position: tokens [start, end)."""

    start: int
    end: int
    value: float
    approximate: bool = False
    currency: str | None = None
    unit: UnitRule | None = None
    high: float | None = None
    denominator: float | None = None
    words: bool = False  # written in words
    article_one: bool = False  # the word "one" / "a", which may be an article
    year_like: bool = False
    multiplier: MultiplierRule | None = None
    fraction: FractionRule | None = None
    frequency: bool = False  # "twice", "thrice"
    scaled: bool = False
    decimals: int = 0
    half_unit: bool = False  # "half a day": value 0.5 of the unit that follows


@dataclass
class _Reading:
    """A quantity read at an anchor, before it is turned into a Span."""

    start: int
    end: int
    value: float | None
    unit: str | None
    kind: str
    approximate: bool
    before: float | None = None
    after: float | None = None
    change: float | None = None
    direction: int = 0
    bare: bool = False  # a number with no unit or object at all
    lead: str = ""  # the word before the span ("by", "to", "from", ...)
    raw: float | None = None  # the number as written, before unit conversion
    team: bool = False  # "a team of nine": a context affix was read


def _clock_hour(word: str) -> bool:
    """Is `word` an hour of the clock, as in "half seven", "half 10"?"""
    value = NUMBER_WORDS.get(word) if not word.isdigit() else int(word)
    return value is not None and 1 <= value <= 12


def _tokenise(nlp: Language, phrase: str) -> tuple[str, ...]:
    return tuple(t.lower_ for t in nlp.tokenizer(phrase) if not t.is_space)


class _Window:
    """One sentence of a doc, with the lower-cased texts of its tokens."""

    __slots__ = ("doc", "hi", "lo", "lows")

    def __init__(self, doc: Doc, lo: int, hi: int, lowers: Lowers | None = None) -> None:
        self.doc = doc
        self.lo = lo
        self.hi = hi
        self.lows = (lowers or Lowers(doc)).span(lo, hi)

    def low(self, i: int) -> str:
        lo = self.lo
        return self.lows[i - lo] if lo <= i < self.hi else ""

    def text(self, i: int) -> str:
        return self.doc[i].text if self.lo <= i < self.hi else ""

    def seq(self, i: int, n: int) -> tuple[str, ...]:
        return tuple(self.low(k) for k in range(i, i + n))


_END = ""  # trie key of a node's payload (no token is the empty string)


class _Table:
    """Phrase tuples -> payload, matched forwards from or backwards to a position.

    Two tries (forward and reversed) keep a lookup to a few dict steps that stop at the first
    token that does not fit.
    """

    def __init__(self) -> None:
        self.items: dict[tuple[str, ...], Any] = {}
        self.maxlen = 0
        self._fwd: dict = {}
        self._bwd: dict = {}

    def add(self, key: tuple[str, ...], payload: Any, accumulate: bool = False) -> None:
        if not key:
            return
        if key in self.items:
            if not accumulate:
                return
            payload = self.items[key] + payload
        self.items[key] = payload
        self.maxlen = max(self.maxlen, len(key))
        for trie, words in ((self._fwd, key), (self._bwd, tuple(reversed(key)))):
            node = trie
            for word in words:
                node = node.setdefault(word, {})
            node[_END] = payload

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return key in self.items

    def get(self, key: tuple[str, ...], default: Any = None) -> Any:
        return self.items.get(key, default)

    def forward(self, w: _Window, i: int) -> tuple[Any, int]:
        """Longest entry starting at token i: (payload, length) or (None, 0)."""
        node = self._fwd
        best, length, k = None, 0, i
        while k < w.hi:
            node = node.get(w.low(k))
            if node is None:
                break
            k += 1
            if _END in node:
                best, length = node[_END], k - i
        return best, length

    def backward(self, w: _Window, i: int, floor: int) -> tuple[Any, int]:
        """Longest entry ending right before token i, not reaching below `floor`."""
        node = self._bwd
        lo = max(floor, w.lo)
        best, length, k = None, 0, i - 1
        while k >= lo:
            node = node.get(w.low(k))
            if node is None:
                break
            if _END in node:
                best, length = node[_END], i - k
            k -= 1
        return best, length


class QuantityFinder:
    """The `star_quantities` component."""

    def __init__(self, nlp: Language, spans_key: str, rules_text: str, source: str) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self._digit_flag = digit_flag(nlp.vocab)
        self._load(rules_text, source)

    # ------------------------------------------------------------------ rules
    def _load(self, rules_text: str, source: str) -> None:
        rules = parse_quantity_rules(rules_text, source)
        self.rules_text = rules_text
        self.source = source
        tok = self.nlp
        self.units_spaced = _Table()
        self.units_glued: dict[str, UnitRule] = {}
        self.scales = _Table()
        self.scales_glued: dict[str, float] = {}
        self.currency_before = _Table()
        self.currency_after = _Table()
        self.currency_glued: dict[str, str] = {}
        self.periods = _Table()
        self.approx_before = _Table()
        self.approx_after = _Table()
        self.affix_before = _Table()
        self.affix_after = _Table()
        self.article_duration = {"before": _Table(), "after": _Table()}
        self.change_before = _Table()
        self.change_after = _Table()
        self.multipliers = _Table()
        self.fractions = _Table()
        self.exclude_before = _Table()
        self.exclude_after = _Table()
        self.exclude_at = _Table()
        self.nouns: dict[str, set[str]] = {"list": set(), "head": set(), "stop": set()}
        self.person_nouns = _Table()
        self.role_cues: dict[str, _Table] = {"near": _Table(), "sentence": _Table()}
        self.role_priors: dict[str, float] = {}
        self.role_features: dict[str, float] = {}
        duration_words: set[str] = set()
        for rule in rules:
            forms = getattr(rule, "forms", [])
            keys = [_tokenise(tok, f) for f in forms]
            if isinstance(rule, UnitRule):
                for form, key in zip(forms, keys, strict=True):
                    if rule.spaced:
                        self.units_spaced.add(key, rule)
                    if rule.glued and " " not in form:
                        self.units_glued.setdefault(form.lower(), rule)
                    if rule.kind == "duration" and len(key) == 1 and _WORDISH.match(key[0]):
                        if not key[0].endswith("s") and rule.unit == "s":
                            duration_words.add(key[0])
            elif isinstance(rule, ScaleRule):
                for form, key in zip(forms, keys, strict=True):
                    self.scales.add(key, rule.factor)
                    self.scales_glued.setdefault(form.lower(), rule.factor)
            elif isinstance(rule, CurrencyRule):
                for form, key in zip(forms, keys, strict=True):
                    if rule.before:
                        self.currency_before.add(key, rule.code)
                    if rule.after:
                        self.currency_after.add(key, rule.code)
                        if " " not in form:
                            self.currency_glued.setdefault(form.lower(), rule.code)
            elif isinstance(rule, PeriodRule):
                for key in keys:
                    self.periods.add(key, rule.unit)
            elif isinstance(rule, ApproxRule):
                table = self.approx_before if rule.position == "before" else self.approx_after
                for key in keys:
                    table.add(key, True)
            elif isinstance(rule, AffixRule):
                table = self.affix_before if rule.position == "before" else self.affix_after
                for key in keys:
                    table.add(key, rule.role or "")
            elif isinstance(rule, ArticleDurationRule):
                for key in keys:
                    self.article_duration[rule.position].add(key, True)
            elif isinstance(rule, ChangeRule):
                table = self.change_before if rule.position == "before" else self.change_after
                for key in keys:
                    table.add(key, rule.direction)
            elif isinstance(rule, MultiplierRule):
                for key in keys:
                    self.multipliers.add(key, rule)
            elif isinstance(rule, FractionRule):
                for key in keys:
                    self.fractions.add(key, rule)
            elif isinstance(rule, ExcludeRule):
                table = {
                    "before": self.exclude_before,
                    "after": self.exclude_after,
                    "at": self.exclude_at,
                }[rule.position]
                for key in keys:
                    table.add(key, rule)
            elif isinstance(rule, NounRule):
                if rule.role == "person":
                    for key in keys:
                        self.person_nouns.add(key, True)
                else:
                    self.nouns[rule.role].update(" ".join(k) for k in keys)
            elif isinstance(rule, RoleCueRule):
                signed = rule.weight if rule.role == "result" else -rule.weight
                for key in keys:
                    self.role_cues[rule.scope].add(key, signed, accumulate=True)
            elif isinstance(rule, RolePriorRule):
                self.role_priors[rule.sentence_role] = rule.weight
            elif isinstance(rule, RoleFeatureRule):
                self.role_features[rule.feature] = rule.weight
        self.duration_words = duration_words | {"fortnight", "decade"}
        self.per_nouns = set(_PER_NOUNS)
        verbs = {
            k[0] for k in self.change_before.items
            if len(k) == 1 and not k[0].endswith(("s", "ed"))
        }  # "six cut costs", but "five falls", "38 shortened breaks"
        self._stop = (self.nouns["stop"] | set(STOP_WORDS) | verbs) - _NOT_STOP
        self._currency_symbols = {k[0] for k in self.currency_before.items if len(k) == 1}
        # Word anchors: number words, fractions, multiplier words, "twice", "a week".
        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        words = [*NUMBER_WORDS, "a dozen", "dozen", "a hundred", "a thousand", "a million"]
        words += [*list(_TIMES), "a fortnight", "a decade"]
        words += [" ".join(k) for k in self.fractions.items]
        words += [" ".join(k) for k in self.multipliers.items]
        for unit_word in sorted(duration_words - {"second", "night", "d", "h", "s"}):
            if not _WORDISH.match(unit_word) or len(unit_word) < 3:
                continue
            article = "an" if unit_word[0] in "aeiou" or unit_word == "hour" else "a"
            words.append(f"{article} {unit_word}")
            words.append(f"another {unit_word}")
            words += [f"a {m} {unit_word}" for m in ("full", "whole", "solid", "good", "further")]
            words += [f"an {m} {unit_word}" for m in ("extra", "additional", "entire")]
        matcher.add("Q", [self.nlp.make_doc(w) for w in sorted(set(words))])
        self._matcher = matcher

    # ------------------------------------------------------------------ call
    def __call__(self, doc: Doc) -> Doc:
        spans, marks = self.find(doc)
        doc.spans[self.spans_key] = spans
        doc._.star_quantity_marks = np.array(marks, dtype=np.int64).reshape(-1, 2)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc) -> tuple[list[Span], list[tuple[int, bool]]]:
        """The quantities of `doc` (spans with `span._.star_quantity` set) and their marks."""
        anchors: set[int] = set(digit_tokens(doc, self._digit_flag))
        for _, start, _ in self._matcher(doc):
            anchors.add(start)
        if not anchors:
            return [], []
        sent_starts = unit_starts(doc)
        lowers = Lowers(doc)
        spans: list[Span] = []
        marks: list[tuple[int, bool]] = []
        floor = 0
        windows: dict[int, _Window] = {}
        for i in sorted(anchors):
            if i < floor:
                continue
            k = bisect.bisect_right(sent_starts, i) - 1
            lo = sent_starts[k]
            w = windows.get(k)
            if w is None:
                hi = sent_starts[k + 1] if k + 1 < len(sent_starts) else len(doc)
                w = windows[k] = _Window(doc, lo, hi, lowers)
            reading = self.read_at(w, i, max(floor, lo))
            if reading is None:
                continue
            span = Span(doc, reading.start, reading.end, label=reading.kind)
            span._.set(
                EXTENSION,
                QuantityValue(
                    value=_clean(reading.value),
                    unit=reading.unit,
                    kind=reading.kind,
                    approximate=reading.approximate,
                    before=_clean(reading.before),
                    after=_clean(reading.after),
                    change=_clean(reading.change),
                ),
            )
            spans.append(span)
            marks.append((reading.start, reading.change is not None))
            floor = reading.end
        return spans, marks

    # ------------------------------------------------------------------ reading numbers
    # ------------------------------------------------------------------ reading numbers
    def read_number(self, w: _Window, i: int) -> _Number | None:
        """The number that starts at token i (digits or words), with glued/spaced scale."""
        if i >= w.hi:
            return None
        low = w.low(i)
        hit, n = self.exclude_at.forward(w, i)
        if hit is not None and not self._guarded(w, i):
            return None
        if _DIGITS.search(low):
            num = self._read_numeral(w, i)
        else:
            num = self._read_words(w, i)
        if num is None:
            return None
        # a spaced scale: "1.2 million", "$2.5 M", "30 thousand", "fifty K"
        if not num.scaled and num.unit is None and num.denominator is None and not (
            num.multiplier or num.fraction or num.frequency
        ):
            factor, n = self.scales.forward(w, num.end)
            nxt = w.text(num.end)
            if factor is not None and not (num.words and nxt in ("k", "m", "b", "mm", "mn", "bn")):
                if not (nxt in ("m", "M") and w.low(num.end + 1) in ("long", "tall", "wide")):
                    num.value *= factor
                    if num.high is not None:
                        num.high *= factor
                    num.end += n
                    num.scaled = True
                    num.article_one = False
        return num

    def _guarded(self, w: _Window, i: int) -> bool:
        """True when the tokens before i make a fixed expression a real number again."""
        hit, _ = self.approx_before.backward(w, i, w.lo)
        if hit is not None:
            return True
        return w.low(i - 1) in self._currency_symbols

    def _read_numeral(self, w: _Window, i: int) -> _Number | None:
        text = w.text(i)
        if len(text) > 2 and text.endswith(".") and text[-2].isalpha():
            text = text[:-1]  # "€40M." at the end of a sentence
        parsed: Numeral | None = parse_numeral(text)
        if parsed is None:
            return None
        num = _Number(start=i, end=i + 1, value=parsed.value, approximate=parsed.approximate)
        num.currency = parsed.currency
        num.high = parsed.high
        num.denominator = parsed.denominator
        num.decimals = parsed.decimals
        num.year_like = is_year(parsed.value, parsed.has_comma, parsed.decimals) and not (
            parsed.suffix or parsed.currency
        )
        if parsed.sign < 0:
            num.value = -num.value
        if parsed.suffix:
            raw = parsed.suffix_raw
            if len(raw) == 1 and raw.isupper() and raw not in "KMBX":
                return None  # "8D", "5S", "5G": names, not units
            if raw == "s" and parsed.value % 10 == 0 and w.low(i - 1) in _DECADE_LEAD:
                return None  # "the 60s", "her mid-30s"
            if not self._apply_suffix(num, parsed.suffix):
                return None
        if parsed.high_suffix and num.high is not None:
            probe = _Number(start=i, end=i + 1, value=num.high)
            if not self._apply_suffix(probe, parsed.high_suffix):
                return None
            if num.unit is None and probe.unit is not None:
                num.unit = probe.unit
            if probe.scaled and not num.scaled:
                num.value *= probe.value / parsed.high if parsed.high else 1.0
            num.high = probe.value
        return num

    def _apply_suffix(self, num: _Number, suffix: str) -> bool:
        """Read a glued suffix ("ms", "k", "m$", "x", "%"); False when it is not a unit."""
        unit = self.units_glued.get(suffix)
        if unit is not None:
            num.unit = unit
            return True
        code = self.currency_glued.get(suffix)
        if code is not None:
            num.currency = code
            return True
        for cut in (2, 1):
            head, tail = suffix[:cut], suffix[cut:]
            factor = self.scales_glued.get(head)
            if factor is None or len(head) != cut:
                continue
            if tail and tail not in self.currency_glued and tail not in self.units_glued:
                continue
            num.value *= factor
            if num.high is not None and num.high * factor <= num.value * 1000:
                num.high *= factor
            num.scaled = True
            if tail in self.currency_glued:
                num.currency = self.currency_glued[tail]
            elif tail:
                num.unit = self.units_glued[tail]
            return True
        return False

    def _read_words(self, w: _Window, i: int) -> _Number | None:
        low = w.low(i)
        # fractions: "half", "a third", "two-thirds"; then "half a million"
        frac, n = self.fractions.forward(w, i)
        if frac is not None:
            if not self._real_fraction(w, i, n):
                return None
            num = _Number(start=i, end=i + n, value=frac.value, words=True, fraction=frac)
            if w.low(i + n) in ("a", "an") and w.low(i + n + 1) in SCALE_WORDS:
                num.value = frac.value * SCALE_WORDS[w.low(i + n + 1)]
                num.fraction = None
                num.end = i + n + 2
                num.scaled = True
            elif w.low(i + n) in ("a", "an", "-", "–") and w.low(i + n + 1) in self.duration_words:
                num.fraction = None  # "half a day", "half an hour"
                num.end = i + n + 1
                num.half_unit = True
            return num
        mult, n = self.multipliers.forward(w, i)
        if mult is not None:
            if mult.direction == 0 and not self._real_multiplier(w, i, n):
                return None
            return _Number(start=i, end=i + n, value=mult.value, words=True, multiplier=mult)
        if low in _TIMES:
            return _Number(start=i, end=i + 1, value=_TIMES[low], words=True, frequency=True)
        if low in ("a", "an", "another"):
            k = i + 1
            if w.low(k) in _UNIT_MODIFIERS:
                k += 1
            if w.low(k) in self.duration_words and w.low(k) not in ("second", "night"):
                nxt = w.low(k + 1)
                if _DIGITS.search(nxt) or nxt in ("-", "–") or w.low(i - 1) in _VAGUE:
                    return None
                return _Number(start=i, end=i + 1, value=1.0, words=True, article_one=True)
        if low == "one" and not self._one_may_count(w, i):
            return None
        if low not in NUMBER_WORDS and low not in ("a", "an"):
            return None
        words = [w.low(k) for k in range(i, min(i + 8, w.hi))]
        parsed = parse_number_words(words)
        if parsed is None:
            return None
        value, used = parsed
        num = _Number(start=i, end=i + used, value=value, words=True)
        num.article_one = value == 1 and used == 1 and low in ("one", "a", "an")
        if w.low(num.end) in ("-", "–") and w.low(num.end + 1) in FRACTION_WORDS:
            return None
        return num

    def _one_may_count(self, w: _Window, i: int) -> bool:
        """A quick look before reading "one" in full: most are articles or pronouns."""
        nxt = w.low(i + 1)
        if nxt in ("of", "another", "day", "time", "thing", "way", "side", "hand", "point"):
            return w.low(i - 1) in ("in", "within", "for", "only", "just", "than", "over")
        if nxt in ("", ".", ",", ";", ":", "!", "?", "who", "that", "which", "i", "we"):
            return w.low(i - 1) in ("to", "down", "than", "only", "just", "about", "at")
        return True

    def _real_fraction(self, w: _Window, i: int, n: int) -> bool:
        """"a third of", "by half", "half the team" - not "a third-party", "half-yearly"."""
        before, after = w.low(i - 1), w.low(i + n)
        if before in _ORDINALS:
            return False
        if after in ("-", "–"):
            return w.low(i + n + 1) in self.duration_words  # "half-hour"
        if after in _HALF_IDIOMS:
            return False
        first = w.low(i)
        if first in ("a", "one") and after and _WORDISH.match(after):
            # "a third" followed by a word is an ordinal ("a third option") unless the word
            # continues a fraction phrase ("a third of", "a quarter fewer", "a third less")
            if after not in _FRACTION_FOLLOWERS and after not in self._stop:
                return False
        return True

    def _real_multiplier(self, w: _Window, i: int, n: int) -> bool:
        """"double" as a size ("double the traffic", "nearly double") not "double-booked"."""
        after = w.low(i + n)
        if after in ("-", "–"):
            return False
        if after in _DETERMINERS or after in ("what", "that", "it", "its"):
            return True
        hit, _ = self.approx_before.backward(w, i, w.lo)
        if hit is not None or w.low(i - 1) in ("to", "by", "than"):
            return True
        if "fold" in w.low(i) or w.low(i + n - 1) == "fold":
            return self.change_before.backward(w, i, w.lo)[0] is not None or after in (
                "increase", "rise", "growth", "improvement", "jump", "reduction", "drop"
            )
        return False

    # ------------------------------------------------------------------ reading a quantity
    def read_at(self, w: _Window, i: int, floor: int) -> _Reading | None:
        num = self.read_number(w, i)
        if num is None:
            return None
        if not num.words and self._id_like(w, num):
            return None
        if w.low(num.start) == "half" and _clock_hour(w.low(num.end)):
            return None  # "at half seven": a time of day
        if num.words and w.text(num.start)[:1].isupper() and num.start > w.lo:
            if w.text(num.start - 1)[:1].isupper() and w.low(num.start - 1) not in ("\n", "-"):
                return None  # "a Big Four firm"
        if num.currency is None and not num.words:
            code, n = self.currency_before.backward(w, num.start, floor)
            if code is not None and n == 1 and w.low(num.start - 1) in self._currency_symbols:
                num.currency = code
        reading = self._read_tail(w, num)
        if reading is None or self._excluded(w, num, reading):
            return None
        # Left context: approximators, currency symbols, affixes; then "from X to Y".
        start = num.start
        while start > floor:
            code, n = self.currency_before.backward(w, start, floor)
            if code is not None and reading.kind in ("count", "money"):
                if reading.kind == "count":
                    reading.kind, reading.unit, reading.bare = "money", code, False
                start -= n
                continue
            hit, n = self.approx_before.backward(w, start, floor)
            if hit is not None and not (w.low(start - 1) == "some" and reading.bare):
                reading.approximate = True
                start -= n
                continue
            break
        if w.low(start - 1) == "from" and start - 1 >= floor:
            changed = self._read_from_to(w, start - 1, reading, floor)
            if changed is not None:
                return changed
        role, n = self.affix_before.backward(w, start, floor)
        if role is not None and not (
            w.low(start - 1) in ("past", "first", "last", "next") and num.article_one
        ):
            start -= n
            if role == "context":
                reading.team = True
        elif w.low(start - 1) in ("a", "an") and reading.kind in ("percent", "multiplier", "money"):
            if self.change_after.forward(w, reading.end)[0] is not None and w.low(reading.end) in (
                _CHANGE_NOUNS
            ):
                start -= 1
                reading.end += 1
        if reading.bare:
            if not self._bare_ok(w, num, reading, start):
                return None
        reading.start = start
        reading.lead = w.low(reading.start - 1)
        self._direction(w, reading, floor)
        return reading

    def _id_like(self, w: _Window, num: _Number) -> bool:
        """Phone numbers, codes and ids: "0330 123 4567", "007"."""
        text = w.text(num.start)
        if len(text) > 1 and text[0] == "0" and text[1].isdigit():
            return True
        for k in (num.start - 1, num.end):
            other = w.text(k)
            if other and other.isdigit() and not num.scaled:
                return True
        return False

    def _bare_ok(self, w: _Window, num: _Number, reading: _Reading, start: int) -> bool:
        """A number with no unit or object: keep it only when it reads as a magnitude."""
        if num.year_like:
            return False
        guarded = reading.approximate or start < num.start
        if num.words and not guarded:
            return (num.value >= 10 and num.value != int(num.value)) or False
        nxt = w.text(num.end)
        if len(nxt) == 1 and nxt.isupper() and nxt not in ("I", "A"):
            return False  # "3 G", "4 D"
        if nxt in (".", ")") and num.decimals == 0 and not num.words and not guarded and (
                num.start == w.lo or "\n" in w.text(num.start - 1)):
            return False  # "1." or "2)" numbering a list, at the start of a line
        prev = w.text(num.start - 1)
        if prev and prev[:1].isupper() and num.start - 1 > w.lo and not guarded:
            return False  # "Sage 200", "iPadOS 15"
        prev_low = w.low(num.start - 1)
        if prev_low in _TIME_LEAD and num.value < 24 and num.decimals == 0 and not guarded:
            return False  # "at 8", "by 11"
        if (reading.approximate and num.value <= 12 and num.decimals == 0 and not num.words
                and (prev_low == "around" or w.low(start - 1) in _CLOCK_LEAD)):
            return False  # "from about 9", "every evening around 7": a time of day
        if num.high is not None and num.high <= 24 and (reading.value or 0) <= 24:
            if prev_low in ("between", "from") or num.decimals == 0:
                return False  # "between 1 and 4": hours of the day
        if num.value == 0 and num.words:
            return False
        # "8.45", "2.30": a time of day
        return not (num.decimals == 2 and num.value < 24 and (num.value % 1) < 0.6 and not guarded)

    def _excluded(self, w: _Window, num: _Number, reading: _Reading | None = None) -> bool:
        measured = num.unit is not None or num.currency is not None
        if reading is not None and reading.kind not in ("count",):
            measured = True
        rule, _ = self.exclude_before.backward(w, num.start, w.lo)
        if rule is not None and self._exclusion_applies(rule, num, measured, before=True):
            return True
        rule, _ = self.exclude_after.forward(w, num.end)
        return bool(rule is not None and self._exclusion_applies(rule, num, measured, before=False))

    @staticmethod
    def _exclusion_applies(rule: ExcludeRule, num: _Number, measured: bool, before: bool) -> bool:
        if rule.when == "year":
            return num.year_like
        if rule.when == "day_or_year":
            return num.year_like or (
                not measured and not num.words and num.value == int(num.value)
                and 1 <= num.value <= 31
            )  # fmt: skip
        if before and measured:
            return False  # "ward two days later" is a duration, not "ward 2"
        if before and num.article_one:
            return False
        return not (measured and not before and rule.reason != "fixed")

    def _read_tail(self, w: _Window, num: _Number) -> _Reading | None:
        """Read the range / unit / object / period / affix after a number."""
        j = num.end
        approximate = num.approximate or num.high is not None
        value = num.value
        high = num.high
        # ranges and alternatives: "3-5 days", "3 to 5 month", "30 or 35 people"
        if high is None and w.low(j) in _RANGE_LINKS and not (num.multiplier or num.fraction):
            link = w.low(j)
            ok_link = link != "and" or w.low(num.start - 1) == "between"
            if link == "to" and w.low(num.start - 1) == "from":
                ok_link = False
            second = self.read_number(w, j + 1) if ok_link else None
            if second is not None and self._excluded(w, second):
                return None  # "5 to 9 pm"
            if second is not None and not second.multiplier and not second.fraction:
                same_unit = second.unit is None or num.unit is None or second.unit == num.unit
                if same_unit and link != "/" and (num.words == second.words or num.unit):
                    if second.value >= value or link == "or":
                        high = num.high = second.value
                        approximate = True
                        num.unit = num.unit or second.unit
                        num.currency = num.currency or second.currency
                        num.year_like = num.year_like and second.year_like
                        j = second.end
        currency = num.currency
        unit_rule = num.unit
        kind: str
        unit: str | None
        bare = False
        if num.multiplier is not None:
            kind, unit = "multiplier", "x"
        elif num.fraction is not None:
            if num.fraction.kind == "multiplier":
                kind, unit = "multiplier", "x"
            else:
                kind, unit, value = "percent", "percent", num.fraction.value * 100
        elif num.denominator is not None:
            kind, unit = "score", f"/{_fmt(num.denominator)}"
            if num.value > num.denominator:
                return None
        else:
            kind, unit = "count", "count"
        factor = 1.0
        if num.half_unit:
            unit_rule, n = self.units_spaced.forward(w, j)
            j += n
        elif unit_rule is None and num.multiplier is None and num.denominator is None:
            if num.fraction is None:
                k = j + 1 if w.low(j) in _UNIT_MODIFIERS else j
                unit_rule, n = self.units_spaced.forward(w, k)
                if unit_rule is not None and unit_rule.needs_digits and num.words:
                    unit_rule = None
                if unit_rule is not None and w.low(k + n) in ("-", "–"):
                    after_hyphen = w.low(k + n + 1)
                    if _WORDISH.match(after_hyphen) and after_hyphen not in ("long", "old", "olds"):
                        unit_rule = None  # "two night-shift workers": a compound noun
                letter = w.text(k)
                if unit_rule is not None and len(letter) == 1 and letter.isupper():
                    unit_rule = None  # "3 G", "4 D"
                if unit_rule is not None:
                    j = k + n
        if unit_rule is not None and num.fraction is None and num.multiplier is None:
            kind, unit, factor = unit_rule.kind, unit_rule.unit, unit_rule.factor
            if w.low(j) in ("-", "–") and w.low(j + 1) in ("long", "old", "olds"):
                j += 2
        if currency is None and kind == "count":
            code, n = self.currency_after.forward(w, j)
            if code is not None:
                currency = code
                j += n
        if currency is not None and kind in ("count", "money"):
            kind, unit = "money", currency
        # scores: "4.9 out of 5"; ratios: "one in four appointments", "about 3 in 100 people"
        if kind == "count" and w.low(j) == "out" and w.low(j + 1) == "of":
            den = self.read_number(w, j + 2)
            if den is not None and den.value >= value and den.unit is None:
                kind, unit = "score", f"/{_fmt(den.value)}"
                j = den.end
        elif kind == "count" and w.low(j) == "in" and high is None and not num.frequency:
            den = self.read_number(w, j + 1)
            if den is not None and den.unit is None and den.value > value > 0 and (
                self.units_spaced.forward(w, den.end)[0] is None
            ):
                kind, unit = "percent", "percent"
                value = value / den.value * 100
                j = den.end
                end, _ = self._read_object(w, j, den)
                j = end
        if kind == "count" and num.frequency:
            unit = "times"
        if kind == "count" and w.low(j) == "times" and not num.frequency:
            comp = self.change_after.get((w.low(j + 1),))
            if comp is not None or w.low(j + 1) in ("as", "the", "over"):
                kind, unit = "multiplier", "x"
            else:
                unit = "times"
            j += 1
        if kind == "multiplier" and w.low(j) in ("-", "–") and w.low(j + 1) == "fold":
            j += 2
        if kind == "multiplier" and num.multiplier is None and w.low(j) == "times":
            j += 1
        if w.low(j) == "+":  # "20+ engineers"
            approximate = True
            j += 1
        # object of a count: "four nurses", "1,400 unprocessed requests", "nine of them"
        if kind == "count" and unit == "count":
            end, is_list = self._read_object(w, j, num)
            if is_list:
                return None
            if end == j:
                bare = True
            j = end
        elif kind == "percent" or num.fraction is not None:
            j = self._read_of_phrase(w, j, bare_determiner=num.fraction is not None)
        elif kind == "money" and w.low(j) in ("more", "less", "extra", "cheaper"):
            j += 1
        if kind in ("percent", "money", "multiplier") and w.low(j) in _COMPARATIVES:
            j += 1
        # periods: "a week", "per second" -> rates
        per, n = self.periods.forward(w, j)
        if per is not None and not (w.low(j) in ("a", "an") and w.low(j + n) in ("-", "–")):
            j += n
            if kind == "count":
                kind, unit = "rate", per if unit in ("count", "times") else f"{unit}{per}"
                bare = False
            elif unit is not None:
                unit = f"{unit}{per}"
        elif w.low(j) in ("a", "per", "each", "an") and w.low(j + 1) in self.per_nouns:
            noun = w.low(j + 1)
            if kind == "count":
                kind, unit = "rate", f"/{noun}"
                bare = False
            elif unit is not None:
                unit = f"{unit}/{noun}"
            j += 2
        elif kind == "count" and unit == "times" and w.low(j) == "in" and w.low(j + 1) in ("a", "an"):
            per, n = self.periods.forward(w, j + 1)
            if per is not None:
                kind, unit = "rate", per
                j += 1 + n
        hit, n = self.approx_after.forward(w, j)
        if hit is not None and not (w.low(j) in ("plus", "+") and _DIGITS.search(w.low(j + 1))):
            trailing = w.low(j) in ("max", "min", "minimum", "maximum")
            if not (trailing and w.low(j + 1) not in ("", ".", ",")):
                approximate = True
                j += n
        role, n = self.affix_after.forward(w, j)
        if role is not None and (kind == "duration" or w.low(j) in ("each", "apiece")):
            if w.low(j) != "long" or w.low(j - 1) in ("-", "–"):
                j += n
        if num.article_one and kind == "count" and not self._one_ok(w, num, j):
            if not (w.low(num.start) == "one" and unit != "count"):
                return None
        if num.article_one and kind == "duration" and w.low(num.start) == "one":
            if not self._one_unit_ok(w, num, j):
                return None
        if num.article_one and w.low(num.start) in ("a", "an", "another"):
            prev = w.low(num.start - 1)
            if _plural(prev) or prev in self.per_nouns or prev in ("call", "cover", "visit"):
                return None  # "three tutorials a week": a rate period, not a duration
            if kind == "duration" and w.low(num.start) != "another" and not self._article_duration_ok(w, num, j):
                return None  # a bare "a week" ("for a month"): only with a hedge or a change (annotation.md)
        if kind == "count" and bare and value == 0 and num.words and w.low(num.start) != "zero":
            return None
        mid = (value + high) / 2 if high is not None else value
        return _Reading(
            start=num.start,
            end=j,
            value=mid * factor,
            unit=unit,
            kind=kind,
            approximate=approximate,
            bare=bare,
            direction=(num.multiplier.direction if num.multiplier else 0),
            raw=mid,
        )

    def _one_ok(self, w: _Window, num: _Number, end: int) -> bool:
        """"one" as a number ("only one triage nurse", "one developer"), not an article."""
        if w.low(num.start) in ("a", "an", "another"):
            return False
        if num.start == w.lo or w.low(num.start - 1) in ("\n", "-", "*", "•", "this", "that"):
            return False
        prev = w.low(num.start - 1)
        if end > num.end and self.person_nouns.backward(w, end, num.end)[0] is not None:
            return prev not in ("the", "this", "that", "each", "every", "any")
        # "only one patient", "he'd had one shock": a count, not an article
        return end > num.end and prev in ("only", "just", "exactly", "had", "'d", "than")

    def _article_duration_ok(self, w: _Window, num: _Number, end: int) -> bool:
        """"a week" as an amount: hedged ("about a week"), bounded or moved ("within a week",
        "pushed it back a week", "a day early"), not a plain period ("for a month", "replayed a
        week of logs")."""
        after, before = self.article_duration["after"], self.article_duration["before"]
        if after.forward(w, end)[0] or after.backward(w, end, num.end)[0]:
            return True  # the shift follows, or already closes the span ("a day early")
        if w.low(end) == "of" and w.low(num.start - 1) not in ("of", "than"):
            return False  # "a week of production logs": how much was looked at, not a duration
        return bool(before.backward(w, num.start, w.lo)[0] or self.approx_before.backward(w, num.start, w.lo)[0])

    def _one_unit_ok(self, w: _Window, num: _Number, end: int) -> bool:
        """"in one day", "for one week" - not "One night I...", "one day be read out"."""
        if num.start == w.lo or w.low(num.start - 1) in ("\n", "-", "*", "•", ",", "and"):
            return False
        prev = w.low(num.start - 1)
        if prev in ("in", "within", "for", "over", "after", "inside", "under", "about", "than",
                    "only", "just", "by", "of", "to", "from", "us", "me", "them"):  # fmt: skip
            return True
        if w.low(end) in _SUBJECTS or w.low(end) in ("when", "while", "after", "before"):
            return False
        return prev not in ("will", "would", "might", "may", "could", "should", "can", "that", "this")

    def _read_object(self, w: _Window, j: int, num: _Number) -> tuple[int, bool]:
        """End of the object phrase of a count, and whether it is a list count."""
        stop = self._stop
        # "nine of them", "114 of the 120 spring roles", "two of the four"
        if w.low(j) == "of":
            nxt = w.low(j + 1)
            if nxt in _PRONOUN_OBJECTS:
                return j + 2, False
            if _DIGITS.search(nxt):
                inner = self.read_number(w, j + 1)
                if inner is not None and inner.unit is None and inner.value >= num.value:
                    end, _ = self._read_object(w, inner.end, inner)
                    return end, False
            if nxt in _DETERMINERS:
                inner = self.read_number(w, j + 2)
                start = inner.end if inner is not None else j + 2
                end, _ = self._read_object(w, start, num)
                if end > start or inner is not None:
                    return end, False
            return j, False
        k = j
        if w.low(k) in ("more", "fewer", "less", "extra", "additional", "other", "new"):
            k += 1
            j_more = k
        else:
            j_more = j
        seen = 0
        last = k
        first_word = None
        while k < w.hi and seen < 4:
            low = w.low(k)
            if low in ("-", "–") and _WORDISH.match(w.low(k + 1) or ""):
                if seen or k == j:
                    k += 1
                    continue
            is_head = low in self.nouns["head"]
            participle = low.endswith("ed") and _plural(w.low(k + 1))  # "zero failed transfers"
            if not _WORDISH.match(low) or len(low) < 2 or (
                low in stop and not is_head and not participle and w.low(k + 1) not in ("-", "–")
            ):
                break
            if low in self.nouns["list"]:
                return j, True
            if first_word is None:
                first_word = low
            seen += 1
            k += 1
            last = k
            if low in self.nouns["head"] or _plural(low):
                return k, False
        if not seen:
            return j_more, False
        if num.value == 1 or w.low(j) in ("-", "–"):
            return last, False
        if first_word and (first_word.endswith(("ed", "ing", "ly")) or first_word in stop):
            return j_more, False
        # no plural head: keep one following word ("two staff", "68 seats")
        return (j_more + 1 if w.low(j_more) not in ("-", "–") else j_more + 2), False

    def _read_of_phrase(self, w: _Window, j: int, bare_determiner: bool = False) -> int:
        """"40% of the module", "a third of its drivers", "12% of sign-ups", "half the fleet"."""
        if w.low(j) != "of" and not (bare_determiner and w.low(j) in _DETERMINERS):
            return j
        k = j + 1 if w.low(j) == "of" else j
        if w.low(k) in _PRONOUN_OBJECTS:
            return k + 1
        if w.low(k) in _DETERMINERS:
            k += 1
        elif w.low(j) != "of":
            return j
        seen = 0
        last = j
        while k < w.hi and seen < 3:
            low = w.low(k)
            if low in ("-", "–") and seen and _WORDISH.match(w.low(k + 1) or ""):
                k += 1
                continue
            if not _WORDISH.match(low) or (low in self._stop and low not in self.nouns["head"]):
                break
            seen += 1
            k += 1
            last = k
            if low in self.nouns["head"] or _plural(low):
                return k
        return last

    def _read_from_to(self, w: _Window, at: int, x: _Reading, floor: int) -> _Reading | None:
        """`at` is the token "from"; x the first value. Read "to [approx] Y [unit]"."""
        k = x.end
        gap = 0
        while True:
            link = self._link_at(w, k)
            if link:
                k += link
                break
            low = w.low(k)
            if gap >= 5 or not _WORDISH.match(low or "") or low in ("and", "but", "which", "so"):
                return None
            k += 1
            gap += 1
        approximate = x.approximate
        while True:
            hit, n = self.approx_before.forward(w, k)
            if hit is not None and n:
                k2 = k + n
                if self.currency_before.forward(w, k2)[0] is not None:
                    k2 += self.currency_before.forward(w, k2)[1]
                if self.read_number(w, k2) is not None:
                    approximate = True
                    k += n
                    continue
            break
        code, n = self.currency_before.forward(w, k)
        if code is not None and self.read_number(w, k + n) is not None:
            k += n
        if w.low(k) in _NOTHING and self.read_number(w, k) is None:
            y: _Reading | None = _Reading(k, k + 1, 0.0, x.unit, x.kind, False, bare=True, raw=0.0)
        else:
            if w.low(k) in ("a", "an") and _DIGITS.search(w.low(k + 1)):
                k += 1
            y = self._reading_at(w, k, currency=code)
        if y is None:
            return None
        before, after = x.value, y.value
        unit, kind = y.unit, y.kind
        if y.bare or (y.kind == "count" and x.kind != "count"):
            unit, kind = x.unit, x.kind
            if x.raw and y.raw is not None and x.value is not None:
                after = y.raw * (x.value / x.raw)  # "from five weeks to two": y in x's unit
        elif x.bare or (x.kind == "count" and y.kind != "count"):
            unit, kind = y.unit, y.kind
            if y.raw and x.raw is not None and y.value is not None:
                before = x.raw * (y.value / y.raw)  # "from 41 to 78 percent"
        elif x.kind == y.kind == "rate" and x.unit != y.unit:
            unit = y.unit
        change = None
        if before not in (None, 0) and after is not None:
            change = (after - before) / before
        return _Reading(
            start=at, end=y.end, value=after, unit=unit, kind=kind,
            approximate=approximate or y.approximate, before=before, after=after,
            change=change, lead=w.low(at - 1),
        )  # fmt: skip

    def _link_at(self, w: _Window, k: int) -> int:
        for link in _FROM_TO:
            if w.seq(k, len(link)) == link:
                return len(link)
        return 0

    def _reading_at(self, w: _Window, k: int, currency: str | None = None) -> _Reading | None:
        num = self.read_number(w, k)
        if num is None:
            return None
        if currency is not None and num.currency is None:
            num.currency = currency
        reading = self._read_tail(w, num)
        if reading is not None and self._excluded(w, num, reading):
            return None
        if reading is None:
            # "one" after "to" is a value, not an article
            if num.article_one or num.value in (0, 1):
                return _Reading(k, num.end, num.value, "count", "count", False, bare=True,
                                raw=num.value)  # fmt: skip
            return None
        hit, _n = self.approx_before.backward(w, k, w.lo)
        if hit is not None:
            reading.approximate = True
        return reading

    # ------------------------------------------------------------------ change
    def _direction(self, w: _Window, r: _Reading, floor: int) -> None:
        """Set `change`, `before`, `after` from verbs and links around the span."""
        if r.before is not None:
            return
        # "X, down from Y" / "X instead of Y"
        j = r.end
        for link in _AFTER_LINK_INDEX.get(w.low(j), ()):
            if len(link) > 1 and w.seq(j, len(link)) != link:
                continue
            k = j + len(link)
            if link[0] in ("instead", "rather", "compared", "vs", "vs.", "versus", "against"):
                # "instead of my usual 11"
                for _ in range(2):
                    if w.low(k) in ("my", "our", "the", "their", "his", "her", "usual", "normal",
                                    "previous", "old", "original", "planned", "typical"):  # fmt: skip
                        k += 1
            y = self._reading_at(w, k)
            if y is None or y.value is None or r.value is None:
                return
            if link[0] in ("instead", "rather") and not y.bare and y.unit not in (None, "count"):
                return  # "100 mg instead of 50 mg": two quantities
            before = y.value
            if y.bare or (y.unit == "count" and r.unit != "count"):
                raw = y.raw if y.raw is not None else y.value
                before = raw * (r.value / r.raw) if r.raw else raw
            if link[-1] in ("from", "was", "of", "than", "with", "to", "vs", "vs.", "versus",
                            "against"):  # fmt: skip
                r.before, r.after = before, r.value
                if before:
                    r.change = (r.value - before) / before
                r.end = y.end
            return
        lead = r.lead
        direction = r.direction
        if r.kind not in ("percent", "multiplier") and lead != "to":
            return  # a relative change is only read for percentages and multipliers
        # a change word right after: "a 30% drop", "3x faster", "30% fewer tickets"
        after_dir, _ = self.change_after.forward(w, r.end)
        if after_dir is None and w.low(r.end - 1) in (_COMPARATIVES | _CHANGE_NOUNS):
            after_dir = self.change_after.get((w.low(r.end - 1),))
        # a change verb before: "cut ... by 45%", "grew 3x"
        before_dir = None
        k = r.start
        steps = 0
        lo = max(floor, w.lo)
        while k > lo and steps < 6:
            got, _n = self.change_before.backward(w, k, lo)
            if got is not None:
                before_dir = got
                break
            if w.low(k - 1) in (".", ";", ":", "but", "and", "while", "which", ","):
                break
            k -= 1
            steps += 1
        if lead == "to":
            if before_dir is not None:
                r.after = r.value  # "cut it to 600ms": the after value, no relative change
            return
        if direction == 0:
            direction = after_dir if after_dir is not None else (before_dir or 0)
        if r.kind == "multiplier" and r.value:
            if direction < 0:
                r.change = (1 / r.value - 1) if r.value > 1 else r.value - 1
            elif r.value > 1:
                r.change = r.value - 1
            elif direction > 0:
                r.change = r.value  # "increased by half"
        elif r.kind == "percent" and r.unit == "percent" and r.value is not None and direction:
            if lead == "by" or after_dir is not None or before_dir is not None:
                if lead not in ("of", "at", "to"):
                    r.change = direction * r.value / 100

    # ------------------------------------------------------------------ role
    def role_score(self, span: Span, sentence_role: str | None = None,
                   sentence: tuple[int, int] | None = None, lowers: Lowers | None = None,
                   sentence_cues: dict | None = None) -> float:
        """The role score of a quantity: > 0 means result, otherwise context.

        prior of the sentence role + weights of the quantity's own features + cue weights
        (near cues: the span and the four tokens before it; sentence cues: the sentence).
        `sentence` (token bounds) and `lowers` spare callers that know them the walk over the
        doc's tokens that `Span.sent` and a fresh `Lowers` cost; `sentence_cues`, a dict the
        caller keeps for one doc, remembers each sentence's cue weights across its quantities.
        """
        if sentence is None:
            sent = span.sent
            sentence = (sent.start, sent.end)
        sent_start, sent_end = sentence
        w = _Window(span.doc, sent_start, sent_end, lowers)
        features = self.role_features
        score = features.get("bias", 0.0)
        if sentence_role is not None:
            score += self.role_priors.get(sentence_role, 0.0)
        value: QuantityValue | None = span._.get(EXTENSION)
        if value is not None:
            if value.change is not None or value.before is not None:
                score += features.get("changed", 0.0)
            if value.after is not None and value.before is None:
                score += features.get("after", 0.0)
        role, _ = self.affix_before.forward(w, span.start)
        if role == "context":
            score += features.get("team", 0.0)
        if self.person_nouns.backward(w, span.end, span.start)[0] is not None:
            score += features.get("person", 0.0)
        score += self._cue_weights(w, "near", max(sent_start, span.start - 4), span.end)
        key = (id(span.doc), sent_start, sent_end)
        if sentence_cues is None or key not in sentence_cues:
            weight = self._cue_weights(w, "sentence", sent_start, sent_end)
            if sentence_cues is None:
                return score + weight
            sentence_cues[key] = weight
        return score + sentence_cues[key]

    def _cue_weights(self, w: _Window, scope: str, lo: int, hi: int) -> float:
        """The summed weights of the `scope` cues found left to right in tokens lo..hi-1."""
        table = self.role_cues[scope]
        total, k = 0.0, lo
        while k < hi:
            weight, n = table.forward(w, k)
            if weight is not None and k + n <= hi:
                total += weight
                k += n
            else:
                k += 1
        return total

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self, *, exclude: tuple = ()) -> bytes:
        return srsly.msgpack_dumps({"rules": self.rules_text, "source": self.source})

    def from_bytes(self, data: bytes, *, exclude: tuple = ()) -> QuantityFinder:
        msg = srsly.msgpack_loads(data)
        self._load(msg["rules"], msg.get("source", "<bytes>"))
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / PATTERNS_FILE).write_text(self.rules_text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple = ()) -> QuantityFinder:
        file = ensure_path(path) / PATTERNS_FILE
        self._load(read_rule_text(file), str(file))
        return self


def _plural(word: str) -> bool:
    return (
        len(word) > 2
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous", "'s", "’s"))
    )


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _clean(value: float | None, digits: int = 6) -> float | None:
    if value is None:
        return None
    rounded = round(float(value), digits)
    return 0.0 if rounded == 0 else rounded


# ---------------------------------------------------------------------- role
_FINDERS: dict[int, QuantityFinder] = {}


def quantity_role(span: Span, sentence_role: str | None = None, sentence: tuple[int, int] | None = None,
                  lowers: Lowers | None = None, sentence_cues: dict | None = None) -> str:
    """"result" when the quantity measures an outcome of the speaker's actions, else "context".

    Uses `span.sent._.star_role` when the star_roles component has set it (a prior per
    sentence role), plus the quantity's own features and local cues, weighted as in
    `patterns/quantities.jsonl`: a stated change ("from X to Y", "cut by 45%") or an outcome
    verb leans to result; team sizes ("a team of nine"), baselines ("used to take"),
    schedules and targets lean to context. Works without roles, on the local cues alone.
    Callers that know the sentence (its role and token bounds) pass them, which is faster.
    """
    if sentence is None:
        role = span.sent._.get("star_role") if Span.has_extension("star_role") else None
    else:
        role = sentence_role
    finder = _FINDERS.get(id(span.doc.vocab))
    if finder is None:
        if not _FINDERS:
            return "context"
        finder = next(iter(_FINDERS.values()))
    return "result" if finder.role_score(span, role, sentence, lowers, sentence_cues) > 0 else "context"


@Language.factory(
    "star_quantities",
    assigns=["doc.spans"],
    default_config={"spans_key": "star_quantities"},
)
def make_quantities(nlp: Language, name: str, spans_key: str) -> QuantityFinder:
    path = default_rule_path(PATTERNS_FILE)
    finder = QuantityFinder(nlp, spans_key, read_rule_text(path), str(path))
    _FINDERS[id(nlp.vocab)] = finder
    return finder
