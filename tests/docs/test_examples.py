"""Every code example in docs/*.md and README.md runs, as written.

- A ```python block runs with `exec`; the blocks of one page run in order, in one namespace.
- In a ```bash / ```console / ```sh / ```shell block, each line that starts with `starcheck `
  (after a `$ ` prompt in console blocks) is run through the CLI (typer's CliRunner) and must
  exit 0, or the code given by `<!-- example-exit: N -->` right before the fence. Other lines
  (pip, dask, pipes that start with another program) are prose for a shell, not run.
- `<!-- skip-example: reason -->` right before a fence skips it (a Dask cluster address, a
  file the reader brings); the reason shows in pytest's skip summary.
- `<!-- example-file: NAME -->` right before a fence writes the block's text to NAME in the
  page's working folder before any of the page's examples run (a sample input file, a TOML).

Each page runs in its own working folder: a temporary folder that links every top-level entry
of the repository, so paths such as `data/examples/checkout-latency.txt` work as from the
repository root while the files an example writes (`graded.csv`) stay out of the checkout.
A block needing an optional dependency that is not installed (pandas, pyarrow, dask,
distributed, jsonschema) is skipped, and so are the blocks after it on that page.
"""

from __future__ import annotations

import linecache
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from starcheck.cli import app

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
SHELL = {"bash", "console", "sh", "shell"}
OPTIONAL = {"pandas", "pyarrow", "dask", "distributed", "jsonschema"}
OPERATORS = {"|", ">", ">>", "<", "&&", "||", ";", "&"}
MARKER = re.compile(r"^<!--\s*(skip-example|example-exit|example-file)\s*:\s*(.*?)\s*-->$")


@dataclass
class Block:
    page: str
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def markers_before(lines: list[str], fence_index: int) -> dict[str, str]:
    """The marker comments on the lines right above a fence (blank lines between are allowed)."""
    found: dict[str, str] = {}
    i = fence_index - 1
    while i >= 0:
        text = lines[i].strip()
        match = MARKER.match(text)
        if match:
            found.setdefault(match.group(1), match.group(2))
        elif text:
            break
        i -= 1
    return found


def page_blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    name = path.relative_to(ROOT).as_posix()
    blocks = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence" or token.map is None:
            continue
        lang = token.info.strip().split()[0].lower() if token.info.strip() else ""
        blocks.append(Block(name, token.map[0] + 1, lang, token.content, markers_before(lines, token.map[0])))
    return blocks


def commands(block: Block) -> list[str]:
    """The `starcheck ...` command lines of a shell block (continuations joined)."""
    out, pending = [], ""
    for raw in block.code.splitlines():
        line = raw.strip()
        if block.lang == "console":
            if not pending:
                if not line.startswith("$ "):
                    continue
                line = line[2:].strip()
        line = pending + line
        if line.endswith("\\"):
            pending = line[:-1].rstrip() + " "
            continue
        pending = ""
        if line == "starcheck" or line.startswith("starcheck "):
            out.append(line)
    return out


def runnable(block: Block) -> bool:
    if "example-file" in block.markers:
        return False
    return block.lang == "python" or (block.lang in SHELL and bool(commands(block)))


ALL_BLOCKS = {path.relative_to(ROOT).as_posix(): page_blocks(path) for path in PAGES}
EXAMPLES = [block for blocks in ALL_BLOCKS.values() for block in blocks if runnable(block)]


@dataclass
class PageState:
    folder: Path
    namespace: dict
    done: set[int] = field(default_factory=set)
    broken: str | None = None  # why the rest of the page cannot run


@pytest.fixture(scope="session")
def pages(tmp_path_factory) -> dict[str, PageState]:
    return {}


def page_state(pages: dict[str, PageState], page: str, tmp_path_factory) -> PageState:
    state = pages.get(page)
    if state is None:
        folder = tmp_path_factory.mktemp(re.sub(r"\W", "_", page))
        for entry in ROOT.iterdir():
            if not entry.name.startswith("."):
                (folder / entry.name).symlink_to(entry)
        for block in ALL_BLOCKS[page]:
            if "example-file" in block.markers:
                (folder / block.markers["example-file"]).write_text(block.code, encoding="utf-8")
        state = pages[page] = PageState(folder, {"__name__": "__docs_example__"})
    return state


def run_block(block: Block, state: PageState) -> None:
    """Run one example; raise pytest.skip.Exception for a missing optional dependency."""
    if block.lang == "python":
        # Register the block's text so that a traceback shows the failing line of the page.
        linecache.cache[block.id] = (len(block.code), None, block.code.splitlines(True), block.id)
        try:
            exec(compile(block.code, block.id, "exec"), state.namespace)
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] in OPTIONAL:
                pytest.skip(f"{block.id}: needs {error.name}, which is not installed")
            raise
        return
    expected = int(block.markers.get("example-exit", "0"))
    runner = CliRunner()
    for command in commands(block):
        args = shlex.split(command, comments=True)
        operators = OPERATORS.intersection(args)
        assert not operators, (
            f"{block.id}: `{command}` uses shell syntax ({' '.join(sorted(operators))}) that this test "
            "does not run; write it as a plain command or mark the block <!-- skip-example: reason -->")
        result = runner.invoke(app, args[1:])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == expected, (
            f"{block.id}: `{command}` exited {result.exit_code}, the page says {expected}\n{result.output}")


@pytest.mark.parametrize("block", EXAMPLES, ids=[block.id for block in EXAMPLES])
def test_example_runs(block: Block, pages, tmp_path_factory, monkeypatch) -> None:
    state = page_state(pages, block.page, tmp_path_factory)
    monkeypatch.chdir(state.folder)
    # The blocks before this one on its page run first (in order), when a selection skipped them.
    for earlier in ALL_BLOCKS[block.page]:
        if earlier.line >= block.line:
            break
        if earlier not in EXAMPLES or earlier.line in state.done or "skip-example" in earlier.markers:
            continue
        if state.broken:
            break
        state.done.add(earlier.line)
        try:
            run_block(earlier, state)
        except BaseException as error:  # recorded; this block is then skipped
            state.broken = f"the example at {earlier.id} did not run ({type(error).__name__})"
    if "skip-example" in block.markers:
        pytest.skip(f"{block.id}: {block.markers['skip-example'] or 'no reason given'}")
    if state.broken:
        pytest.skip(f"{block.id}: {state.broken}")
    state.done.add(block.line)
    try:
        run_block(block, state)
    except BaseException as error:
        state.broken = f"the example at {block.id} did not run ({type(error).__name__})"
        raise


def test_examples_are_collected() -> None:
    """The collector finds the examples: the new pages each hold Python and CLI examples."""
    by_page: dict[str, set[str]] = {}
    for block in EXAMPLES:
        by_page.setdefault(block.page, set()).add("python" if block.lang == "python" else "cli")
    for page in ("docs/getting-started.md", "docs/app-developers.md", "docs/data-scientists.md"):
        assert by_page.get(page) == {"python", "cli"}, (page, by_page.get(page))
    assert "python" in by_page.get("docs/spacy-pipeline.md", set())
    assert "python" in by_page.get("README.md", set())


def test_skip_markers_give_a_reason_and_stay_rare() -> None:
    skipped = [block for block in EXAMPLES if "skip-example" in block.markers]
    for block in skipped:
        assert block.markers["skip-example"], f"{block.id}: <!-- skip-example: reason --> needs a reason"
    assert len(skipped) <= len(EXAMPLES) // 5, [block.id for block in skipped]


def test_markers_are_spelled_right() -> None:
    """A misspelt marker would silently run (or not run) a block: only the known ones may appear."""
    known = {"skip-example", "example-exit", "example-file"}
    for path in PAGES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in re.findall(r"<!--\s*([\w-]*example[\w-]*)\s*:", line):
                assert name in known, f"{path.name}:{number}: unknown marker {name!r}"
    for block in EXAMPLES:
        if "example-exit" in block.markers:
            assert block.markers["example-exit"].isdigit(), block.id


def test_parser_reads_markers_console_prompts_and_continuations() -> None:
    lines = ["text", "<!-- skip-example: needs a cluster -->", "", "```bash", "starcheck x", "```"]
    assert markers_before(lines, 3) == {"skip-example": "needs a cluster"}
    assert markers_before(lines, 0) == {}
    console = Block("p", 1, "console", "$ starcheck score a.txt \\\n    --format json\n{\"grade\": \"A\"}\n$ ls\n")
    assert commands(console) == ["starcheck score a.txt --format json"]
    bash = Block("p", 1, "bash", "pip install .\nstarcheck schema   # the schema\ncat x | starcheck grade -\n")
    assert commands(bash) == ["starcheck schema   # the schema"]
