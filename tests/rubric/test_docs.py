"""docs/rubric.md and docs/configuration.md cover every rule, criterion and configuration key."""

from __future__ import annotations

import re

from conftest import ROOT
from starcheck.rubric import RubricConfig
from starcheck.rubric.config import CRITERIA
from starcheck.rubric.findings import rule_catalogue

RUBRIC_DOC = ROOT / "docs" / "rubric.md"
CONFIG_DOC = ROOT / "docs" / "configuration.md"


def test_rubric_doc_lists_every_rule_with_its_name_and_severity():
    text = RUBRIC_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"STAR\d{3}", text))
    catalogue = rule_catalogue()
    assert set(catalogue) <= documented, sorted(set(catalogue) - documented)
    assert documented <= set(catalogue), sorted(documented - set(catalogue))
    for rule in catalogue.values():
        row = next(line for line in text.splitlines() if line.startswith(f"### {rule.id}"))
        assert rule.name in row and rule.severity in row, row


def test_rubric_doc_describes_every_criterion():
    text = RUBRIC_DOC.read_text(encoding="utf-8")
    for criterion in CRITERIA:
        assert f"`{criterion}`" in text, criterion


def test_configuration_doc_names_every_key_and_profile():
    text = CONFIG_DOC.read_text(encoding="utf-8")
    config = RubricConfig.profile("default").model_dump()
    for table, value in config.items():
        assert f"`{table}`" in text or f"[{table}]" in text, table
        if isinstance(value, dict) and table != "rules":
            for key in value:
                if not key.startswith("STAR"):
                    assert f"`{key}`" in text, f"{table}.{key}"
    for key in ("select", "ignore", "severity", "extends"):
        assert f"`{key}`" in text, key
    for profile in ("default", "senior-engineering", "early-career"):
        assert profile in text
