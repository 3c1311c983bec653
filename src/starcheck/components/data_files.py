"""Where starcheck's packaged data lives, and loading it safely (checksums, clear errors).

The rule data shipped inside the package (`patterns/*.json`, `patterns/*.jsonl`,
`rubric/*.toml`, `rubric/profiles/*.toml`) is listed with its SHA-256 in
`starcheck/rule_data.json`. `pattern_path` checks a pattern file before a component reads it,
and `verify_rule_data` (called by `Scorer()`) checks them all, so an edited, truncated or missing
file stops the load with a `ModelFileError` naming it instead of silently changing grades.

After an intended edit of a rule data file, refresh the manifest:

    python -m starcheck.components.data_files --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelFileError

RULE_DATA_MANIFEST = "rule_data.json"
RULE_DATA_GLOBS = ("patterns/*.json", "patterns/*.jsonl", "rubric/*.toml", "rubric/profiles/*.toml")
REFRESH_HINT = "after an intended edit run `python -m starcheck.components.data_files --write`"


def package_root() -> Path:
    """The installed `starcheck` package folder."""
    return Path(str(resources.files("starcheck")))


def pattern_path(name: str) -> Path:
    """A rule data file shipped in `starcheck/patterns/`, checked against the manifest."""
    root = package_root()
    path = root / "patterns" / name
    verify_rule_file(root, f"patterns/{name}")
    return path


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


# -- the rule data manifest --------------------------------------------------------------------

def rule_data_files(root: Path | None = None) -> list[str]:
    """The rule data files present under `root` (default: the package), as sorted relative paths."""
    root = root or package_root()
    return sorted({p.relative_to(root).as_posix() for pattern in RULE_DATA_GLOBS for p in root.glob(pattern)})


def compute_rule_manifest(root: Path | None = None) -> dict[str, str]:
    """{relative path: sha256} of every rule data file under `root`."""
    root = root or package_root()
    return {name: sha256_file(root / name) for name in rule_data_files(root)}


def read_rule_manifest(root: Path) -> dict[str, str]:
    path = root / RULE_DATA_MANIFEST
    files = read_json(path).get("files") if path.is_file() else None
    if not path.is_file():
        raise ModelFileError(f"rule data manifest missing: {path} ({REFRESH_HINT})")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise ModelFileError(f"{path}: no 'files' table of name -> sha256 ({REFRESH_HINT})")
    return files


def verify_rule_file(root: Path, name: str, manifest: dict[str, str] | None = None) -> None:
    """Check one rule data file (path relative to `root`) against the manifest."""
    manifest = read_rule_manifest(root) if manifest is None else manifest
    path = root / name
    expected = manifest.get(name)
    if expected is None:
        raise ModelFileError(f"rule data file not listed in {root / RULE_DATA_MANIFEST}: {path} ({REFRESH_HINT})")
    if not path.is_file():
        raise ModelFileError(f"rule data file missing: {path} (reinstall starcheck)")
    if sha256_file(path) != expected:
        raise ModelFileError(f"rule data file does not match its checksum: {path} "
                             f"(corrupt or edited; reinstall starcheck, or {REFRESH_HINT})")


def verify_rule_data(root: Path | None = None) -> None:
    """Check every rule data file: each listed one present and intact, none unlisted."""
    root = root or package_root()
    manifest = read_rule_manifest(root)
    for name in sorted(set(manifest) | set(rule_data_files(root))):
        verify_rule_file(root, name, manifest)


def write_rule_manifest(root: Path | None = None) -> Path:
    """Rewrite the manifest from the files as they are now (after an intended edit)."""
    root = root or package_root()
    path = root / RULE_DATA_MANIFEST
    path.write_text(json.dumps({"files": compute_rule_manifest(root)}, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """`--write`: refresh the manifest; no argument: check it (exit 1 naming the first bad file)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--write"]:
        print(f"wrote {write_rule_manifest()}")
        return 0
    if argv:
        print("usage: python -m starcheck.components.data_files [--write]", file=sys.stderr)
        return 2
    try:
        verify_rule_data()
    except ModelFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"rule data ok ({len(rule_data_files())} files)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
