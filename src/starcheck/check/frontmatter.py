"""Curated answer files: one answer per Markdown file, settings in a front matter block.

The front matter is YAML between `---` lines or TOML between `+++` lines, at the very top of
the file. The answer text is the body after it, verbatim (leading and trailing whitespace
aside), so a finding's offset into the answer maps 1:1 onto the file: `body_offset + start`.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .._toml import tomllib
from ..report import Kind
from .errors import CheckInputError

Grade = Literal["A", "B", "C", "D", "F"]
FailLevel = Literal["info", "warning", "error", "none"]
GRADES: tuple[str, ...] = ("F", "D", "C", "B", "A")  # worst to best: index is the rank
_DELIMITERS = {"---": "yaml", "+++": "toml"}
_RULE_ID = re.compile(r"^STAR\d{1,3}$")


def grade_rank(grade: str) -> int:
    """0 for F up to 4 for A, so that grades compare as numbers."""
    return GRADES.index(grade)


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(_Strict):
    """What must hold for the answer besides its bar: a regression test for the grader."""

    fires: list[str] = Field(default_factory=list, description="rule ids (or prefixes) that must fire")
    absent: list[str] = Field(default_factory=list, description="rule ids (or prefixes) that must not fire")
    kind: Kind | None = Field(None, description="the answer kind the model must see")
    max_grade: Grade | None = Field(None, description="the best grade allowed (keeps a weak example weak)")

    _max_grade_upper = field_validator("max_grade", mode="before")(_upper)

    @field_validator("fires", "absent", mode="before")
    @classmethod
    def _rule_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            from ..rubric.findings import rule_catalogue

            known = rule_catalogue()
            for item in value:
                if not isinstance(item, str) or not _RULE_ID.match(item.strip().upper()):
                    raise ValueError(f"{item!r} is not a rule id like STAR104")
                if not any(rule.startswith(item.strip().upper()) for rule in known):
                    raise ValueError(f"unknown rule {item!r} (see docs/rubric.md for the rule ids)")
            value = [item.strip().upper() for item in value]
        return value


class FrontMatter(_Strict):
    """The settings of one curated answer (unknown keys are errors: they are usually typos)."""

    question: str = Field(min_length=1, description="the interview question the answer replies to")
    min_grade: Grade | None = Field(None, description="the lowest passing grade (overrides --min-grade)")
    min_score: float | None = Field(None, ge=0, le=100, description="the lowest passing score")
    rubric: str | None = Field(None, description="profile name or TOML path (relative to this file)")
    fail_level: FailLevel | None = Field(None, description="findings at or above this severity fail")
    ignore: list[str] = Field(default_factory=list, description="rule ids (or prefixes) to ignore here")
    expect: Expect = Field(default_factory=Expect)
    # Free-form metadata for humans and docs sites; starcheck does not read it.
    title: str | None = None
    tags: list[str] = Field(default_factory=list)
    notes: str | None = None

    _min_grade_upper = field_validator("min_grade", mode="before")(_upper)

    @field_validator("fail_level", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("ignore", "tags", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


@dataclass(frozen=True)
class AnswerFile:
    """A parsed answer file: its settings, the answer text and where that text sits in the file."""

    path: Path
    source: str = field(repr=False)  # the whole file
    meta: FrontMatter
    body_offset: int  # where the answer text starts in `source`
    answer: str
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)  # front matter key -> line

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of a character offset into the answer text."""
        return _position(self.source, self.body_offset + offset)

    def key_line(self, *keys: str) -> int:
        """The line of the first of these front matter keys that is present (else 1)."""
        for key in keys:
            if key in self.key_lines:
                return self.key_lines[key]
        return 1


def _position(source: str, offset: int) -> tuple[int, int]:
    starts = _line_starts(source)
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def _line_starts(source: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", source)]


def has_front_matter(text: str) -> bool:
    """Does the text open with a front matter delimiter (`---` or `+++`)?"""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip()
    return first in _DELIMITERS


def read_answer_file(path: Path) -> AnswerFile:
    """Parse one curated answer file; CheckInputError names the file (and key) on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CheckInputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CheckInputError(f"{path}: not UTF-8 text") from None
    return parse_answer(text, path)


def parse_answer(text: str, path: Path) -> AnswerFile:
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    opener = lines[0].rstrip()
    if opener not in _DELIMITERS:
        raise CheckInputError(f"{path}: no front matter: start the file with a '---' (YAML) or '+++' (TOML) line")
    closers = {opener, "..."} if opener == "---" else {opener}
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in closers)
    except StopIteration:
        raise CheckInputError(f"{path}: front matter opened with {opener!r} on line 1 is never closed") from None
    raw = "\n".join(lines[1:close])
    data = _load(raw, _DELIMITERS[opener], path)
    meta = _validate(data, path)
    body_start = sum(len(line) + 1 for line in lines[: close + 1])
    body = text[body_start:]
    stripped = body.lstrip()
    offset = body_start + len(body) - len(stripped)
    answer = stripped.rstrip()
    if not answer:
        raise CheckInputError(f"{path}: the answer is empty: write it below the front matter")
    return AnswerFile(path=path, source=text, meta=meta, body_offset=offset, answer=answer,
                      key_lines=_key_lines(lines[1:close]))


def _load(raw: str, syntax: str, path: Path) -> dict:
    if syntax == "yaml":
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            problem = getattr(error, "problem", None) or str(error)
            raise CheckInputError(f"{path}: front matter is not valid YAML{where}: {problem}") from None
    else:
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as error:
            raise CheckInputError(f"{path}: front matter is not valid TOML: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CheckInputError(f"{path}: front matter must be a mapping of keys to values, got {type(data).__name__}")
    return data


def _validate(data: dict, path: Path) -> FrontMatter:
    try:
        return FrontMatter.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            key = ".".join(str(part) for part in item["loc"]) or "front matter"
            if item["type"] == "extra_forbidden":
                known = _known_keys(item["loc"])
                close = difflib.get_close_matches(str(item["loc"][-1]), known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
                problems.append(f"key {key!r}: unknown key{hint}")
            elif item["type"] == "missing":
                problems.append(f"key {key!r}: required")
            else:
                message = item["msg"].removeprefix("Value error, ")
                problems.append(f"key {key!r}: {message} (got {item.get('input')!r})")
        raise CheckInputError(f"{path}: invalid front matter: " + "; ".join(problems)) from None


def _known_keys(loc: tuple) -> list[str]:
    model: type[BaseModel] = Expect if loc and loc[0] == "expect" and len(loc) > 1 else FrontMatter
    return list(model.model_fields)


def _key_lines(lines: list[str]) -> dict[str, int]:
    """Top-level key -> 1-based file line, so a failed bar can point at `min_grade:`."""
    out: dict[str, int] = {}
    for number, line in enumerate(lines, start=2):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*[:=]", line) or re.match(r"^\[([A-Za-z_][\w-]*)\]", line)
        if match:
            out.setdefault(match.group(1), number)
    return out
