"""Text cells a spreadsheet keeps as text: no formulas, no numbers or dates it would invent.

Two dangers when a CSV is opened in a spreadsheet: a cell starting with = + - @ (or a tab or
carriage return) may run as a formula, and a cell such as "6-8", "12/8", "50%", "1e5", "10:30",
"007" or "8 June" silently becomes a date, a number or a time ("6-8" turns into 8 June).
`safe_cell` guards against formulas only (a leading apostrophe); `spreadsheet_text` also
writes ranges in words ("6 to 8") and, for a whole cell that still looks like a number or a
date, adds the same leading apostrophe that spreadsheets read as "this is text".
"""

from __future__ import annotations

import re
from functools import lru_cache

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SEP = r"[\s\-/.,]*"
# The whole-cell shapes spreadsheets turn into dates, times, percentages or numbers.
DATE_LIKE = (
    re.compile(r"^\s*\d{1,4}\s*[-/.]\s*\d{1,4}(\s*[-/.]\s*\d{1,4})?\s*$"),
    re.compile(r"^\d+\s*%$"),
    re.compile(r"^\d+[eE]\d+$"),
    re.compile(r"^\d+:\d+$"),
    re.compile(r"^0\d+$"),
    # a month name next to a number: "8 June", "Jun-8", "June 8, 2027", "8-Jun-27"
    re.compile(
        rf"^\s*(?:\d{{1,4}}{_SEP}{_MONTH}(?:{_SEP}\d{{1,4}})?"
        rf"|{_MONTH}{_SEP}\d{{1,4}}(?:{_SEP}\d{{1,4}})?)\s*$",
        re.IGNORECASE,
    ),
)
# All of them in one pass (the month pattern keeps its case-insensitivity in a scoped flag).
# Each is anchored at the start, so one `match` tells as much as a `search` that would try
# every position of a long note.
_ANY_DATE_LIKE = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for p in DATE_LIKE
    )
)
# Every shape starts, after any spaces, with a digit or the first letter of a month. A cell
# starting with another ASCII character is not one of them, which is far cheaper to see than
# to run the pattern (a character outside ASCII is left to the pattern: case-insensitive
# matching and Unicode digits and spaces are its business).
_NOT_DATA_START = frozenset(
    c for c in map(chr, range(128)) if not (c.isdigit() or c.isspace() or c.lower() in "jfmasond")
)
# "6-8", "4–6", "80-85%": two numbers joined by a dash, not part of a longer chain like a date.
_RANGE = re.compile(r"(?<![\d.\-–/])(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)(?![\d\-–/]|\.\d)")
# What every range above holds somewhere: a digit, a dash, a digit (spaces allowed between).
# Most texts with a dash ("Single-leg", "off- and pre-season") have none.
_MAYBE_RANGE = re.compile(r"\d\s*[-–]\s*\d")


def _maybe_range(text: str) -> bool:
    """`_MAYBE_RANGE.search(text) is not None`, looking only around each dash: the pattern
    tries every position of a long note (~3 us for a season's 280-character notes), a text
    holds a few dashes. The pattern's digit and space are `str.isdecimal` and `str.isspace`."""
    end = len(text)
    for dash in ("-", "–"):
        i = text.find(dash)
        while i != -1:
            j = i - 1
            while j >= 0 and text[j].isspace():
                j -= 1
            if j >= 0 and text[j].isdecimal():
                k = i + 1
                while k < end and text[k].isspace():
                    k += 1
                if k < end and text[k].isdecimal():
                    return True
            i = text.find(dash, i + 1)
    return False


def _in_words(m: re.Match[str]) -> str:
    return f"{m[1]} to {m[2]}"


def safe_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would treat as a formula; numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def ranges_in_words(text: str) -> str:
    """`"6-8 per side"` -> `"6 to 8 per side"`; dates and longer chains are left alone."""
    if ("-" in text or "–" in text) and _maybe_range(text):
        return _RANGE.sub(_in_words, text)
    return text


@lru_cache(maxsize=8192)  # a pure function of the text; plans repeat their doses and notes
def range_words(text: str) -> str:
    """`ranges_in_words`, cached."""
    return ranges_in_words(text)


def looks_like_data(text: str) -> bool:
    """True when a spreadsheet would read the whole cell as a number, date, time or percent."""
    if text.lstrip()[:1] in _NOT_DATA_START:
        return False
    return _ANY_DATE_LIKE.match(text) is not None


def safe_text(text: str) -> str:
    """A text cell that every common spreadsheet opens as the same text: ranges in words, no
    formula, nothing it would turn into a number or a date (`spreadsheet_text` without its
    cache, for a caller that keeps its own)."""
    out = ranges_in_words(text)
    if out.startswith(FORMULA_START) or looks_like_data(out):
        return "'" + out
    return out


@lru_cache(maxsize=8192)
def spreadsheet_text(text: str) -> str:
    """`safe_text`, cached: a plan repeats its names, doses and cues on many rows, and the next
    plan mostly repeats them again."""
    return safe_text(text)
