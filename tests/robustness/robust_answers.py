"""Answers written for the robustness tests: varied, generated from small parts (no corpus text)."""

from __future__ import annotations

import random

SITUATIONS = [
    "Our {team} team kept missing the {metric} target for {n} weeks.",
    "When I joined {company}, nobody owned the {system} and it broke every {period}.",
    "Last {season} the {system} at {company} slowed to {n} seconds per request.",
    "The {team} group had {n} open complaints and a deadline in {m} days.",
]
TASKS = [
    "I was asked to bring the {metric} back on track.",
    "My job was to make the {system} reliable before the {season} rush.",
    "I had to cut the backlog without hiring anyone.",
]
ACTIONS = [
    "I mapped every step of the {system} and removed {m} manual checks.",
    "I paired with {name} to rewrite the {system} alerts, choosing fewer but sharper ones over full coverage.",
    "I set up a weekly review with the {team} leads and tracked each fix in one sheet.",
    "Instead of a rewrite, I patched the two worst paths first because the deadline mattered more than elegance.",
]
RESULTS = [
    "Within {m} weeks the {metric} rose from {n}% to {k}%.",
    "Complaints fell by {k}% and {name} now runs the review.",
    "The {system} has not failed since, and response time dropped to {m} seconds.",
    "We saved about ${n},000 a year.",
]
APPROACH = [
    "I usually start by listening to everyone involved and then I write down the options.",
    "In general I prefer small, reversible changes, and I measure before and after.",
]
FILLS = {
    "team": ["support", "billing", "ward", "sales", "data", "mobile"],
    "metric": ["response-time", "uptime", "conversion", "on-time delivery", "retention"],
    "company": ["Acme", "a regional hospital", "a small bakery chain", "Globex", "the council"],
    "system": ["checkout service", "rota spreadsheet", "deploy pipeline", "stock counter", "intake form"],
    "period": ["week", "month", "release", "shift change"],
    "season": ["winter", "summer", "holiday", "exam"],
    "name": ["Priya", "Tomás", "Jo", "Mei", "Kwame", "Olga"],
}


def fill(template: str, rng: random.Random) -> str:
    values = {key: rng.choice(options) for key, options in FILLS.items()}
    values.update(n=rng.randint(2, 90), m=rng.randint(2, 12), k=rng.randint(10, 99))
    return template.format(**values)


def generated_answer(rng: random.Random) -> str:
    """One answer: a full STAR story, a partial one, an approach answer, or a short line."""
    shape = rng.random()
    if shape < 0.6:
        parts = [SITUATIONS, TASKS, ACTIONS, ACTIONS, RESULTS]
    elif shape < 0.8:
        parts = [SITUATIONS, ACTIONS]
    elif shape < 0.9:
        parts = [APPROACH, APPROACH]
    else:
        parts = [ACTIONS]
    separator = rng.choice([" ", "\n", "\n\n", "  "])
    return separator.join(fill(rng.choice(part), rng) for part in parts)


def generated_answers(count: int, seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    return [generated_answer(rng) for _ in range(count)]
