"""Typed rule classes for the quantity and tradeoff pattern files (`patterns/*.jsonl`).

A pattern file is JSON Lines: one rule object a line, blank lines and lines starting with
`//` ignored. The first rule of a file should be `{"type": "meta", "version": ...}`. Every
line is validated against the rule union of its component; a bad line raises
`ModelFileError("<file>:<line>: <what is wrong>")`.

The rules are read into lookup tables (phrase tuples -> rule) and a spaCy `PhraseMatcher`
by the components; the files themselves are kept verbatim so that the component can write
them back out with the pipeline (`to_disk` / `to_bytes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from ..errors import ModelFileError
from .data_files import pattern_path

Phrase = Annotated[str, Field(min_length=1)]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetaRule(_Rule):
    type: Literal["meta"]
    version: str
    description: str = ""


# --------------------------------------------------------------------------- quantities
QuantityKind = Literal[
    "percent", "multiplier", "duration", "money", "count", "rate", "score", "size", "other"
]


class UnitRule(_Rule):
    """A unit written after a number, as a word ("percent", "hours") or glued ("250ms")."""

    type: Literal["unit"]
    forms: list[Phrase] = Field(min_length=1)
    unit: str  # canonical unit
    kind: QuantityKind
    factor: float = 1.0  # value in the canonical unit = number * factor
    glued: bool = True  # may be glued to the digits ("2.4s")
    spaced: bool = True  # may follow as its own token(s) ("2.4 seconds")
    needs_digits: bool = False  # only after digits, never after number words ("5 m")


class ScaleRule(_Rule):
    """A magnitude word or suffix: "k", "thousand", "M", "million", "bn"."""

    type: Literal["scale"]
    forms: list[Phrase] = Field(min_length=1)
    factor: float


class CurrencyRule(_Rule):
    """A currency, written as a symbol before the number or a word/code around it."""

    type: Literal["currency"]
    forms: list[Phrase] = Field(min_length=1)
    code: str = Field(pattern=r"^[A-Z]{3}$")
    before: bool = True  # may stand before the number ("$", "USD 40")
    after: bool = True  # may follow the number ("40 dollars", "40k$")


class PeriodRule(_Rule):
    """A rate period after a quantity: "a week", "per second", "/day", "daily"."""

    type: Literal["period"]
    forms: list[Phrase] = Field(min_length=1)
    unit: str  # "/s", "/min", "/h", "/day", "/week", "/month", "/year", ...


class ApproxRule(_Rule):
    """Words that make a value approximate: "about", "roughly", "~", "just under", "or so"."""

    type: Literal["approx"]
    forms: list[Phrase] = Field(min_length=1)
    position: Literal["before", "after"] = "before"


class AffixRule(_Rule):
    """Words that belong to the quantity span without changing its value.

    before: "within", "inside", "after", "team of", "the other"; after: "later", "ahead", "on".
    """

    type: Literal["affix"]
    forms: list[Phrase] = Field(min_length=1)
    position: Literal["before", "after"]
    role: Literal["result", "context"] | None = None  # a role cue when set


class ArticleDurationRule(_Rule):
    """Words that make "a <duration>" an amount rather than a plain period ("for a month").

    before: a change, bound, share or rate ("pushed it back a week", "within a week", "most
    of a year", "once a quarter"); after: a schedule shift ("a day early", "a month later").
    Hedges ("about a week") come from the approx rules.
    """

    type: Literal["article_duration"]
    forms: list[Phrase] = Field(min_length=1)
    position: Literal["before", "after"]


class ChangeRule(_Rule):
    """A word that states the direction of a change: "cut", "grew", "fewer", "increase"."""

    type: Literal["change"]
    forms: list[Phrase] = Field(min_length=1)
    direction: Literal[-1, 1]
    position: Literal["before", "after"] = "before"


class MultiplierRule(_Rule):
    """A multiplier written as a word: "doubled", "tripled", "twofold", "halved"."""

    type: Literal["multiplier"]
    forms: list[Phrase] = Field(min_length=1)
    value: float = Field(gt=0)
    direction: Literal[-1, 0, 1] = 0  # 1 for "doubled" (a change), 0 for "double" (a size)


class FractionRule(_Rule):
    """A fraction written as words: "half", "a third", "two thirds", "a quarter"."""

    type: Literal["fraction"]
    forms: list[Phrase] = Field(min_length=1)
    value: float = Field(gt=0, le=1)
    kind: Literal["percent", "multiplier"] = "percent"


class ExcludeRule(_Rule):
    """Context that makes a number not a quantity.

    position "before": the words right before the number ("Python 3.11", "Q3", "Year 9");
    "after": right after it ("9 am", "3 o'clock"); "at": the number's own tokens ("24/7").
    """

    type: Literal["exclude"]
    forms: list[Phrase] = Field(min_length=1)
    position: Literal["before", "after", "at"]
    reason: str
    # "always"; "year": only for a year-like number (1900-2099, no comma or decimals);
    # "day_or_year": only for a day of the month (1-31) or a year ("3 March", "May 2021").
    when: Literal["always", "year", "day_or_year"] = "always"


class NounRule(_Rule):
    """Object nouns after a count.

    role "list": a list count, not a quantity ("two priorities"); "head": a noun that ends the
    object phrase (irregular plurals: "people", "staff", "children"); "stop": a word that
    never belongs to the object phrase (common verbs after a count: "left", "said").
    """

    type: Literal["noun"]
    forms: list[Phrase] = Field(min_length=1)
    role: Literal["list", "head", "stop", "person"]


class RoleCueRule(_Rule):
    """Words that make a quantity a result (weight added) or context (weight subtracted).

    scope "near": the quantity's own tokens and the four before it; "sentence": its sentence.
    """

    type: Literal["role_cue"]
    forms: list[Phrase] = Field(min_length=1)
    role: Literal["result", "context"]
    scope: Literal["near", "sentence"] = "sentence"
    weight: float = Field(1.0, ge=0)


class RolePriorRule(_Rule):
    """The score a quantity starts from, by the role of its sentence (`sent._.star_role`)."""

    type: Literal["role_prior"]
    sentence_role: Literal["situation", "task", "action", "result", "other"]
    weight: float


class RoleFeatureRule(_Rule):
    """A weight for a property of the quantity itself.

    bias: always; changed: a change is stated (before/after or relative change); after: an
    after value ("down to 600ms"); team: a context affix ("a team of"); person: a count of
    people ("four nurses").
    """

    type: Literal["role_feature"]
    feature: Literal["bias", "changed", "after", "team", "person"]
    weight: float


QuantityRule = Annotated[
    MetaRule | UnitRule | ScaleRule | CurrencyRule | PeriodRule | ApproxRule | AffixRule
    | ArticleDurationRule | ChangeRule | MultiplierRule | FractionRule | ExcludeRule | NounRule | RoleCueRule
    | RolePriorRule | RoleFeatureRule,
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- tradeoffs
TradeoffKind = Literal["explicit", "alternative", "concession", "balancing"]
TRADEOFF_KINDS = ("explicit", "alternative", "concession", "balancing")


class TradeoffCueRule(_Rule):
    """A cue phrase with a category.

    A cue whose category is a tradeoff kind ("explicit", "alternative", "concession",
    "balancing") and whose strength is "strong" marks its sentence on its own. Any other
    category ("contrast", "cost", "benefit", "decision", "alt", ...) is evidence that combo
    rules combine; "negative" cues (rhetorical contrasts, "but too late") cancel evidence and
    any strong cue they overlap. `hint` names the kind of a sentence the classifier marks when
    no rule does and the sentence has no strong cue, no cue named after a kind and no category
    of a combo rule (see `fallback_kind`); so a hint on a category a combo uses is refused.
    """

    type: Literal["cue"]
    forms: list[Phrase] = Field(min_length=1)
    category: str = Field(pattern=r"^[a-z_]+$")
    strength: Literal["strong", "weak"] = "weak"
    hint: TradeoffKind | None = None

    @model_validator(mode="after")
    def _strong_is_a_kind(self) -> TradeoffCueRule:
        if self.strength == "strong" and self.category not in TRADEOFF_KINDS:
            raise ValueError(f"a strong cue must have a tradeoff kind as category: {TRADEOFF_KINDS}")
        return self


class ComboRule(_Rule):
    """A sentence with cues of every category in `all` (and no negative cue) is a tradeoff."""

    type: Literal["combo"]
    kind: TradeoffKind
    all: list[str] = Field(min_length=1)
    # when set (one of `all`): the other categories must sit on both sides of one of its cues,
    # e.g. a cost before "but" and a benefit after it, or the other way round
    split_by: str | None = None

    @model_validator(mode="after")
    def _split_in_all(self) -> ComboRule:
        if self.split_by is not None and (self.split_by not in self.all or len(self.all) < 3):
            raise ValueError("split_by must be one of `all`, with two other categories")
        return self


TradeoffRule = Annotated[MetaRule | TradeoffCueRule | ComboRule, Field(discriminator="type")]

_QUANTITY_ADAPTER: TypeAdapter = TypeAdapter(QuantityRule)
_TRADEOFF_ADAPTER: TypeAdapter = TypeAdapter(TradeoffRule)


def parse_rule_lines(lines: Iterable[str], source: str, adapter: TypeAdapter) -> list:
    """Validate JSONL rule lines; a bad line raises ModelFileError naming `source` and line."""
    rules = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            rules.append(adapter.validate_python(json.loads(stripped)))
        except json.JSONDecodeError as error:
            raise ModelFileError(f"{source}:{number}: not valid JSON: {error}") from error
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'rule'}: {e['msg']}"
                for e in error.errors()
            )
            raise ModelFileError(f"{source}:{number}: invalid rule: {problems}") from error
    if not rules:
        raise ModelFileError(f"{source}: no rules")
    return rules


def read_rule_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ModelFileError(f"pattern file missing: {path}") from error


def parse_quantity_rules(text: str, source: str) -> list:
    return parse_rule_lines(text.splitlines(), source, _QUANTITY_ADAPTER)


def parse_tradeoff_rules(text: str, source: str) -> list:
    rules = parse_rule_lines(text.splitlines(), source, _TRADEOFF_ADAPTER)
    # a hint applies only where no combo category is present (`fallback_kind`): on a category a
    # combo uses it would never be read, so say so rather than ignore it
    in_combos = {c for rule in rules if isinstance(rule, ComboRule) for c in rule.all}
    hinted = sorted({r.category for r in rules if isinstance(r, TradeoffCueRule) and r.hint} & in_combos)
    if hinted:
        raise ModelFileError(f"{source}: a hint on a category a combo rule uses would never apply: "
                             f"{', '.join(hinted)}")
    return rules


def default_rule_path(name: str) -> Path:
    return pattern_path(name)
