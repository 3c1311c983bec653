"""Character-level part accuracy on third-party answers with author-marked parts.

Reads ../shared/data/real_answers.jsonl (beside the checkout) or the path given; prints a
message and exits 0 when the file is not there.

    python bench/real_answers.py [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from _common import ROOT

DEFAULT = ROOT.parent / "shared" / "data" / "real_answers.jsonl"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"skipped: no real answers at {path}")
        return
    from starcheck.learn.evaluate import evaluate_real_answers
    from starcheck.pipeline import build_pipeline

    print(json.dumps(evaluate_real_answers(build_pipeline(), path), indent=2))


if __name__ == "__main__":
    main()
