"""Grade a Dask DataFrame: one `map_partitions`, the pipeline loaded once per worker process.

    >>> import dask.dataframe as dd, starcheck.dask                              # doctest: +SKIP
    >>> ddf = dd.read_parquet("answers/")                                        # doctest: +SKIP
    >>> graded = starcheck.dask.grade(ddf, text_col="answer")                    # doctest: +SKIP
    >>> ddf.join(graded).to_parquet("graded/")                                   # doctest: +SKIP

The result has the columns and dtypes of `starcheck.grade_frame` and the input's index and
partitions. Each worker process keeps one `Scorer` per (rubric, model folder, length limit) in
a module-level cache, so the pipeline is loaded on a worker's first partition and reused for
every partition after it; a lock makes the worker's threads take turns on it (grading is
CPU-bound Python: run workers with one thread each and as many processes as cores).

Dask is imported lazily: `import starcheck.dask` works without it, and `grade` says how to
install it. (This module is named `dask` inside the `starcheck` package; absolute imports,
`import dask` below, still find the real Dask package.)
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .rubric import RubricConfig
from .scorer import DEFAULT_MAX_CHARS, Scorer, resolve_rubric

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["cached_scorers", "grade", "warm"]

_SCORERS: dict[tuple[str, str | None, int], tuple[Scorer, threading.Lock]] = {}
_CACHE_LOCK = threading.Lock()
_LOADS = 0  # how many Scorers this process has built (see `cached_scorers`)


def grade(ddf: dd.DataFrame, text_col: str = "answer", *,
          rubric: RubricConfig | str | Path | None = None, model_dir: str | Path | None = None,
          max_chars: int = DEFAULT_MAX_CHARS, batch_size: int = 64, report: bool = True) -> dd.DataFrame:
    """Grade `ddf[text_col]` lazily; a Dask DataFrame aligned with `ddf` (same index, partitions).

    The rubric is resolved here, on the client, and shipped to the workers as a config (a
    worker does not need the TOML file). `model_dir`, if given, must exist on every worker.
    """
    try:
        import dask.dataframe  # noqa: F401
    except ImportError:
        raise ImportError("starcheck.dask needs Dask: pip install 'starcheck[dask]'") from None
    from .batch import _frame

    if text_col not in ddf.columns:
        raise KeyError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(map(repr, ddf.columns))})")
    config = resolve_rubric(rubric)
    texts = ddf[text_col]
    meta = _frame([], texts._meta.index, report)
    return texts.map_partitions(_grade_partition, config, None if model_dir is None else str(model_dir),
                                max_chars, batch_size, report, meta=meta)


def warm(rubric: RubricConfig | str | Path | None = None, model_dir: str | Path | None = None,
         max_chars: int = DEFAULT_MAX_CHARS) -> int:
    """Load the Scorer in this process now (e.g. `client.run(starcheck.dask.warm)`); returns the load count."""
    _scorer_for(resolve_rubric(rubric), None if model_dir is None else str(model_dir), max_chars)
    return _LOADS


def cached_scorers() -> dict[str, int]:
    """This process's cache: how many Scorers it holds and has ever built (`client.run` it to check)."""
    return {"cached": len(_SCORERS), "loads": _LOADS}


def _scorer_for(config: RubricConfig, model_dir: str | None, max_chars: int) -> tuple[Scorer, threading.Lock]:
    global _LOADS
    key = (config.model_dump_json(), model_dir, max_chars)
    entry = _SCORERS.get(key)
    if entry is None:
        with _CACHE_LOCK:
            entry = _SCORERS.get(key)
            if entry is None:
                entry = (Scorer(config, model_dir=model_dir, max_chars=max_chars), threading.Lock())
                _SCORERS[key] = entry
                _LOADS += 1
    return entry


def _grade_partition(texts: pd.Series, config: RubricConfig, model_dir: str | None, max_chars: int,
                     batch_size: int, report: bool) -> Any:
    from .batch import _frame, _grade_series

    if len(texts) == 0:  # also how Dask probes a function; no need to load anything
        return _frame([], texts.index, report)
    scorer, lock = _scorer_for(config, model_dir, max_chars)
    with lock:  # one spaCy pipeline is not safe to run from two threads at once
        return _grade_series(texts, scorer, batch_size=batch_size, report=report)
