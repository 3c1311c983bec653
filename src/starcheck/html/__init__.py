"""HTML reports: one graded answer (`answer_page`) and a graded corpus (`CorpusReport`).

Every page is self-contained (inline CSS and SVG, no script, no external asset) and escapes
all user text. See docs/html.md.
"""

from .answer_page import answer_page, answer_section, reconstruct_text
from .corpus_page import CorpusReport

__all__ = ["CorpusReport", "answer_page", "answer_section", "reconstruct_text"]
