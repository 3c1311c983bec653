"""CHANGELOG.md follows Keep a Changelog, and its newest version is the package's version."""

from __future__ import annotations

import re
from pathlib import Path

import starcheck

CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>.+))?$", re.MULTILINE)
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")
SECTIONS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def releases() -> list[re.Match]:
    return [m for m in HEADING.finditer(CHANGELOG.read_text(encoding="utf-8")) if m["version"] != "Unreleased"]


def test_top_version_is_the_package_version():
    found = releases()
    assert found, "CHANGELOG.md has no '## [x.y.z] - date' heading"
    assert found[0]["version"] == starcheck.__version__


def test_versions_are_semantic_dated_and_descending():
    found = releases()
    versions = [tuple(int(part) for part in m["version"].split("-")[0].split(".")) for m in found]
    for match in found:
        assert SEMVER.match(match["version"]), match[0]
        assert match["date"] == "Unreleased" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", match["date"] or ""), match[0]
    assert versions == sorted(versions, reverse=True)
    assert all(m["date"] != "Unreleased" for m in found[1:]), "only the newest version may be unreleased"


def test_only_keep_a_changelog_sections():
    text = CHANGELOG.read_text(encoding="utf-8")
    assert set(re.findall(r"^### (.+)$", text, re.MULTILINE)) <= SECTIONS


def test_the_report_schema_version_is_stated():
    text = CHANGELOG.read_text(encoding="utf-8")
    newest = text[releases()[0].end():]
    assert f"schema version **{starcheck.REPORT_SCHEMA_VERSION}**" in newest.split("\n## ")[0]
