"""Where starcheck's packaged data lives, and loading it safely (checksums, clear errors)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelFileError


def pattern_path(name: str) -> Path:
    """A rule data file shipped in `starcheck/patterns/`."""
    return Path(str(resources.files("starcheck") / "patterns" / name))


def read_json(path: Path) -> Any:
    """Parse a JSON data file; a missing or malformed file raises ModelFileError naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelFileError(f"data file missing: {path}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelFileError(f"data file is not valid JSON: {path}: {error}") from error


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
