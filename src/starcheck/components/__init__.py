"""starcheck's spaCy components. Importing this package registers every factory."""

from . import cues, quantities, roles, sentences, tradeoffs

__all__ = ["cues", "quantities", "roles", "sentences", "tradeoffs"]
