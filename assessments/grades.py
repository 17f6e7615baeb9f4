"""Evidence grades in plain words, for the runner's "evidence" lines.

The grades are evidence.md's: S meta-analysis or randomised trial, M controlled trial or
consensus statement, W weak (case series, expert or coaching opinion), C contested; `heuristic`
is our own design choice where no study gives the figure. sources.csv may join two ("S/M").
"""

from __future__ import annotations

GRADE_WORDS = {
    "S": "strong evidence (meta-analyses or randomised trials)",
    "M": "moderate evidence (controlled trials or expert consensus statements)",
    "W": "weak evidence (case series, expert or coaching opinion)",
    "C": "contested evidence (the studies disagree)",
    "heuristic": "no study gives this figure: it is our own rule of thumb",
}
_SHORT = {"S": "strong", "M": "moderate", "W": "weak", "C": "contested"}


def grade_words(grade: str) -> str:
    """A grade as the runner reads it; a joined grade ("S/M") reads "strong to moderate"."""
    grade = grade.strip()
    if grade in GRADE_WORDS:
        return GRADE_WORDS[grade]
    parts = [g.strip() for g in grade.split("/")]
    if len(parts) > 1 and all(p in _SHORT for p in parts):
        return " to ".join(_SHORT[p] for p in parts) + " evidence"
    return "evidence of an ungraded kind"
