"""Charts of progress over time, built from the tables of `assessments.progress`.

Each chart's data is also shown as a table, and each comes with text summaries, because
Streamlit charts carry no alt text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TypeVar

import altair as alt
import pandas as pd
from altair.utils.schemapi import SchemaBase, debug_mode

from .chart_theme import OKABE_ITO, styled
from .charts_plan import FOCUS_COLOURS
from .derived import Norm
from .findings import Findings
from .focus import FOCUS_TITLES
from .model import EarlierAssessment
from .progress import (
    NormLookup,
    gap_columns,
    progress_summary,
    score_columns,
    score_summaries,
    selftest_columns,
    selftest_summaries,
)

SIDE_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["orange"]]  # left, right, as on the results
_DATE = alt.X("Date:T", title="Assessed on", axis=alt.Axis(format="%d %b %Y", labelAngle=-30))


def _row() -> alt.Row:
    return alt.Row(
        "Test:N",
        title=None,
        header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=260),
    )


C = TypeVar("C", alt.Chart, alt.FacetChart)
_NO_DATA = pd.DataFrame()  # a template's placeholder (a facet chart needs data when made)


def _with_data(template: C, table: pd.DataFrame) -> C:
    """A chart template (built once, without data) with this table as its data.

    The result shares the template's parts: treat it as read-only. It is set up as
    SchemaBase.__init__ does, minus the chart classes' own __init__, which deep-copies every
    layer to merge parameters the template has merged already (building the layered, faceted
    specs, or copying them, on every rerun cost more than the rest of the screen).
    """
    chart = type(template).__new__(type(template))
    with debug_mode(False):
        SchemaBase.__init__(chart, *template._args, **{**template._kwds, "data": table})
    return chart


def selftests_chart(table: pd.DataFrame) -> alt.FacetChart:
    """Each self-test per side over time, over the norm's band (low cut-off to target)."""
    return _with_data(_selftests_template(), table)


def gap_chart(table: pd.DataFrame) -> alt.FacetChart:
    """The left/right gap of each self-test over time, against its threshold."""
    return _with_data(_gap_template(), table)


def scores_chart(table: pd.DataFrame) -> alt.Chart:
    """Each focus area's priority score over time (lower: less to work on)."""
    return _with_data(_scores_template(), table)


@cache
def _selftests_template() -> alt.FacetChart:
    band = (
        alt.Chart()
        .mark_rect(opacity=0.18, color=OKABE_ITO["sky_blue"])
        .encode(y="min(Norm low):Q", y2="max(Norm target):Q")
    )
    low = (
        alt.Chart()
        .mark_rule(strokeDash=[4, 3], color=OKABE_ITO["black"])
        .encode(y="min(Norm low):Q")
    )
    lines = (
        alt.Chart()
        .mark_line(point=True)
        .encode(
            x=_DATE,
            y=alt.Y("Result:Q", title="Result"),
            color=alt.Color(
                "Side:N", scale=alt.Scale(domain=["Left", "Right"], range=SIDE_COLOURS)
            ),
            strokeDash=alt.StrokeDash("Side:N", legend=None),
            tooltip=[
                alt.Tooltip("Date:T", format="%d %b %Y"),
                alt.Tooltip("Side:N"),
                alt.Tooltip("Result:Q"),
                alt.Tooltip("Unit:N"),
                alt.Tooltip("Norm low:Q"),
            ],
        )
    )
    return styled(
        alt.layer(band, low, lines)
        .properties(width=420, height=140)
        .facet(row=_row(), data=_NO_DATA)
        .resolve_scale(y="independent")
        .properties(
            title="Self-tests over time (shaded: the norm's band; dashed: its low cut-off)"
        ),
        "Line chart of each self-test's result per side over time, with the norm's band.",
    )


@cache
def _gap_template() -> alt.FacetChart:
    threshold = (
        alt.Chart()
        .mark_rule(strokeDash=[4, 3], color=OKABE_ITO["vermillion"])
        .encode(y="max(Threshold %):Q")
    )
    lines = (
        alt.Chart()
        .mark_line(point=True)
        .encode(
            x=_DATE,
            y=alt.Y("Gap %:Q", title="Gap between sides (%)"),
            tooltip=[
                alt.Tooltip("Date:T", format="%d %b %Y"),
                alt.Tooltip("Gap %:Q"),
                alt.Tooltip("Weaker side:N"),
                alt.Tooltip("Threshold %:Q"),
            ],
        )
    )
    return styled(
        alt.layer(threshold, lines)
        .properties(width=420, height=110)
        .facet(row=_row(), data=_NO_DATA)
        .properties(title="Left/right gap over time (dashed: above it counts as uneven)"),
        "Line chart of the gap between left and right per self-test over time, with its threshold.",
    )


@cache
def _scores_template() -> alt.Chart:
    return styled(
        alt.Chart(title="Focus-area scores over time (lower: less to work on)")
        .mark_line(point=True)
        .encode(
            x=_DATE,
            y=alt.Y("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Priority score (0-100)"),
            color=alt.Color(
                "Focus area:N",
                scale=alt.Scale(domain=list(FOCUS_TITLES.values()), range=FOCUS_COLOURS),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("Date:T", format="%d %b %Y"),
                alt.Tooltip("Focus area:N"),
                alt.Tooltip("Score:Q"),
            ],
        )
        .properties(height=260),
        "Line chart of each focus area's priority score (0 to 100) per assessment over time.",
    )


@dataclass(frozen=True)
class ProgressView:
    """Everything the progress screen draws, built once per set of answers."""

    count: int
    summary: str
    tests_table: pd.DataFrame
    tests_chart: alt.FacetChart
    tests_summaries: list[str]
    gap_table: pd.DataFrame
    gap_chart: alt.FacetChart
    scores_table: pd.DataFrame
    scores_chart: alt.Chart
    scores_summaries: list[str]
    unscored: list[date]  # drafts: no scores on those dates


def progress_view(
    scored: Sequence[tuple[EarlierAssessment, Findings | None]], norms: Iterable[Norm]
) -> ProgressView:
    """The progress screen's content for a file's assessments (oldest first) and their
    findings (None for a draft, which has no scores)."""
    entries = [e for e, _ in scored]
    norm_of = NormLookup(norms)
    # Summaries from the columns as lists: reading them back out of new DataFrames cost more.
    test_cols, gap_cols = selftest_columns(entries, norm_of), gap_columns(entries, norm_of)
    score_cols = score_columns(scored)
    tests, gaps, scores = (pd.DataFrame(c) for c in (test_cols, gap_cols, score_cols))
    lines = selftest_summaries(test_cols, gap_cols)
    return ProgressView(
        count=len(entries),
        summary=progress_summary(lines, len(entries)),
        tests_table=tests,
        tests_chart=selftests_chart(tests),
        tests_summaries=lines,
        gap_table=gaps,
        gap_chart=gap_chart(gaps),
        scores_table=scores,
        scores_chart=scores_chart(scores),
        scores_summaries=score_summaries(score_cols),
        unscored=[e.assessed_on for e, f in scored if f is None],
    )
