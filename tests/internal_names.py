"""The internal names a runner must never read, and a scan of text for them.

Internal names: rule ids, exercise ids, self-test codes, field paths, the schedule CSV's column
codes and focus-area codes that contain `_`, a digit or `.`, plus every source id of
rules/sources.csv. Matches are whole-word and case-sensitive ("Masters marathoner" is not the
source id `masters`).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from assessments.derived import FIELDS
from assessments.exports import CSV_COLUMNS
from assessments.focus import FocusArea
from assessments.tables import RULES_DIR

_ID_COLUMNS = {
    "findings.csv": "id",
    "red_flags.csv": "id",
    "cautions.csv": "id",
    "exercises.csv": "id",
    "norms.csv": "test",
}


def _column(path: Path, column: str) -> set[str]:
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    return {row[column] for row in csv.DictReader(lines) if row.get(column)}


def source_ids() -> set[str]:
    return _column(Path(RULES_DIR) / "sources.csv", "id")


@cache
def internal_names() -> frozenset[str]:
    names: set[str] = set()
    for file, column in _ID_COLUMNS.items():
        names |= _column(Path(RULES_DIR) / file, column)
    names |= set(FIELDS) | set(CSV_COLUMNS) | {a.value for a in FocusArea}
    names |= {p.name for p in Path(RULES_DIR).glob("*.csv")}  # "progression.csv"
    names = {n for n in names if re.search(r"[_\d.]", n)}
    return frozenset(names | source_ids())


@cache
def _pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(internal_names(), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


def found_in(text: str) -> list[str]:
    """The internal names in `text` (whole words, case-sensitive), each once."""
    return sorted({m.group(0) for m in _pattern().finditer(text)})
