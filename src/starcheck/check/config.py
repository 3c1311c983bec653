"""`[tool.starcheck]` in pyproject.toml, found by walking up from the working directory (like ruff).

The closest pyproject.toml that has a `[tool.starcheck]` table wins; paths in it are relative to
that file's folder. Keys are kebab-case (`min-grade`); snake_case is accepted too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .._toml import tomllib
from .errors import CheckInputError
from .frontmatter import FailLevel, Grade


class ProjectConfig(BaseModel):
    """The `[tool.starcheck]` table; every key is optional and the CLI overrides each one."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              alias_generator=lambda name: name.replace("_", "-"))

    paths: list[str] = Field(default_factory=list, description="answer files or folders to check")
    min_grade: Grade | None = None
    min_score: float | None = Field(None, ge=0, le=100)
    fail_level: FailLevel | None = None
    ignore: list[str] = Field(default_factory=list)
    rubric: str | None = None
    baseline: str | None = None
    tolerance: float | None = Field(None, ge=0)

    @field_validator("min_grade", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class LoadedConfig(BaseModel):
    config: ProjectConfig = Field(default_factory=ProjectConfig)
    root: Path = Field(default_factory=Path.cwd, description="the folder config paths are relative to")
    source: Path | None = None

    def resolve(self, value: str) -> Path:
        return self.root / value


def find_pyproject(start: Path) -> Path | None:
    """The closest pyproject.toml at or above `start` that has a [tool.starcheck] table."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "starcheck" in _read(candidate).get("tool", {}):
            return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> LoadedConfig:
    """The configuration from `path` (a pyproject.toml), else the one found above `start`/cwd."""
    start = (start or Path.cwd()).resolve()
    if path is None:
        path = find_pyproject(start)
        if path is None:
            return LoadedConfig(root=start)
    elif not path.is_file():
        raise CheckInputError(f"{path}: no such configuration file")
    table = _read(path).get("tool", {}).get("starcheck", {})
    try:
        config = ProjectConfig.model_validate(table)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {'unknown key' if e['type'] == 'extra_forbidden' else e['msg']}"
            for e in error.errors()
        )
        raise CheckInputError(f"{path}: invalid [tool.starcheck]: {problems}") from None
    return LoadedConfig(config=config, root=path.resolve().parent, source=path)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CheckInputError(f"{path}: not valid TOML: {error}") from None
