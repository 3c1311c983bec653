"""The documentation site builds with `mkdocs build --strict`: no broken link, anchor or page,
no page left out of the nav, and no stale API name in the mkdocstrings reference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytest.importorskip("mkdocs", reason="mkdocs is not installed (it is in the test extra: pip install '.[test]')")
pytest.importorskip("mkdocstrings", reason="mkdocstrings is not installed (it is in the test extra)")

ROOT = Path(__file__).resolve().parents[2]


def build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_site_builds_strict_without_warnings(tmp_path):
    result = build(ROOT / "mkdocs.yml", tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "WARNING" not in log and "ERROR" not in log, log
    assert (tmp_path / "site" / "reference" / "index.html").is_file()
    reference = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    for name in ("starcheck.Scorer", "starcheck.Report", "starcheck.RubricConfig", "starcheck.batch.grade_frame",
                 "starcheck.dask.grade", "starcheck.InputError", "schema_version"):
        assert name in reference, name


def test_every_page_is_in_the_nav():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(node) -> set[str]:
        if isinstance(node, str):
            return {node}
        if isinstance(node, list):
            return set().union(*(pages(item) for item in node))
        if isinstance(node, dict):
            return set().union(*(pages(value) for value in node.values()))
        return set()

    assert {path.name for path in (ROOT / "docs").glob("*.md")} <= pages(config["nav"])


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("::: starcheck.NoSuchName\n", "NoSuchName"),
        ("See [a missing page](no-such-page.md).\n", "no-such-page.md"),
        ("See [a missing anchor](other.md#no-such-heading).\n", "no-such-heading"),
    ],
    ids=["stale-api-name", "broken-link", "broken-anchor"],
)
def test_strict_build_fails_on(tmp_path, page, problem):
    """The settings of mkdocs.yml, on a two-page site with one problem: the build must fail."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n" + page, encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## A heading\n", encoding="utf-8")
    config["docs_dir"] = str(docs)
    config["nav"] = ["index.md", "other.md"]
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mkdocstrings" in plugin:
            plugin["mkdocstrings"]["handlers"]["python"]["paths"] = [str(ROOT / "src")]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = build(config_file, tmp_path / "site")
    assert result.returncode != 0, result.stdout + result.stderr
    assert problem in result.stdout + result.stderr
