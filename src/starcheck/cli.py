"""The `starcheck` command.

Exit codes: 0 success, 1 a check failed, 2 a usage or input error (one line on stderr, no
traceback).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .about import __version__
from .errors import InputError, ModelFileError

app = typer.Typer(
    help="Grade behavioural interview answers written in the STAR form.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rubric_app = typer.Typer(help="Rubric profiles and configuration.", no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")

USAGE_ERROR = 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"starcheck: error: {message}", err=True)
    return typer.Exit(USAGE_ERROR)


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(f"no such file: {source}") from None
    except IsADirectoryError:
        raise _fail(f"{source} is a directory, not an answer file") from None
    except UnicodeDecodeError:
        raise _fail(f"{source} is not UTF-8 text") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"starcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """Grade behavioural interview answers written in the STAR form."""


@app.command()
def score(
    source: Annotated[str, typer.Argument(help="Answer file, or - for standard input.")] = "-",
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="text or json.")] = OutputFormat.text,
    rubric: Annotated[str | None, typer.Option(help="Rubric profile name or TOML file.")] = None,
    reference: Annotated[str | None, typer.Option(help="A model answer file to compare with.")] = None,
) -> None:
    """Grade one answer and print the report."""
    from .rubric import RubricError
    from .scorer import Scorer

    text = _read_text(source)
    reference_text = _read_text(reference) if reference is not None else None
    try:
        scorer = Scorer(rubric)
        report = scorer.score(text)
        reference_report = scorer.score(reference_text) if reference_text is not None else None
    except (InputError, TypeError, RubricError, ModelFileError) as error:
        raise _fail(str(error)) from None
    comparison = None
    if reference_report is not None:
        from .comparison import Comparison

        comparison = Comparison.from_reports(report, reference_report)
    if output_format is OutputFormat.json:
        if comparison is None:
            typer.echo(report.model_dump_json(indent=2))
        else:  # the Report's fields plus one top-level key, "comparison"
            combined = {**json.loads(report.model_dump_json()), "comparison": comparison.model_dump(mode="json")}
            typer.echo(json.dumps(combined, indent=2, ensure_ascii=False))
    else:
        from .render import print_report

        print_report(text, report)
        if comparison is not None:
            typer.echo("")
            typer.echo(comparison.format())


@app.command()
def schema() -> None:
    """Print the Report's JSON Schema."""
    from .report import report_json_schema

    typer.echo(json.dumps(report_json_schema(), indent=2))


@rubric_app.command("show")
def rubric_show(
    rubric: Annotated[str | None, typer.Argument(help="Profile name or TOML file (default: default).")] = None,
) -> None:
    """Print the effective rubric configuration as TOML."""
    from .rubric import RubricError
    from .scorer import resolve_rubric

    try:
        typer.echo(resolve_rubric(rubric).to_toml(), nl=False)
    except RubricError as error:
        raise _fail(str(error)) from None


@rubric_app.command("list")
def rubric_list() -> None:
    """List the shipped rubric profiles."""
    from .rubric import RubricConfig, profile_names

    for name in profile_names():
        typer.echo(f"{name:<20} {RubricConfig.profile(name).description}")


@app.command()
def train(
    data: Annotated[Path, typer.Option(help="Corpus folder (with corpus/*.jsonl).")] = Path("data"),
    out: Annotated[Path, typer.Option(help="Where to write the model files.")] = Path("models"),
) -> None:
    """Rebuild the role and kind models from the labelled corpus (deterministic)."""
    from .learn.train import train as run_training
    from .pipeline import build_pipeline

    if not (data / "corpus").is_dir():
        raise _fail(f"no corpus at {data / 'corpus'}")
    manifest = run_training(data, out, build_pipeline(roles=False),
                            log=lambda line: typer.echo(line, err=True))
    typer.echo(f"wrote {', '.join(sorted(manifest['files']))} and manifest.json to {out}")


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option(help="Corpus folder (with corpus/*.jsonl).")] = Path("data"),
    split: Annotated[str, typer.Option(help="Split to evaluate: dev or test.")] = "test",
    models: Annotated[Path | None, typer.Option(help="Model folder (default: shipped).")] = None,
    real: Annotated[Path | None, typer.Option(help="Third-party answers with author-marked parts (JSONL).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Evaluate roles, segments and kind against the labelled corpus (and real answers)."""
    from .learn.corpus import load_corpus
    from .learn.evaluate import evaluate_real_answers, evaluate_roles, format_roles_table
    from .pipeline import build_pipeline

    if split not in ("dev", "test", "train"):
        raise _fail("--split must be train, dev or test")
    nlp = build_pipeline(models)
    results: dict = {"split": split, "roles": evaluate_roles(
        nlp, load_corpus(data, split), load_corpus(data, "train"))}
    if real is not None:
        if not real.is_file():
            raise _fail(f"no such file: {real}")
        results["real_answers"] = evaluate_real_answers(nlp, real)
    try:
        from .learn.span_eval import evaluate_spans
    except ImportError:
        evaluate_spans = None
    if evaluate_spans is not None:
        results["spans"] = evaluate_spans(nlp, load_corpus(data, split))
    if as_json:
        typer.echo(json.dumps(results, indent=2))
        return
    typer.echo(f"split: {split} ({results['roles']['full']['sentences']} sentences)\n")
    typer.echo(format_roles_table(results["roles"]))
    if "real_answers" in results:
        typer.echo("\nreal answers, character-level part accuracy:")
        typer.echo(json.dumps(results["real_answers"], indent=2))
    if "spans" in results:
        typer.echo("\nquantities and tradeoffs:")
        typer.echo(json.dumps(results["spans"], indent=2))


@app.command()
def grade(
    source: Annotated[str, typer.Argument(help="Input: .jsonl, .csv or .parquet, or - for JSONL on standard input.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output: .jsonl, .csv or .parquet, or - for JSONL.")],
    text_col: Annotated[str, typer.Option("--text-col", help="Column (field) holding the answer text.")] = "answer",
    id_col: Annotated[str | None, typer.Option("--id-col", help="Column to copy as the row id "
                                                "(default: 'id' if present, else the row number).")] = None,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Answers per batch.")] = 64,
    rubric: Annotated[str | None, typer.Option(help="Rubric profile name or TOML file.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    html: Annotated[str | None, typer.Option("--html", help="Also write a corpus report page (HTML) here: "
                                             "distributions, frequent findings, the lowest answers.")] = None,
) -> None:
    """Grade a file of answers: one output row per input row, in order, errors as rows."""
    from .batch import BatchError, atomic_output, grade_file
    from .rubric import RubricError

    corpus = None
    if html is not None:
        from .html import CorpusReport

        if html == "-" or not Path(html).parent.is_dir() or Path(html).is_dir():
            raise _fail(f"cannot write the HTML report to {html}: give a file in an existing folder")
        corpus = CorpusReport()
    try:
        summary = grade_file(source, output, text_col=text_col, id_col=id_col, rubric=rubric,
                             batch_size=batch_size, n_process=n_process,
                             progress=not quiet and sys.stderr.isatty(),
                             on_row=corpus.add if corpus is not None else None)
        if corpus is not None and html is not None:
            with atomic_output(html) as stream:
                stream.write(corpus.to_html().encode("utf-8"))
    except (BatchError, RubricError) as error:
        raise _fail(str(error)) from None
    if not quiet:
        typer.echo(summary.format(), err=True)


# --- starcheck render (HTML) ---
@app.command()
def render(
    source: Annotated[str, typer.Argument(help="Answer file, or - for standard input.")] = "-",
    output: Annotated[str, typer.Option("--output", "-o", help="HTML file to write (default: standard output).")] = "-",
    rubric: Annotated[str | None, typer.Option(help="Rubric profile name or TOML file.")] = None,
) -> None:
    """Grade one answer and write its report as a self-contained HTML page."""
    from .batch import BatchError, atomic_output
    from .html import answer_page
    from .rubric import RubricError
    from .scorer import Scorer

    text = _read_text(source)
    try:
        report = Scorer(rubric).score(text)
    except (InputError, TypeError, RubricError, ModelFileError) as error:
        raise _fail(str(error)) from None
    title = "starcheck report" if source == "-" else f"starcheck report: {Path(source).name}"
    try:
        page = answer_page(text, report, title=title)
    except ValueError:  # offsets that do not quote the text: show the answer as the report holds it
        page = answer_page(None, report, title=title)
    if output == "-":
        typer.echo(page, nl=False)
        return
    try:
        with atomic_output(output) as stream:
            stream.write(page.encode("utf-8"))
    except BatchError as error:
        raise _fail(str(error)) from None


# --- starcheck check (curated answers) ---
class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


class MinGrade(str, Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    F = "F"


class FailLevel(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"
    none = "none"


@app.command()
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Answer files or folders (default: the paths in pyproject's tool.starcheck table).")] = None,
    min_grade: Annotated[MinGrade | None, typer.Option(
        "--min-grade", case_sensitive=False, help="Lowest passing grade (front matter overrides).")] = None,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", min=0, max=100, help="Lowest passing score (front matter overrides).")] = None,
    fail_level: Annotated[FailLevel | None, typer.Option(
        "--fail-level", case_sensitive=False, help="Fail on findings at or above this (default: error).")] = None,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="text, json, github, junit or sarif.")] = CheckFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rule id or prefix to ignore (repeatable).")] = None,
    rubric: Annotated[str | None, typer.Option(help="Default rubric profile or TOML file.")] = None,
    baseline: Annotated[Path | None, typer.Option(help="Fail on a grade or score drop against this file.")] = None,
    write_baseline: Annotated[Path | None, typer.Option(help="Record every score and grade in this file.")] = None,
    tolerance: Annotated[float | None, typer.Option(
        min=0, help="Allowed score drop against the baseline (default: 2).")] = None,
    config: Annotated[Path | None, typer.Option(help="The pyproject.toml to read settings from.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore any pyproject.toml settings.")] = False,
) -> None:
    """Check curated answers (Markdown with front matter) against their bars: exit 0 pass, 1 fail, 2 error."""
    from .check.command import CommandLine, run_command
    from .check.errors import CheckInputError

    args = CommandLine(
        paths=paths or [], min_grade=min_grade.value if min_grade else None, min_score=min_score,
        fail_level=fail_level.value if fail_level else None, ignore=ignore or [], rubric=rubric,
        output_format=output_format.value, output=output, baseline=baseline, write_baseline=write_baseline,
        tolerance=tolerance, config=config, isolated=isolated,
    )
    try:
        code = run_command(args, echo=lambda text: typer.echo(text, nl=False),
                           warn=lambda text: typer.echo(text, err=True))
    except CheckInputError as error:
        raise _fail(str(error)) from None
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except ModelFileError as error:
        typer.echo(f"starcheck: error: {error}", err=True)
        sys.exit(USAGE_ERROR)


if __name__ == "__main__":
    main()
