from __future__ import annotations

from starcheck.rubric import RubricConfig
from starcheck.rubric.findings import rule_catalogue


def rules(report):
    return {f.rule for f in report.findings}


def test_every_rule_has_name_severity_message_and_why():
    catalogue = rule_catalogue()
    assert len(catalogue) >= 20
    for rule in catalogue.values():
        assert rule.id.startswith("STAR") and rule.name and rule.message and rule.why
        assert rule.severity in {"info", "warning", "error"}


def test_team_hider_and_fillers(scorer):
    from conftest import EXAMPLES

    report = scorer.score((EXAMPLES / "we-cliffhanger.txt").read_text())
    found = rules(report)
    assert "STAR201" in found  # only "we" in the actions
    assert "STAR602" in found  # um, like, basically
    team = next(f for f in report.findings if f.rule == "STAR201")
    assert "We" in team.message or "we" in team.message


def test_hypothetical_answer_is_flagged(scorer):
    report = scorer.score(
        "If a teammate missed a deadline I would first talk to them privately. "
        "I would ask what got in the way and whether the plan was realistic. "
        "Then I would agree a new date with them and tell the stakeholders.")
    assert report.kind == "approach"
    assert "STAR301" in rules(report)
    assert report.grade not in {"A", "B"}


def test_findings_quote_the_users_words(scorer, good_answer):
    report = scorer.score(good_answer + " Basically, um, it was kind of, like, maybe fine.")
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(good_answer) + 60


def test_ignored_rules_do_not_fire(scorer, good_answer):
    config = RubricConfig.from_mapping({"name": "quiet", "rules": {"ignore": ["STAR"]}})
    from starcheck.rubric import grade

    report = grade(scorer.nlp(good_answer), config)
    assert report.findings == []


SHORT_STORY = (
    "Our nightly build took three hours and often failed. I was asked to make it reliable. "
    "I split the test suite into four parallel jobs and fixed two flaky tests. "
    "The build now takes 40 minutes and has not failed in a month."
)


def test_severity_override(scorer):
    config = RubricConfig.from_mapping({"name": "strict", "rules": {"severity": {"STAR501": "error"}}})
    from starcheck.rubric import grade

    report = grade(scorer.nlp(SHORT_STORY), config)
    assert any(f.rule == "STAR501" and f.severity == "error" for f in report.findings)
