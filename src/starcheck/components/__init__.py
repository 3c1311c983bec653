"""starcheck's spaCy components. Importing this package registers every factory."""

from . import cues, lemmas, quantities, roles, sentences, tradeoffs

__all__ = ["cues", "lemmas", "quantities", "roles", "sentences", "tradeoffs"]
