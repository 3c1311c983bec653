"""Model files and rule data are checked on load; no code runs from data; paths stay put."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import starcheck
from starcheck.components import data_files
from starcheck.components.data_files import (
    RULE_DATA_MANIFEST,
    compute_rule_manifest,
    read_rule_manifest,
    rule_data_files,
    verify_rule_data,
)
from starcheck.errors import ModelFileError
from starcheck.learn.artifacts import default_model_dir

SRC = Path(starcheck.__file__).resolve().parent
MODEL_FILES = sorted(json.loads((default_model_dir() / "manifest.json").read_text())["files"])


@pytest.fixture()
def model_copy(tmp_path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(default_model_dir(), target)
    return target


# -- model files -------------------------------------------------------------------------------

def test_an_intact_copy_of_the_models_loads(model_copy, scorer):
    text = "I fixed the build. It got 20% faster."
    assert starcheck.Scorer(model_dir=model_copy).score(text) == scorer.score(text)


@pytest.mark.parametrize("name", MODEL_FILES)
def test_a_corrupt_model_file_is_refused_naming_it(model_copy, name):
    path = model_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match=rf"does not match its checksum: .*{re.escape(name)}"):
        starcheck.Scorer(model_dir=model_copy)


@pytest.mark.parametrize("name", MODEL_FILES)
def test_a_truncated_model_file_is_refused_naming_it(model_copy, name):
    path = model_copy / name
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ModelFileError, match=re.escape(name)):
        starcheck.Scorer(model_dir=model_copy)


@pytest.mark.parametrize("name", MODEL_FILES)
def test_a_missing_model_file_is_refused_naming_it(model_copy, name):
    (model_copy / name).unlink()
    with pytest.raises(ModelFileError, match=rf"missing: .*{re.escape(name)}"):
        starcheck.Scorer(model_dir=model_copy)


@pytest.mark.parametrize("content", [None, "", "{not json", '{"files": {}}', '["a list"]'])
def test_a_missing_or_broken_model_manifest_is_refused_naming_it(model_copy, content):
    manifest = model_copy / "manifest.json"
    if content is None:
        manifest.unlink()
    else:
        manifest.write_text(content)
    with pytest.raises(ModelFileError, match=re.escape(str(manifest))):
        starcheck.Scorer(model_dir=model_copy)


def test_a_model_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="nowhere"):
        starcheck.Scorer(model_dir=tmp_path / "nowhere")


# -- rule data (patterns, rubric TOML) -----------------------------------------------------------

def test_the_rule_data_manifest_is_up_to_date():
    """Fails after an edit of a pattern or rubric file: refresh with
    `python -m starcheck.components.data_files --write` (docs/limits.md)."""
    manifest = read_rule_manifest(data_files.package_root())
    assert manifest == compute_rule_manifest(), "run: python -m starcheck.components.data_files --write"
    assert set(manifest) >= {"patterns/cues.json", "patterns/quantities.jsonl", "patterns/sentences.json",
                             "patterns/tradeoffs.jsonl", "rubric/rules.toml", "rubric/lexicon.toml",
                             "rubric/profiles/default.toml"}
    verify_rule_data()
    assert data_files.main([]) == 0


@pytest.fixture()
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the package's rule data and manifest, which `pattern_path` then reads."""
    root = tmp_path / "starcheck"
    for name in [*rule_data_files(), RULE_DATA_MANIFEST]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SRC / name, root / name)
    monkeypatch.setattr(data_files, "package_root", lambda: root)
    return root


def test_a_copy_of_the_rule_data_verifies(package_copy):
    verify_rule_data(package_copy)
    assert data_files.pattern_path("cues.json") == package_copy / "patterns" / "cues.json"


@pytest.mark.parametrize("name", sorted(json.loads((SRC / RULE_DATA_MANIFEST).read_text())["files"]))
def test_a_corrupt_or_missing_rule_data_file_is_refused_naming_it(package_copy, name):
    path = package_copy / name
    original = path.read_bytes()
    path.write_bytes(original + b"\n# appended\n")
    with pytest.raises(ModelFileError, match=rf"does not match its checksum: .*{re.escape(name)}.*--write"):
        verify_rule_data(package_copy)
    with pytest.raises(ModelFileError, match=re.escape(name)):
        starcheck.Scorer()  # Scorer() checks the rule data before reading it
    if name.startswith("patterns/"):
        with pytest.raises(ModelFileError, match=re.escape(name)):
            data_files.pattern_path(name.removeprefix("patterns/"))
    path.unlink()
    with pytest.raises(ModelFileError, match=rf"missing: .*{re.escape(name)}"):
        verify_rule_data(package_copy)


def test_an_unlisted_rule_data_file_is_refused(package_copy):
    (package_copy / "rubric" / "profiles" / "sneaky.toml").write_text('name = "sneaky"\n')
    with pytest.raises(ModelFileError, match=r"not listed in .*rule_data\.json: .*sneaky\.toml"):
        verify_rule_data(package_copy)


def test_a_missing_rule_data_manifest_is_refused(package_copy):
    (package_copy / RULE_DATA_MANIFEST).unlink()
    with pytest.raises(ModelFileError, match=r"rule data manifest missing"):
        verify_rule_data(package_copy)


def test_writing_the_manifest_makes_an_edit_verify(package_copy):
    (package_copy / "patterns" / "cues.json").write_text("{}\n")
    with pytest.raises(ModelFileError):
        verify_rule_data(package_copy)
    data_files.write_rule_manifest(package_copy)
    verify_rule_data(package_copy)


# -- no code from data --------------------------------------------------------------------------

FORBIDDEN = {
    "pickle": re.compile(r"\b(c?pickle|dill|cloudpickle|joblib|shelve|marshal)\b"),
    "eval/exec": re.compile(r"(?<![\w.])(eval|exec)\s*\("),
    "yaml.load": re.compile(r"yaml\.(load|unsafe_load|full_load)\s*\("),
    "allow_pickle": re.compile(r"allow_pickle\s*=\s*True"),
    "torch.load": re.compile(r"torch\.load\s*\("),
    "__import__": re.compile(r"__import__\s*\(|importlib\.import_module\s*\("),
}


def code_lines(path: Path) -> list[tuple[int, str]]:
    """Lines of code with comments and docstrings left out (a mention is not a use)."""
    import ast
    import io
    import tokenize

    source = path.read_text(encoding="utf-8")
    docstrings = {node.body[0].value.lineno for node in ast.walk(ast.parse(source))
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str)}
    kept: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        if token.type == tokenize.STRING and token.start[0] in docstrings:
            continue
        kept[token.start[0]] = kept.get(token.start[0], "") + " " + token.string
    return sorted(kept.items())


def test_the_scanner_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""pickle in a docstring is fine."""\nimport pickle  # eval( in a comment is fine\n'
                   "x = eval('1')\nnp.load(p, allow_pickle=True)\n")
    found = {name for _, line in code_lines(bad) for name, rx in FORBIDDEN.items() if rx.search(line)}
    assert found == {"pickle", "eval/exec", "allow_pickle"}


def test_no_pickle_eval_exec_or_unsafe_yaml_in_the_package():
    hits = [f"{path.relative_to(SRC)}:{number}: {line.strip()}"
            for path in sorted(SRC.rglob("*.py")) for number, line in code_lines(path)
            for rx in FORBIDDEN.values() if rx.search(line)]
    assert not hits, "\n".join(hits)


def test_npz_model_files_are_loaded_without_pickle():
    import numpy as np

    for name in MODEL_FILES:
        if name.endswith(".npz"):
            with np.load(default_model_dir() / name, allow_pickle=False) as data:
                assert all(data[key].dtype != object for key in data.files), name


def test_toml_is_parsed_with_tomllib():
    for module in ("rubric/config.py", "rubric/findings.py", "rubric/lexicon.py"):
        source = (SRC / module).read_text(encoding="utf-8")
        assert "tomllib.loads" in source or "tomllib.load(" in source, module
        assert not re.search(r"^\s*import toml\b|^\s*from toml\b", source, re.M), module


def test_a_model_manifest_cannot_point_outside_its_folder(model_copy, tmp_path):
    (tmp_path / "outside.npz").write_bytes(b"x")
    manifest = json.loads((model_copy / "manifest.json").read_text())
    manifest["files"]["../outside.npz"] = "0" * 64
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match=r"'\.\./outside\.npz' is not a file name"):
        starcheck.Scorer(model_dir=model_copy)
