"""Reading numbers as people write them in answers: digits, compounds and English number words.

Pure functions over strings, no spaCy. The quantity component uses them on the few tokens
around a number anchor, never on the whole text.

- `parse_numeral("1,200")` -> `Numeral(value=1200.0, ...)`; compound tokens such as "2.4s",
  "600ms", "~40", "$2.5M", "5k", "20+", "3x", "3–5" and "4.9/5" are split into their parts
  (prefix, currency symbol, number, glued suffix, range end).
- `NUMBER_WORDS` / `SCALE_WORDS` / `parse_number_words([...])`: "thirty-five", "one hundred and
  twenty", "two thousand", "a dozen", "five and a half".

Why not text2num or word2number: the number words in interview answers are few and short, the
parser has to work token by token on spaCy's tokenisation (and tell where the number ends),
and a 60-line table keeps the runtime dependency list at spaCy + pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

UNITS: dict[str, int] = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mil": 1e6, "bn": 1e9, "b": 1e9,
}  # fmt: skip
WORD_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
DOZEN = {"dozen": 12, "score": 20}
NUMBER_WORDS: dict[str, int] = {**UNITS, **TENS}
# Fractions written as words; "a third" etc. are read through `FRACTION_WORDS`.
FRACTION_WORDS: dict[str, float] = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fourth": 1 / 4, "fourths": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
    "tenth": 1 / 10, "tenths": 1 / 10,
}  # fmt: skip

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "us$": "USD", "a$": "AUD",
    "au$": "AUD", "c$": "CAD", "ca$": "CAD", "s$": "SGD", "hk$": "HKD", "nz$": "NZD", "r$": "BRL",
}  # fmt: skip

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_CUR = r"[$€£¥₹]|(?:[A-Za-z]{1,2}\$)"
_NUMERAL = re.compile(
    rf"""^(?P<approx>[~≈])?(?P<sign>[+\-−])?(?P<cur>{_CUR})?
        (?P<num>{_NUM})
        (?P<suffix>[A-Za-z%$€£×]*?)
        (?:[-–—](?P<cur2>{_CUR})?(?P<num2>{_NUM})(?P<suffix2>[A-Za-z%$€£×]*?))?
        (?P<plus>\+)?$""",
    re.VERBOSE,
)
_FRACTION = re.compile(r"^(?P<num>\d+(?:\.\d+)?)/(?P<den>\d+)$")


@dataclass(frozen=True)
class Numeral:
    """One token that holds digits, taken apart."""

    value: float
    suffix: str = ""  # glued unit/scale, lower case: "ms", "s", "k", "m", "x", "%", "k$"
    suffix_raw: str = ""  # the suffix as written ("M", "D")
    currency: str | None = None  # ISO code from a leading symbol
    approximate: bool = False  # "~40", "20+"
    sign: int = 0  # +1 for "+15", -1 for "-20"
    high: float | None = None  # "3–5" -> value 3, high 5
    high_suffix: str = ""
    denominator: float | None = None  # "4.9/5" -> value 4.9, denominator 5
    has_comma: bool = False
    decimals: int = 0


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


@lru_cache(maxsize=4096)
def parse_numeral(text: str) -> Numeral | None:
    """Parse a token that carries digits; None when it is not a plain numeral (p99, 9am, 3.11.2)."""
    match = _NUMERAL.match(text)
    if match is None:
        frac = _FRACTION.match(text)
        if frac is None:
            return None
        den = float(frac["den"])
        if den == 0:
            return None
        return Numeral(value=float(frac["num"]), denominator=den)
    num = match["num"]
    sign = {"+": 1, "-": -1, "−": -1}.get(match["sign"] or "", 0)
    cur = (match["cur"] or match["cur2"] or "").lower()
    if cur and cur not in CURRENCY_SYMBOLS:
        return None
    high = _to_float(match["num2"]) if match["num2"] else None
    return Numeral(
        value=_to_float(num),
        suffix=(match["suffix"] or "").lower(),
        suffix_raw=match["suffix"] or "",
        currency=CURRENCY_SYMBOLS.get(cur),
        approximate=bool(match["approx"] or match["plus"]),
        sign=sign,
        high=high,
        high_suffix=(match["suffix2"] or "").lower(),
        has_comma="," in num,
        decimals=len(num.split(".", 1)[1]) if "." in num else 0,
    )


def word_value(word: str) -> int | None:
    """The value of one number word ("seven" -> 7), else None."""
    return NUMBER_WORDS.get(word.lower())


def parse_number_words(words: list[str]) -> tuple[float, int] | None:
    """Read number words from the start of `words` (lower case tokens, hyphens as "-").

    Returns (value, tokens used) or None. Handles "thirty - five", "one hundred and twenty",
    "two thousand", "a hundred", "a dozen", "five and a half", "two and a half thousand".
    """
    total = 0.0
    current = 0.0
    used = 0
    seen_number = False
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        if word in NUMBER_WORDS:
            value = NUMBER_WORDS[word]
            # "twenty five" / "twenty-five": tens then units; refuse "five six".
            if seen_number and current % 100 != 0 and not (
                current % 10 == 0 and current % 100 >= 20 and value < 10
            ):
                break
            current += value
            seen_number = True
            i += 1
            used = i
        elif word == "-" and seen_number and i + 1 < n and words[i + 1] in UNITS:
            i += 1
        elif word in ("a", "an") and not seen_number and i + 1 < n and (
            words[i + 1] in WORD_SCALES or words[i + 1] in DOZEN
        ):
            current = 1
            seen_number = True
            i += 1
            used = i
        elif word in DOZEN and seen_number:
            current = (current or 1) * DOZEN[word]
            i += 1
            used = i
        elif word in WORD_SCALES and seen_number:
            scale = SCALE_WORDS[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            i += 1
            used = i
        elif word == "and" and seen_number and i + 1 < n:
            nxt = words[i + 1]
            if nxt in NUMBER_WORDS and (current >= 100 or total >= 1000):
                i += 1
            elif nxt in ("a", "one") and i + 2 < n and words[i + 2] in ("half", "quarter"):
                current += 0.5 if words[i + 2] == "half" else 0.25
                i += 3
                used = i
            else:
                break
        else:
            break
    if not seen_number:
        return None
    return total + current, used


def is_year(value: float, has_comma: bool, decimals: int) -> bool:
    return not has_comma and decimals == 0 and 1900 <= value <= 2099 and value == int(value)
