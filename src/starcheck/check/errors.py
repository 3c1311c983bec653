"""The one error `starcheck check` reports as a usage or input problem (exit code 2)."""

from __future__ import annotations


class CheckInputError(ValueError):
    """A path, configuration, front matter or baseline cannot be used; the message names the file."""
