"""pytest plugin: `pytest --starcheck` collects curated answer files as test items (issue 7)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("starcheck")
    group.addoption("--starcheck", action="store_true", default=False,
                    help="Collect curated answer files (Markdown with front matter) as tests.")
