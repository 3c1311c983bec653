"""The trained model files in `models/`: where they are, and loading them only when intact.

`manifest.json` lists every file with its SHA-256; a file that is missing or does not match
raises `ModelFileError` naming it, before numpy reads a byte of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..components.data_files import read_json, sha256_file
from ..errors import ModelFileError
from .kind_model import KindClassifier
from .role_model import RoleTagger

MANIFEST = "manifest.json"
ROLE_FILE = "roles.npz"
KIND_FILE = "kind.npz"


def default_model_dir() -> Path:
    """The installed package's `starcheck/models`, or `models/` of a source checkout."""
    installed = Path(str(resources.files("starcheck") / "models"))
    if (installed / MANIFEST).exists():
        return installed
    return Path(__file__).resolve().parents[3] / "models"


@dataclass(frozen=True)
class Models:
    roles: RoleTagger
    kind: KindClassifier
    manifest: dict[str, Any]

    @property
    def cue_categories(self) -> list[str]:
        return list(self.manifest["featurizer"]["cue_categories"])


def verify(model_dir: Path) -> dict[str, Any]:
    """Check every file named in the manifest against its checksum; return the manifest."""
    manifest = read_json(model_dir / MANIFEST)
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not files or not all(isinstance(v, str) for v in files.values()):
        raise ModelFileError(f"{model_dir / MANIFEST}: no 'files' table of file name -> SHA-256 "
                             "(corrupt or edited; rebuild with `starcheck train`)")
    for name, expected in sorted(files.items()):
        path = model_dir / name
        if Path(name).name != name:
            raise ModelFileError(f"{model_dir / MANIFEST}: {name!r} is not a file name in {model_dir}")
        if not path.is_file():
            raise ModelFileError(f"model file missing: {path}")
        if sha256_file(path) != expected:
            raise ModelFileError(
                f"model file does not match its checksum: {path} "
                "(corrupt or edited; rebuild with `starcheck train`)"
            )
    return manifest


def load_models(model_dir: Path | None = None) -> Models:
    model_dir = Path(model_dir) if model_dir else default_model_dir()
    manifest = verify(model_dir)
    try:
        return Models(
            roles=RoleTagger.load(model_dir / ROLE_FILE),
            kind=KindClassifier.load(model_dir / KIND_FILE),
            manifest=manifest,
        )
    except (KeyError, ValueError, OSError) as error:
        raise ModelFileError(f"cannot read the model in {model_dir}: {error}") from error
