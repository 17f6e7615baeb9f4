"""The evidence grades in plain words (evidence.md: S, M, W, C, and heuristic).

The rules tables cite sources graded S, M, W or C (or combinations such as "S/M"); a runner
sees these words beside each grade so the letter means something to them.
"""

from __future__ import annotations

GRADE_WORDS = {
    "S": "Strong: from a review of many trials, or from randomised trials.",
    "M": "Moderate: from a controlled trial or an expert consensus statement.",
    "W": "Weak: from small studies without a control group, or expert and coaching opinion.",
    "C": "Contested: studies disagree, so no one knows for sure yet.",
    "heuristic": "Our own choice: no study gives this figure, so the project chose it.",
}


def grade_words(grade: str) -> str:
    """Plain words for a grade; for a combined grade such as "S/M", each part in turn."""
    grade = grade.strip()
    if grade in GRADE_WORDS:
        return GRADE_WORDS[grade]
    parts = [p.strip() for p in grade.split("/") if p.strip()]
    if parts and all(p in GRADE_WORDS for p in parts):
        words = [GRADE_WORDS[p].split(":")[0] for p in parts]
        return f"Between {' and '.join(w.lower() for w in words)}: the sources behind it differ."
    raise ValueError(f"unknown evidence grade {grade!r}; use S, M, W, C or heuristic")
