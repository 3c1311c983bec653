"""`starcheck check`: merge [tool.starcheck] with the command line, grade, compare, print.

The CLI only parses options and calls `run_command`; everything else lives here so that it can
be tested and reused without typer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .baseline import compare_with_baseline, read_baseline, write_baseline
from .config import LoadedConfig, load_config
from .errors import CheckInputError
from .formats import render
from .runner import CheckOptions, CheckRun, ScorerPool, discover, load_answers, run_check

DEFAULT_TOLERANCE = 2.0


@dataclass(frozen=True)
class CommandLine:
    """The options as given on the command line (None: not given, use the configuration)."""

    paths: Sequence[Path] = ()
    min_grade: str | None = None
    min_score: float | None = None
    fail_level: str | None = None
    ignore: Sequence[str] = ()
    rubric: str | None = None
    output_format: str = "text"
    output: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    tolerance: float | None = None
    config: Path | None = None
    isolated: bool = False


def run_command(args: CommandLine, echo: Callable[[str], None], warn: Callable[[str], None],
                pool: ScorerPool | None = None) -> int:
    """Run the check and print the report; the exit code (0 pass, 1 fail). CheckInputError: exit 2."""
    loaded = LoadedConfig(root=Path.cwd()) if args.isolated else load_config(args.config)
    config = loaded.config
    paths = list(args.paths) or [loaded.resolve(p) for p in config.paths]
    if not paths:
        raise CheckInputError("no paths to check: name answer files or folders, or set paths in [tool.starcheck]")
    rubric, rubric_root = (args.rubric, Path.cwd()) if args.rubric else (config.rubric, loaded.root)
    options = CheckOptions(
        min_grade=(args.min_grade or config.min_grade),  # type: ignore[arg-type]
        min_score=args.min_score if args.min_score is not None else config.min_score,
        fail_level=(args.fail_level or config.fail_level or "error"),  # type: ignore[arg-type]
        ignore=tuple(rule.upper() for rule in [*config.ignore, *args.ignore]),
        rubric=rubric,
        rubric_root=rubric_root,
        tolerance=_first(args.tolerance, config.tolerance, DEFAULT_TOLERANCE),
    )
    baseline_file = args.baseline or (loaded.resolve(config.baseline) if config.baseline else None)
    baseline = read_baseline(baseline_file) if baseline_file is not None else None

    answers, skipped = load_answers(discover(paths))
    if not answers:
        warn("starcheck: warning: no answer files (Markdown with front matter) found under "
             + ", ".join(str(p) for p in paths))
    results = run_check(answers, options, pool)
    if baseline is not None and baseline_file is not None:
        compare_with_baseline(results, baseline, baseline_file, options.tolerance)
    if args.write_baseline is not None:
        write_baseline(results, args.write_baseline)
        warn(f"starcheck: wrote the baseline of {len(results)} answers to {args.write_baseline}")
    run = CheckRun(results, skipped)
    text = render(run, args.output_format)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        echo(text)
    return run.exit_code


def _first(*values: float | None) -> float:
    return next(value for value in values if value is not None)
