"""Spreadsheet-safe text cells: no formula, nothing a spreadsheet turns into a date or a number."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from assessments.exports import DATE_LIKE, looks_like_data, range_words, safe_cell, spreadsheet_text
from assessments.exports.cells import _MAYBE_RANGE, _RANGE, _maybe_range, ranges_in_words, safe_text

# The patterns, written out here independently of the code under test.
PATTERNS = [
    re.compile(r"^\s*\d{1,4}\s*[-/.]\s*\d{1,4}(\s*[-/.]\s*\d{1,4})?\s*$"),
    re.compile(r"^\d+\s*%$"),
    re.compile(r"^\d+[eE]\d+$"),
    re.compile(r"^\d+:\d+$"),
    re.compile(r"^0\d+$"),
]
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
SEP = r"[\s,./-]*"
# A whole cell that is a month name (or its abbreviation) next to a number: "8 June", "Jun-8".
MONTH_NEXT_TO_NUMBER = re.compile(
    rf"^\s*(\d{{1,4}}{SEP}({MONTHS})\.?({SEP}\d{{1,4}})?"
    rf"|({MONTHS})\.?{SEP}\d{{1,4}}({SEP}\d{{1,4}})?)\s*$",
    re.IGNORECASE,
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def risky(text: str) -> bool:
    return any(p.search(text) for p in PATTERNS) or bool(MONTH_NEXT_TO_NUMBER.search(text))


# Text built from the characters that make cells risky, plus anything else.
risky_text = st.text(alphabet="0123456789-–/.:,%eE +=@\t\r\nJunMayDecSept ", max_size=14)
month_cells = st.builds(
    lambda n, m, sep: f"{n}{sep}{m}" if n % 2 else f"{m}{sep}{n}",
    st.integers(0, 9999),
    st.sampled_from(["Jun", "june", "MAY", "Dec.", "September", "oct"]),
    st.sampled_from([" ", "-", "/", ". ", ", "]),
)


@given(st.one_of(st.text(max_size=40), risky_text, month_cells))
@example("6-8")
@example("12/08/2026")
@example("50%")
@example("1e5")
@example("10:30")
@example("007")
@example("8 June")
@example("-2")
@example("5%\n")
def test_no_safe_cell_is_read_as_a_date_a_number_or_a_formula(text):
    out = spreadsheet_text(text)
    assert not risky(out), (text, out)
    assert not out.startswith(FORMULA)
    # Nothing is lost: the cell is the text with ranges in words, perhaps behind an apostrophe.
    assert out in (range_words(text), "'" + range_words(text))


@given(st.text(alphabet=st.characters(exclude_characters="0123456789-–=+@\t\r'"), max_size=30))
def test_plain_words_pass_unchanged(text):
    if not risky(text):
        assert spreadsheet_text(text) == text


def test_ranges_are_written_in_words_and_dates_are_left_alone():
    assert spreadsheet_text("6-8") == "6 to 8"
    assert spreadsheet_text("4-6 per side") == "4 to 6 per side"
    assert spreadsheet_text("4-6RM (80-85% 1RM); RPE 8") == "4 to 6RM (80 to 85% 1RM); RPE 8"
    assert spreadsheet_text("20–45 s") == "20 to 45 s"
    assert range_words("race on 2026-05-12") == "race on 2026-05-12"
    assert spreadsheet_text("2026-05-12") == "'2026-05-12"
    assert spreadsheet_text("Single-leg squat") == "Single-leg squat"


def test_formula_guard_is_kept():
    for bad in ("=1+1", "+SUM(A1)", "@cmd", "\tx", "\rx"):
        assert spreadsheet_text(bad) == "'" + bad
        assert safe_cell(bad) == "'" + bad
    assert safe_cell(3) == 3


# Leading spaces (also Unicode ones), month names in any case (also the long s that
# case-insensitive matching takes for an s), Unicode digits: what the fast paths look past.
lookalike_cells = st.builds(
    lambda lead, a, sep, b, end: f"{lead}{a}{sep}{b}{end}",
    st.sampled_from(["", " ", "\u00a0", "\t ", "\u2003"]),
    st.sampled_from(["8", "12", "007", "٣", "Jun", "jUL", "ſep", "Sept.", "march", "Mai", "x"]),
    st.sampled_from(["", " ", "-", "/", ". ", ", ", ":", "e", "%"]),
    st.sampled_from(["", "8", "2027", "٣", "June", "dec", "Kelvin"]),
    st.sampled_from(["", " ", "\n", " x", "%"]),
)


@given(st.one_of(st.text(max_size=20), risky_text, month_cells, lookalike_cells))
def test_looks_like_data_is_exactly_the_date_like_shapes(text):
    # looks_like_data skips the patterns when a cell's start rules them out; never wrongly.
    assert looks_like_data(text) == any(p.search(text) for p in DATE_LIKE)


def test_ranges_in_words_and_safe_text_are_the_cached_functions_uncached():
    for text in ("6-8", "4-6RM, 1-2 reps", "2026-05-12", "=1-2", "8 June", "Single-leg", "50%"):
        assert ranges_in_words(text) == range_words(text)
        assert safe_text(text) == spreadsheet_text(text)


range_like = st.text(
    alphabet=st.sampled_from([*"0123456789 -–\t\n.ab/", "\u2003", "\x1c", "\x85", "٣", "²", "①"]),
    max_size=16,
)


@given(st.one_of(st.text(max_size=30), risky_text, range_like))
@example("8 -\u20039")
@example("٣–٣")
@example("²-2")
def test_the_range_precheck_is_exactly_the_pattern(text):
    # ranges_in_words looks around each dash instead of running the pattern over the text.
    assert _maybe_range(text) == (_MAYBE_RANGE.search(text) is not None)
    assert ranges_in_words(text) == _RANGE.sub(lambda m: f"{m[1]} to {m[2]}", text)
