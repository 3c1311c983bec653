"""Errors a caller is meant to catch."""


class InputError(ValueError):
    """The text cannot be graded (empty, whitespace only, or longer than the limit)."""


class ModelFileError(RuntimeError):
    """A model or rule data file is missing, corrupt, or does not match its checksum."""
