"""The TOML reader: the standard library's `tomllib` (Python 3.11+), else the `tomli` backport.

Only reading: rubric profiles, rule messages, lexicons, `[tool.starcheck]` and front matter.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["tomllib"]
