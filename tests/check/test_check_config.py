"""[tool.starcheck] discovery: the closest pyproject.toml with the table, like ruff."""

from __future__ import annotations

import pytest

from starcheck.check.config import find_pyproject, load_config
from starcheck.check.errors import CheckInputError


def test_walks_up_and_skips_pyprojects_without_the_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.starcheck]\npaths = ["answers"]\nmin-grade = "b"\nfail_level = "warning"\nignore = ["STAR7"]\n',
        encoding="utf-8")
    inner = tmp_path / "pkg" / "sub"
    inner.mkdir(parents=True)
    (tmp_path / "pkg" / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert find_pyproject(inner) == tmp_path / "pyproject.toml"
    loaded = load_config(start=inner)
    assert loaded.root == tmp_path.resolve()
    assert loaded.config.min_grade == "B" and loaded.config.fail_level == "warning"  # kebab or snake case
    assert loaded.config.ignore == ["STAR7"]
    assert loaded.resolve(loaded.config.paths[0]) == tmp_path.resolve() / "answers"


def test_no_configuration_is_fine(tmp_path):
    loaded = load_config(start=tmp_path)
    assert loaded.source is None and loaded.config.paths == [] and loaded.config.min_grade is None


@pytest.mark.parametrize(("table", "expected"), [
    ('min-grde = "B"', "min-grde: unknown key"),
    ('fail-level = "loud"', "fail-level"),
    ("paths = 3", "paths"),
])
def test_bad_keys_name_the_file_and_key(tmp_path, table, expected):
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.starcheck]\n{table}\n", encoding="utf-8")
    with pytest.raises(CheckInputError) as caught:
        load_config(start=tmp_path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


def test_explicit_config_file(tmp_path):
    path = tmp_path / "custom.toml"
    path.write_text('[tool.starcheck]\nrubric = "early-career"\n', encoding="utf-8")
    assert load_config(path).config.rubric == "early-career"
    with pytest.raises(CheckInputError, match="no such configuration file"):
        load_config(tmp_path / "missing.toml")
