"""Peak memory of `starcheck grade` (a subprocess), JSONL -> JSONL, on 10k vs 100k generated rows.

Target: the same peak within 10% (streaming, constant memory) and under 300 MB. Prints MB and
ratios, not pass/fail. The rows are generated here from sentences written for this bench
(varied names and numbers, so that the vocabulary keeps growing as it would on real data),
with about 1% error rows (empty, null, missing field).

    python bench/memory.py [--rows 10000 100000] [--n-process 1] [--keep DIR]

Peak RSS comes from wait4() on the child: with --n-process > 1 it is the largest single
process (the parent or one worker), not their sum.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SITUATIONS = [
    "Our {team} team was missing its {metric} target for {n} weeks in a row.",
    "At {company}, the {system} kept failing during the {season} peak.",
    "When I joined {company} as a {role}, nobody owned the {system}.",
    "Last {season} our {metric} had slipped to {pct} percent and customers were complaining.",
    "The {team} ward was short of {n} nurses on night shifts.",
    "A key client at {company} threatened to leave after {n} late deliveries.",
]
TASKS = [
    "I was asked to bring the {metric} back on track before the {season} review.",
    "My job was to fix the {system} without adding headcount.",
    "I had to get {n} teams to agree on one process.",
    "The manager gave me {n} weeks to find the cause.",
]
ACTIONS = [
    "I mapped every step of the {system} and found {n} manual handoffs.",
    "I interviewed {n} colleagues and wrote down where work was waiting.",
    "I automated the {system} checks instead of hiring, which cost us some flexibility.",
    "I set up a weekly review with {name} and the {team} leads.",
    "I rewrote the handover sheet and trained {n} people on it.",
    "We chose a simpler design over the faster one, because the team could maintain it.",
    "I built a dashboard so that {name} could see the {metric} every morning.",
]
RESULTS = [
    "Within {n} weeks the {metric} improved from {pct} percent to {pct2} percent.",
    "Errors fell by {pct} percent and {name} adopted the process across {company}.",
    "We saved about ${money} a year and the {system} has not failed since.",
    "The backlog went from {big} items to {n} in a month.",
    "Customer complaints dropped by half over the next quarter.",
]
REFLECTIONS = [
    "Next time I would involve {name} earlier.",
    "I learned to measure before changing anything.",
    "",
]
FILL = {
    "team": ["platform", "billing", "night", "support", "sales", "data", "oncology", "warehouse"],
    "metric": ["on-time delivery", "response time", "conversion", "first-call resolution", "uptime"],
    "company": ["Northwind", "Acme Health", "Blue Finch Bank", "Harbor Retail", "Juniper Schools"],
    "system": ["release pipeline", "rota", "invoice run", "stock count", "onboarding checklist"],
    "season": ["spring", "summer", "autumn", "winter", "holiday"],
    "role": ["analyst", "charge nurse", "team lead", "store manager", "teacher"],
}


def answer(rng: random.Random, i: int) -> str:
    names = ["Priya", "Tomasz", "Amara", "Diego", "Mei", "Oluwaseun", "Hannah", f"Client{i % 997}"]
    parts = [rng.choice(SITUATIONS)]
    if rng.random() < 0.8:
        parts.append(rng.choice(TASKS))
    parts += rng.sample(ACTIONS, rng.randint(1, 3))
    if rng.random() < 0.85:
        parts.append(rng.choice(RESULTS))
    parts.append(rng.choice(REFLECTIONS))
    values = {key: rng.choice(options) for key, options in FILL.items()}
    values.update(n=rng.randint(2, 12), pct=rng.randint(5, 60), pct2=rng.randint(61, 99),
                  money=f"{rng.randint(5, 400)},000", big=rng.randint(200, 5000), name=rng.choice(names))
    # A unique token per answer: the vocabulary grows as it does on real text.
    values["company"] = f"{values['company']} {i:x}"
    return " ".join(p.format(**values) for p in parts if p)


def write_rows(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(rows):
            roll = rng.random()
            if roll < 0.004:
                record = {"id": i, "answer": ""}
            elif roll < 0.007:
                record = {"id": i, "answer": None}
            elif roll < 0.01:
                record = {"id": i}
            else:
                record = {"id": i, "answer": answer(rng, i)}
            f.write(json.dumps(record) + "\n")


def starcheck_command() -> list[str]:
    exe = shutil.which("starcheck", path=str(Path(sys.executable).parent)) or shutil.which("starcheck")
    return [exe] if exe else [sys.executable, "-m", "starcheck.cli"]


def peak_rss_mb(args: list[str]) -> tuple[float, float, str]:
    """Run the command; (peak RSS in MB, wall seconds, stderr)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{stderr}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started, stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the inputs and outputs here (default: a temp folder)")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="starcheck-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    command = starcheck_command()
    peaks = []
    try:
        empty = folder / "empty.jsonl"
        empty.write_text("")
        baseline, _, _ = peak_rss_mb([*command, "grade", str(empty), "-o", str(folder / "empty-out.jsonl")])
        print(f"{0:>8,} rows (pipeline loaded, nothing graded): peak RSS {baseline:6.0f} MB")
        for rows in args.rows:
            source, target = folder / f"in-{rows}.jsonl", folder / f"out-{rows}.jsonl"
            write_rows(source, rows)
            peak, seconds, stderr = peak_rss_mb([*command, "grade", str(source), "-o", str(target),
                                                 "--n-process", str(args.n_process)])
            summary = stderr.strip().splitlines()[0] if stderr.strip() else ""
            size = source.stat().st_size / 1e6
            print(f"{rows:>8,} rows ({size:6.1f} MB in): peak RSS {peak:6.0f} MB   {seconds:6.1f} s   [{summary}]")
            peaks.append((rows, peak))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    if len(peaks) >= 2:
        (small_rows, small), (large_rows, large) = peaks[0], peaks[-1]
        print(f"peak ratio {large_rows:,} / {small_rows:,} rows: {large / small:5.3f}   (target <= 1.10)")
        print(f"largest peak: {max(p for _, p in peaks):.0f} MB   (target < 300 MB)")


if __name__ == "__main__":
    main()
