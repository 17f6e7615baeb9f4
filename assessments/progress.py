"""Progress over time: each self-test per side, the left/right gap and the focus scores,
as tables (the screen shows them as data too) and one plain summary each.

Every figure comes from the same functions as the results screen: norms from norms.csv
through `norm_for`, the gap as `asymmetry_pct`, scores from `scoring.score`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pandas as pd

from .derived import NUMERIC_SIDED, Norm, age_band, asymmetry_pct, norm_for
from .findings import Findings
from .focus import FOCUS_TITLES, FocusArea
from .model import EarlierAssessment

SIDES = ("left", "right")
TEST_COLUMNS = ["Date", "Test", "Side", "Result", "Unit", "Norm low", "Norm target"]
GAP_COLUMNS = ["Date", "Test", "Gap %", "Threshold %", "Weaker side"]
SCORE_COLUMNS = ["Date", "Focus area", "Score"]


def _norm(e: EarlierAssessment, norms: Sequence[Norm], test: str) -> Norm | None:
    band = age_band(e.history.age).value if e.history.age is not None else None
    return norm_for(norms, test, e.history.sex, band)


class NormLookup:
    """_norm for each assessment of a file, worked out once per (test, sex, age): a file's
    assessments mostly share them, and each look-up scans the whole norms table."""

    def __init__(self, norms: Iterable[Norm]) -> None:
        self.norms = list(norms)
        self._seen: dict[tuple[str, object, object], Norm | None] = {}

    def __call__(self, e: EarlierAssessment, test: str) -> Norm | None:
        key = (test, e.history.sex, e.history.age)
        if key not in self._seen:
            self._seen[key] = _norm(e, self.norms, test)
        return self._seen[key]


def gap_threshold_pct(norm: Norm | None) -> float | None:
    """The gap (weaker side, % below the stronger) above which the sides count as uneven.

    A ratio band (the side plank's 0.95-1.05) becomes the gap it allows: 100 × (1 − 0.95).
    """
    if norm is None:
        return None
    if norm.asymmetry_pct is not None:
        return norm.asymmetry_pct
    lows = [r for r in (norm.ratio_min, 1 / norm.ratio_max if norm.ratio_max else None) if r]
    return round(100.0 * (1 - max(lows)), 1) if lows else None


def selftest_table(entries: Sequence[EarlierAssessment], norms: Iterable[Norm]) -> pd.DataFrame:
    """One row per measured side of each numeric self-test per assessment, with its norm."""
    return pd.DataFrame(selftest_columns(entries, NormLookup(norms)))


def selftest_columns(
    entries: Sequence[EarlierAssessment], norm_of: NormLookup
) -> dict[str, list[object]]:
    """selftest_table's columns as lists."""
    rows: dict[str, list[object]] = {c: [] for c in TEST_COLUMNS}
    for e in entries:
        for test, (title, unit) in NUMERIC_SIDED.items():
            result = getattr(e.self_tests, test)
            norm = norm_of(e, test)
            for side in SIDES:
                value = getattr(result, side)
                if value is None:
                    continue
                for col, v in zip(
                    TEST_COLUMNS,
                    (
                        e.assessed_on.isoformat(),
                        title,
                        side.title(),
                        value,
                        unit,
                        norm.low if norm else None,
                        norm.target if norm else None,
                    ),
                    strict=True,
                ):
                    rows[col].append(v)
    return rows


def gap_table(entries: Sequence[EarlierAssessment], norms: Iterable[Norm]) -> pd.DataFrame:
    """The left/right gap of each numeric self-test measured on both sides, per assessment."""
    return pd.DataFrame(gap_columns(entries, NormLookup(norms)))


def gap_columns(
    entries: Sequence[EarlierAssessment], norm_of: NormLookup
) -> dict[str, list[object]]:
    """gap_table's columns as lists."""
    rows: dict[str, list[object]] = {c: [] for c in GAP_COLUMNS}
    for e in entries:
        for test, (title, _) in NUMERIC_SIDED.items():
            result = getattr(e.self_tests, test)
            if result.left is None or result.right is None:
                continue
            weaker = "Even"
            if result.left != result.right:
                weaker = "Left" if result.left < result.right else "Right"
            values = (
                e.assessed_on.isoformat(),
                title,
                round(asymmetry_pct(result.left, result.right), 1),
                gap_threshold_pct(norm_of(e, test)),
                weaker,
            )
            for col, v in zip(GAP_COLUMNS, values, strict=True):
                rows[col].append(v)
    return rows


_AREA_ORDER = {area: i for i, area in enumerate(FocusArea)}


def score_table(scored: Sequence[tuple[EarlierAssessment, Findings | None]]) -> pd.DataFrame:
    """Each focus area's score per scored assessment (a draft, `None`, has no scores)."""
    return pd.DataFrame(score_columns(scored))


def score_columns(
    scored: Sequence[tuple[EarlierAssessment, Findings | None]],
) -> dict[str, list[object]]:
    """score_table's columns as lists."""
    rows: dict[str, list[object]] = {c: [] for c in SCORE_COLUMNS}
    for e, f in scored:
        if f is None:
            continue
        for fs in sorted(f.focus, key=lambda fs: _AREA_ORDER[fs.area]):
            rows["Date"].append(e.assessed_on.isoformat())
            rows["Focus area"].append(FOCUS_TITLES[fs.area])
            rows["Score"].append(fs.score)
    return rows


# --- summaries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    first: float
    last: float

    @property
    def words(self) -> str:
        return f"from {_n(self.first)} to {_n(self.last)}"


def _n(x: float) -> str:
    return f"{x:g}"


def _real(v: object) -> bool:
    """A number (numpy's too), not None, not NaN."""
    return isinstance(v, Real) and not isinstance(v, bool) and v == v


def _change(values: Iterable[object]) -> _Change | None:
    vs = [float(v) for v in values if isinstance(v, Real) and _real(v)]
    return _Change(vs[0], vs[-1]) if len(vs) >= 2 else None


def _gap_words(c: _Change) -> str:
    if c.last < c.first:
        verb = "closed"
    elif c.last > c.first:
        verb = "widened"
    else:
        return f"the gap stayed at {_n(c.first)}%"
    return f"the gap {verb} {c.words.replace(' to', '% to')}%"


Columns = pd.DataFrame | dict[str, list[object]]


def _columns(table: Columns, *names: str) -> list[tuple[Any, ...]]:
    """These columns' rows as plain tuples: grouping a few hundred rows in Python is much
    quicker than a pandas mask (or a column subset) per test and side. `table` may be the
    columns as lists (as the tables are built), which skips reading them back."""
    if isinstance(table, dict):
        return list(zip(*(table[c] for c in names), strict=True))
    return list(zip(*(table[c].tolist() for c in names), strict=True))


def selftest_summaries(tests: Columns, gaps: Columns) -> list[str]:
    """One sentence per self-test measured more than once, e.g. "Single-leg calf raises: your
    left side went from 18 to 24 reps; the gap closed from 25% to 4% (over 10% counts as
    uneven)"."""
    results: dict[tuple[str, str], list[object]] = {}
    for row in _columns(tests, "Test", "Side", "Result"):
        results.setdefault((row[0], row[1]), []).append(row[2])
    gap_rows: dict[str, list[tuple[object, object]]] = {}
    for test, gap, threshold in _columns(gaps, "Test", "Gap %", "Threshold %"):
        gap_rows.setdefault(test, []).append((gap, threshold))
    out = []
    for title, unit in NUMERIC_SIDED.values():
        parts = []
        for side in SIDES:
            c = _change(results.get((title, side.title()), []))
            if c is not None:
                parts.append(f"your {side} side went {c.words} {unit}")
        g = gap_rows.get(title, [])
        gc = _change(v for v, _ in g)
        if gc is not None:
            gap = _gap_words(gc)
            threshold = g[-1][1]
            if _real(threshold):
                gap += f" (over {_n(float(threshold))}% counts as uneven)"  # type: ignore[arg-type]
            parts.append(gap)
        if parts:
            out.append(f"{title}: " + "; ".join(parts) + ".")
    return out


def score_summaries(scores: Columns) -> list[str]:
    """The focus areas whose score changed between the first and the last scored assessment."""
    out: list[str] = []
    by_area: dict[str, list[object]] = {}
    for area, value in _columns(scores, "Focus area", "Score"):
        by_area.setdefault(area, []).append(value)
    if len(set(scores["Date"])) < 2:
        return out
    for area in FOCUS_TITLES.values():
        c = _change(by_area.get(area, []))
        if c is not None and c.first != c.last:
            direction = "less" if c.last < c.first else "more"
            out.append(f"{area}: {c.words} ({direction} to work on).")
    return out


def progress_summary(lines: list[str], count: int) -> str:
    """The screen's opening line: how many assessments and the first self-test's change
    (`lines`: `selftest_summaries`)."""
    if count < 2:
        return (
            "One assessment so far. Retest in about 6 weeks (“Retest now” on the "
            "self-tests step) or add an earlier assessment from a file to see your progress."
        )
    first = lines[0] if lines else "No self-test was measured in two assessments yet."
    return f"{count} assessments. {first}"
