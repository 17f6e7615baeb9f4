"""Charts, tables and text summaries for the results screen.

Each chart is built from a plain table (a DataFrame) that the screen also shows as data, and
each has a one-paragraph summary, because Streamlit charts carry no alt text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from typing import ParamSpec, TypeVar

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from .chart_theme import OKABE_ITO, styled
from .derived import NUMERIC_SIDED, TEST_TITLES, Norm, norms_used
from .findings import Findings
from .focus import FOCUS_TITLES
from .model import Assessment

C = TypeVar("C")
P = ParamSpec("P")
_LABELS = alt.Axis(labelLimit=320)  # focus-area and test names are long; do not cut them
PCT_CAP = 200.0  # bars beyond twice the reference are drawn at the edge (the table has the value)
SIDE_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["orange"]]  # left, right
VERDICTS = ["below the low cut-off", "below the target", "meets the norm"]
VERDICT_COLOURS = [OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["blue"]]


def _frame(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from row dicts, built column-wise (several times faster than from records).

    The dict already holds the columns in order: passing `columns=` as well made pandas
    reindex, nearly doubling the time.
    """
    return pd.DataFrame({c: [r[c] for r in rows] for c in columns})


def _tips(*fields: str) -> list[alt.Tooltip]:
    # Channel objects, not shorthand strings: Altair resolves strings against the whole
    # schema on every call, which made building three charts cost ~60 ms per rerun.
    return [alt.Tooltip(f) for f in fields]


# The builders skip Altair's validation of every intermediate object (its "debug mode"): the
# finished chart is still validated in full when it is converted with to_dict() for display.
def _quick(build: Callable[P, C]) -> Callable[P, C]:
    @wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> C:
        with debug_mode(False):
            return build(*args, **kwargs)

    return wrapper


def _with_data(template: alt.LayerChart, table: pd.DataFrame) -> alt.LayerChart:
    """A layered chart template (built once, without data) with this table as its data.

    Building the layers cost ~1 ms a chart on every rerun. The result shares its layers with
    the template, so treat it as read-only (`.copy()` it before changing it). Set up as
    `template.copy(deep=False)` would, minus its second pass through LayerChart.__init__,
    which deep-copies every layer to merge parameters and data that the template (built by
    LayerChart.__init__ itself) has merged already; tests check the spec is the same as
    `alt.LayerChart(data=table, ...)`'s.
    """
    chart = alt.LayerChart.__new__(alt.LayerChart)
    with debug_mode(False):
        alt.TopLevelLayerSpec.__init__(chart, *template._args, **{**template._kwds, "data": table})
    return chart


# --- focus areas ---------------------------------------------------------------------------


def focus_table(f: Findings) -> pd.DataFrame:
    return _frame(
        [
            {
                "Focus area": FOCUS_TITLES[fs.area],
                "Score": fs.score,
                "Rules fired": len(fs.rules),
            }
            for fs in f.focus
        ],
        columns=["Focus area", "Score", "Rules fired"],
    )


def focus_chart(table: pd.DataFrame, order: tuple[str, ...] | None = None) -> alt.Chart:
    """Focus areas ranked by score, highest first (`order`: the table's focus areas, in order).

    A template per ranking with this table attached to a shallow copy: building the chart and
    its styling (Altair checks each property against the schema) cost more than its data.
    The copy shares the template's parts, so treat it as read-only.
    """
    template = _focus_template(tuple(table["Focus area"]) if order is None else order)
    with debug_mode(False):
        chart = template.copy(deep=False)
    chart.data = table
    return chart


@lru_cache(maxsize=64)
@_quick
def _focus_template(order: tuple[str, ...]) -> alt.Chart:
    return styled(
        alt.Chart(title="Focus areas, ranked")
        .mark_bar(color=OKABE_ITO["blue"])
        .encode(
            x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Priority score (0-100)"),
            y=alt.Y("Focus area:N", sort=list(order), title=None, axis=_LABELS),
            tooltip=_tips("Focus area:N", "Score:Q", "Rules fired:Q"),
        ),
        "Bar chart: the priority score of each focus area, highest first.",
    )


def focus_summary(f: Findings) -> str:
    top = [fs for fs in f.focus if fs.score > 0][:3]
    if not top:
        return "No focus area stands out: all eight scored 0, so the plan covers them evenly."
    parts = [f"{FOCUS_TITLES[fs.area]} ({fs.score})" for fs in top]
    zero = sum(1 for fs in f.focus if fs.score == 0)
    text = "Your top priorities: " + ", ".join(parts) + "."
    if zero:
        text += f" {zero} area{'s' if zero > 1 else ''} scored 0."
    return text + " Scores are rule-of-thumb weights, not a measurement."


# --- left versus right ---------------------------------------------------------------------


def _norms_for(a: Assessment, norms: Iterable[Norm]) -> dict[str, Norm | None]:
    return norms_used(a, norms)


def _threshold_pct(norm: Norm | None) -> float | None:
    """The weaker side may be this % of the stronger before the sides count as different."""
    if norm is None:
        return None
    if norm.asymmetry_pct is not None:
        return 100.0 - norm.asymmetry_pct
    if norm.ratio_min is not None:
        return 100.0 * min(norm.ratio_min, 1 / norm.ratio_max if norm.ratio_max else 1.0)
    return None


SIDES_COLUMNS = [
    "Self-test",
    "Side",
    "Result",
    "Unit",
    "% of stronger side",
    "Threshold %",
    "Below threshold",
]


def sides_table(a: Assessment, norms: Iterable[Norm]) -> pd.DataFrame:
    """One row per side of each numeric self-test measured on both sides."""
    return _frame(_sides_rows(a, norms), columns=SIDES_COLUMNS)


def _sides_rows(a: Assessment, norms: Iterable[Norm]) -> list[dict[str, object]]:
    by_test = _norms_for(a, norms)
    rows = []
    for test, (title, unit) in NUMERIC_SIDED.items():
        result = getattr(a.self_tests, test)
        if result.left is None or result.right is None:
            continue
        stronger = max(result.left, result.right)
        threshold = _threshold_pct(by_test[test])
        for side in ("left", "right"):
            value = getattr(result, side)
            pct = 100.0 if stronger == 0 else 100.0 * value / stronger
            rows.append(
                {
                    "Self-test": title,
                    "Side": side,
                    "Result": value,
                    "Unit": unit,
                    "% of stronger side": round(pct, 1),
                    "Threshold %": threshold,
                    "Below threshold": threshold is not None and pct < threshold,
                }
            )
    return rows


def sides_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Left and right per self-test as % of the stronger side, with the asymmetry threshold."""
    return _with_data(_sides_template(), table)


@cache
@_quick
def _sides_template() -> alt.LayerChart:
    base = alt.Chart()  # the data goes on the layered chart (sides_chart)
    bars = base.mark_bar().encode(
        x=alt.X(
            "% of stronger side:Q",
            scale=alt.Scale(domain=[0, 100]),
            title="% of your stronger side",
        ),
        y=alt.Y("Self-test:N", title=None, axis=_LABELS),
        yOffset=alt.YOffset("Side:N"),
        color=alt.Color("Side:N", scale=alt.Scale(domain=["left", "right"], range=SIDE_COLOURS)),
        tooltip=_tips("Self-test:N", "Side:N", "Result:Q", "Unit:N", "% of stronger side:Q"),
    )
    threshold = (
        base.transform_filter("isValid(datum['Threshold %'])")
        .mark_tick(color="black", thickness=2, size=26)
        .encode(
            x=alt.X("Threshold %:Q"),
            y=alt.Y("Self-test:N"),
            tooltip=[alt.Tooltip("Threshold %:Q", title="Asymmetry threshold (%)")],
        )
    )
    return styled(
        alt.LayerChart(
            layer=[bars, threshold],
            title="Left vs right (black tick: asymmetry threshold)",
        ),
        "Bar chart: left and right side of each self-test as a percentage of the stronger "
        "side, with the asymmetry threshold.",
    )


def sides_summary(table: pd.DataFrame) -> str:
    return _sides_words(table["Self-test"].tolist(), table["Below threshold"].tolist())


def _sides_words(names: list[str], below: list[bool]) -> str:
    """sides_summary from the table's two columns (results_view has them as lists)."""
    if not names:
        return "No self-test was measured on both sides, so there is nothing to compare."
    flagged = sorted({n for n, b in zip(names, below, strict=True) if b})
    tests = len(set(names))
    if not flagged:
        return f"Your left and right sides are within the thresholds on all {tests} tests."
    return (
        f"Your sides differ by more than the threshold on {len(flagged)} of {tests} tests: "
        + ", ".join(flagged)
        + ". The weaker side gets a little extra work."
    )


# --- results against the norms -------------------------------------------------------------


def norms_table(
    a: Assessment, norms: Iterable[Norm], names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The weaker side of each test against its norm: low cut-off and target. `names` gives
    each source id as the runner reads it (authors and year); without it, the ids."""
    return _frame(_norms_rows(a, norms, names), columns=NORMS_COLUMNS)


NORMS_COLUMNS = [
    "Self-test",
    "Your result",
    "Low cut-off",
    "Target",
    "Unit",
    "% of reference",
    "Low cut-off %",
    "Reference",
    "Verdict",
    "Source",
]


def _norms_rows(
    a: Assessment, norms: Iterable[Norm], names: Mapping[str, str] | None
) -> list[dict[str, object]]:
    by_test = _norms_for(a, norms)
    rows = []
    for test in (*NUMERIC_SIDED, "prone_plank"):
        norm = by_test[test]
        if test == "prone_plank":
            value: float | None = a.self_tests.prone_plank
        else:
            r = getattr(a.self_tests, test)
            measured = [v for v in (r.left, r.right) if v is not None]
            value = min(measured) if measured else None
        if value is None or norm is None or (norm.low is None and norm.target is None):
            continue
        reference = norm.target if norm.target is not None else norm.low
        assert reference is not None
        if norm.low is not None and value < norm.low:
            verdict = "below the low cut-off"
        elif norm.target is not None and value < norm.target:
            verdict = "below the target"
        else:
            verdict = "meets the norm"
        rows.append(
            {
                "Self-test": _title(a, test, norm),
                "Your result": value,
                "Low cut-off": norm.low,
                "Target": norm.target,
                "Unit": norm.unit,
                "% of reference": round(min(PCT_CAP, 100.0 * value / reference), 1),
                "Low cut-off %": (
                    round(100.0 * norm.low / reference, 1) if norm.low is not None else None
                ),
                "Reference": "target" if norm.target is not None else "low cut-off",
                "Verdict": verdict,
                "Source": ", ".join(
                    (names or {}).get(i.strip(), i.strip()) for i in norm.source.split(";")
                ),
            }
        )
    return rows


def _title(a: Assessment, test: str, norm: Norm) -> str:
    """The test's title; the balance test says its norm is the average for the runner's age,
    and results taken with the old protocol (before schema 3) say so."""
    title = TEST_TITLES[test]
    if norm.by_age:
        title += " (low cut-off: the average for your age)"
    if test == "single_leg_balance" and a.self_tests.single_leg_balance.old_protocol:
        title += " [old protocol]"
    return title


def norms_chart(table: pd.DataFrame, verdicts: Iterable[str] | None = None) -> alt.LayerChart:
    """Weaker-side results as % of the target (line at 100%), low cut-offs as ticks.

    The legend lists only the verdicts the table holds (one template per set of verdicts);
    `verdicts`: the table's Verdict column, when the caller has it as a list.
    """
    if verdicts is None:
        verdicts = table["Verdict"] if not table.empty else ()
    present = set(verdicts)
    return _with_data(_norms_template(tuple(v for v in VERDICTS if v in present)), table)


@cache
@_quick
def _norms_template(verdicts: tuple[str, ...]) -> alt.LayerChart:
    base = alt.Chart()
    bars = base.mark_bar().encode(
        x=alt.X(
            "% of reference:Q",
            scale=alt.Scale(domain=[0, PCT_CAP]),
            title="Your weaker side, % of the target",
        ),
        y=alt.Y("Self-test:N", title=None, axis=_LABELS),
        color=alt.Color(
            "Verdict:N",
            scale=alt.Scale(
                domain=list(verdicts),
                range=[VERDICT_COLOURS[VERDICTS.index(v)] for v in verdicts],
            ),
        ),
        tooltip=_tips(
            "Self-test:N",
            "Your result:Q",
            "Unit:N",
            "Low cut-off:Q",
            "Target:Q",
            "Reference:N",
            "Verdict:N",
        ),
    )
    target = base.mark_rule(strokeDash=[4, 4], color="black").encode(x=alt.XDatum(100.0))
    low = (
        base.transform_filter("isValid(datum['Low cut-off %'])")
        .mark_tick(color="black", thickness=2, size=18)
        .encode(x=alt.X("Low cut-off %:Q"), y=alt.Y("Self-test:N"))
    )
    return styled(
        alt.LayerChart(layer=[bars, target, low], title="Your results against the norms"),
        "Bar chart: your weaker side on each self-test as a percentage of its target, with "
        "the low cut-offs.",
    )


def norms_summary(table: pd.DataFrame) -> str:
    return _norms_words(table["Self-test"].tolist(), table["Verdict"].tolist())


def _norms_words(names: list[str], verdicts: list[str]) -> str:
    """norms_summary from the table's two columns (results_view has them as lists)."""
    if not names:
        return "None of your measured tests has a published norm to compare with."
    rows = list(zip(names, verdicts, strict=True))
    low = [name for name, v in rows if v == "below the low cut-off"]
    under = [name for name, v in rows if v == "below the target"]
    met = len(rows) - len(low) - len(under)
    parts = []
    if low:
        parts.append("below the low cut-off on " + ", ".join(low))
    if under:
        parts.append("short of the target on " + ", ".join(under))
    text = f"You meet the norm on {met} of {len(rows)} tests"
    text += ("; " + "; ".join(parts)) if parts else ""
    return text + ". Some cut-offs are our own (see each test's source)."


# --- everything the results screen draws ---------------------------------------------------


@dataclass(frozen=True)
class ResultsView:
    """The findings with their three charts, tables and summaries, built once per answers."""

    findings: Findings
    focus_table: pd.DataFrame
    focus_chart: alt.Chart
    focus_summary: str
    sides_table: pd.DataFrame
    sides_chart: alt.LayerChart
    sides_summary: str
    norms_table: pd.DataFrame
    norms_chart: alt.LayerChart
    norms_summary: str


def results_view(
    a: Assessment, f: Findings, norms: Iterable[Norm], names: Mapping[str, str] | None = None
) -> ResultsView:
    """Built from the rows as lists: reading columns back out of a new DataFrame (summaries,
    the focus ranking, the legend) cost more than the lists."""
    norms = list(norms)
    focus = focus_table(f)
    sides_rows, norms_rows = _sides_rows(a, norms), _norms_rows(a, norms, names)
    sides = _frame(sides_rows, columns=SIDES_COLUMNS)
    against = _frame(norms_rows, columns=NORMS_COLUMNS)
    verdicts = [str(r["Verdict"]) for r in norms_rows]
    return ResultsView(
        findings=f,
        focus_table=focus,
        focus_chart=focus_chart(focus, tuple(FOCUS_TITLES[fs.area] for fs in f.focus)),
        focus_summary=focus_summary(f),
        sides_table=sides,
        sides_chart=sides_chart(sides),
        sides_summary=_sides_words(
            [str(r["Self-test"]) for r in sides_rows],
            [bool(r["Below threshold"]) for r in sides_rows],
        ),
        norms_table=against,
        norms_chart=norms_chart(against, verdicts),
        norms_summary=_norms_words([str(r["Self-test"]) for r in norms_rows], verdicts),
    )
