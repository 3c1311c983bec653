"""Errors a caller is meant to catch."""


class InputError(ValueError):
    """The text cannot be graded: empty or whitespace only, over `max_chars`, a run without spaces
    over `MAX_WORD_CHARS`, or a lone surrogate (not Unicode text)."""


class ModelFileError(RuntimeError):
    """A model or rule data file is missing, corrupt, or does not match its checksum."""
