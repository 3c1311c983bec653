"""Does the text look like English? A cheap check for `Report.looks_english`.

starcheck's models and phrase lists are English; on other languages they produce a report
that means little. Two signals, both robust to short, terse and informal English answers:
almost all letters are ASCII (English words in another script fail this), and, once there are
a few words, English function words ("the", "and", "to", "I"...) make up a fair share of
them, as they do in any English prose, bullets included.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset({
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "was", "were", "be", "been", "are", "it", "its", "this", "that", "i", "we",
    "my", "our", "me", "us", "he", "she", "they", "them", "their", "you", "your", "not", "no",
    "so", "if", "then", "than", "when", "after", "before",
})
_WORD = re.compile(r"[^\W\d_]+")
MIN_ASCII_SHARE = 0.9
MIN_FUNCTION_SHARE = 0.08
MIN_WORDS_FOR_SHARE = 6


def looks_english(text: str) -> bool:
    """True when `text` reads as English (see the module docstring); False for no words at all."""
    words = _WORD.findall(text)
    letters = "".join(words)
    if not letters:
        return False
    ascii_letters = len(letters.encode("ascii", "ignore"))
    if ascii_letters / len(letters) < MIN_ASCII_SHARE:
        return False
    if len(words) < MIN_WORDS_FOR_SHARE:
        return True
    function = sum(map(FUNCTION_WORDS.__contains__, map(str.lower, words)))
    return function / len(words) >= MIN_FUNCTION_SHARE
