"""The graded rubric: configuration, criteria, findings and `grade()`."""

from .config import RubricConfig, RubricError, profile_names
from .grade import grade

__all__ = ["RubricConfig", "RubricError", "grade", "profile_names"]
