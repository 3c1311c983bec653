"""`RubricConfig`: the weights, thresholds, grade cut points and rule selection, from TOML.

Profiles ship in `starcheck/rubric/profiles/*.toml`; a user's file may set any subset of keys
and inherits the rest from the profile it names in `extends` (default: "default"). Unknown or
invalid keys raise `RubricError` naming the key.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._toml import tomllib

Severity = Literal["info", "warning", "error"]
CRITERIA = ("structure", "balance", "ownership", "quantified_result", "tradeoffs",
            "specificity", "reflection", "delivery")


class RubricError(ValueError):
    """A rubric file or profile is invalid; the message names the file and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(_Strict):
    structure: float = Field(2.0, ge=0)
    balance: float = Field(1.0, ge=0)
    ownership: float = Field(1.0, ge=0)
    quantified_result: float = Field(1.5, ge=0)
    tradeoffs: float = Field(0.75, ge=0)
    specificity: float = Field(0.75, ge=0)
    reflection: float = Field(0.5, ge=0)
    delivery: float = Field(0.5, ge=0)


class GradeCutoffs(_Strict):
    """Minimum score for each letter; below `D` is `F`."""

    A: float = Field(80.0, ge=0, le=100)
    B: float = Field(65.0, ge=0, le=100)
    C: float = Field(50.0, ge=0, le=100)
    D: float = Field(35.0, ge=0, le=100)

    @model_validator(mode="after")
    def _descending(self) -> GradeCutoffs:
        if not self.A >= self.B >= self.C >= self.D:
            raise ValueError("grade cut points must satisfy A >= B >= C >= D")
        return self


class LengthBand(_Strict):
    min_words: int = Field(100, ge=1, description="below this an answer is short (STAR702)")
    max_words: int = Field(450, ge=1, description="above this an answer is long (STAR701)")
    full_words: int | None = Field(
        None, ge=1, description="the delivery criterion's length fit reaches full marks here (unset: min_words)"
    )
    words_per_minute: float = Field(150.0, gt=0, description="speaking rate for the spoken-time estimate")
    short_words: int = Field(
        50, ge=0, description="an answer under this many words has too little substance for a good grade"
    )
    short_cap: float = Field(50.0, ge=0, le=100, description="the highest score such a short answer can get")

    @model_validator(mode="after")
    def _ordered(self) -> LengthBand:
        if self.min_words >= self.max_words:
            raise ValueError("length.min_words must be below length.max_words")
        if self.short_words > self.min_words:
            raise ValueError("length.short_words must not be above length.min_words")
        if self.full_words is not None and not self.min_words <= self.full_words < self.max_words:
            raise ValueError("length.full_words must be at least length.min_words and below length.max_words")
        return self

    @property
    def full_length(self) -> int:
        """Where the length fit reaches 1: `full_words`, or `min_words` when that is unset."""
        return self.full_words if self.full_words is not None else self.min_words


class Thresholds(_Strict):
    setup_share: float = Field(
        0.5, gt=0, le=1, description="situation+task word share above which an answer is setup-heavy"
    )
    we_penalty: float = Field(0.5, ge=0, le=1, description="how much an all-'we' action part costs (0: none)")
    rambling_sentence_words: int = Field(45, ge=10)
    hedges_per_100_words: float = Field(1.5, ge=0)
    fillers_per_100_words: float = Field(1.5, ge=0)
    vague_per_100_words: float = Field(1.0, ge=0)


class KindCaps(_Strict):
    """The highest score an answer of each kind can get (an approach is never an A or B)."""

    approach: float = Field(60.0, ge=0, le=100, description="a general or hypothetical answer")
    not_an_answer: float = Field(20.0, ge=0, le=100, description="text that is not an answer")
    stuffed: float = Field(
        30.0, ge=0, le=100,
        description="an answer with two or more signs of keyword stuffing (rule STAR606)",
    )


class RuleSelection(_Strict):
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        def hit(patterns: list[str]) -> bool:
            return any(p == "ALL" or rule_id.startswith(p) for p in patterns)
        return hit(self.select) and not hit(self.ignore)


class RubricConfig(_Strict):
    """A complete rubric: what each criterion weighs, the letter cut points, caps and rules.

    Frozen; build one with `RubricConfig.profile(name)`, `RubricConfig.from_toml(path)` or
    `RubricConfig.from_mapping(dict)` (all merge over a shipped profile), and pass it, a profile
    name or a TOML path to `Scorer(rubric=...)`. Every key: docs/configuration.md.
    """

    name: str = "default"
    description: str = ""
    weights: Weights = Field(default_factory=Weights)
    grades: GradeCutoffs = Field(default_factory=GradeCutoffs)
    length: LengthBand = Field(default_factory=LengthBand)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    kind_caps: KindCaps = Field(default_factory=KindCaps)
    rules: RuleSelection = Field(default_factory=RuleSelection)

    def letter(self, score: float) -> str:
        """The letter grade for a 0-100 score under these cut points."""
        for letter in ("A", "B", "C", "D"):
            if score >= getattr(self.grades, letter):
                return letter
        return "F"

    # -- loading --------------------------------------------------------------------
    @classmethod
    def profile(cls, name: str = "default") -> RubricConfig:
        """A shipped profile by name (see `profile_names()`)."""
        path = _profile_dir() / f"{name}.toml"
        if not path.is_file():
            raise RubricError(f"no rubric profile {name!r}; shipped: {', '.join(profile_names())}")
        return cls.from_toml(path)

    @classmethod
    def from_toml(cls, path: str | Path) -> RubricConfig:
        """A rubric from a TOML file, merged over the profile its `extends` names (default: "default").

        Raises RubricError naming the file and the key when the file is missing or invalid.
        """
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise RubricError(f"rubric file not found: {path}") from error
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise RubricError(f"{path}: not valid TOML: {error}") from error
        return cls.from_mapping(data, source=str(path))

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "<rubric>") -> RubricConfig:
        """A rubric from a dict shaped like the TOML file (tables as nested dicts), merged the same way."""
        data = dict(data)
        base_name = data.pop("extends", None)
        if base_name is None and data.get("name") != "default":
            base_name = "default"
        if base_name is not None and not isinstance(base_name, str):
            raise RubricError(f"{source}: invalid rubric: extends: must be a profile name, got {base_name!r}")
        try:
            base = cls.profile(base_name).model_dump() if base_name else {}
        except RubricError as error:
            raise RubricError(f"{source}: invalid rubric: extends: {error}") from None
        merged = _deep_merge(base, data)
        try:
            return cls.model_validate(merged)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
            )
            raise RubricError(f"{source}: invalid rubric: {problems}") from None

    def to_toml(self) -> str:
        """The effective configuration as TOML (`starcheck rubric show`)."""
        return _to_toml(self.model_dump())


def profile_names() -> list[str]:
    """The names of the shipped rubric profiles, sorted."""
    return sorted(p.stem for p in _profile_dir().glob("*.toml"))


def _profile_dir() -> Path:
    return Path(str(resources.files("starcheck") / "rubric" / "profiles"))


def _deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _to_toml(data: dict, prefix: str = "") -> str:
    scalars, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            scalars.append(f"{key} = {_toml_value(value)}")
    out = []
    if prefix and scalars:
        out.append(f"[{prefix}]")
    out += scalars
    for key, value in tables:
        name = f"{prefix}.{key}" if prefix else key
        if all(not isinstance(v, dict) for v in value.values()):
            out.append("")
            out.append(f"[{name}]")
            out += [f"{k} = {_toml_value(v)}" for k, v in value.items()]
        else:
            out.append("")
            out.append(_to_toml(value, name))
    return "\n".join(out).strip() + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
