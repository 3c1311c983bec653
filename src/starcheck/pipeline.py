"""Builds starcheck's spaCy pipeline: `spacy.blank("en")` + starcheck's components.

No model download: the tokenizer is spaCy's rule-based English one, lemmas come from the
lookup tables in `spacy-lookups-data`, and the role model is read from `models/`.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)


def build_pipeline(model_dir: Path | str | None = None, *, roles: bool = True) -> Language:
    """The default pipeline; `roles=False` stops before the learned role model (for training)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("star_sentences")
    # spaCy's lookup lemmatizer, same table and lemmas, by distinct word (components/lemmas.py)
    nlp.add_pipe("star_lemmatizer", name="lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data (offline)
    nlp.add_pipe("star_quantities")
    tradeoff_model = str(Path(model_dir) / "tradeoffs.npz") if model_dir else None
    nlp.add_pipe("star_tradeoffs", config={"model_path": tradeoff_model} if tradeoff_model else {})
    nlp.add_pipe("star_cues")
    if roles:
        nlp.add_pipe("star_roles", config={"model_dir": str(model_dir) if model_dir else None})
    return nlp
