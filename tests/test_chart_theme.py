"""Charts everyone can read: text contrast, colour-blind-safe colours, honest axes and legends.

The theme's text colours are checked against the chart background with the WCAG formula;
every chart of the three screens is built and its spec read back.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import pytest

from assessments.chart_theme import (
    AA,
    BACKGROUND,
    CONFIG,
    OKABE_ITO,
    TEXT,
    TEXT_COLOURS,
    blend,
    contrast,
)
from assessments.charts_compare import (
    PLAN_COLOURS,
    focus_coverage,
    season_timelines,
    weekly_load_compare,
)
from assessments.charts_plan import (
    FOCUS_COLOURS,
    PHASE_COLOURS,
    RUN_COLOURS,
    season_timeline,
    utc_ms,
    week_strip,
    weekly_load,
)
from assessments.charts_progress import progress_view
from assessments.charts_results import (
    SIDE_COLOURS,
    VERDICT_COLOURS,
    results_view,
)
from assessments.examples import load_example
from assessments.history import as_assessment, retest, snapshot, timeline
from assessments.library import PhaseName
from assessments.model import Assessment
from assessments.planner import Plan, make_plan
from assessments.rules import load_rules
from assessments.scoring import score
from tests.plan_helpers import findings, with_goals

ROOT = Path(__file__).resolve().parent.parent
START = date(2026, 1, 7)  # a Wednesday: week 1 starts on Monday 5 January
FIRST_MONDAY = date(2026, 1, 5)


def streamlit_theme() -> dict[str, str]:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]


# --- contrast ------------------------------------------------------------------------------


def test_contrast_follows_the_wcag_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert blend("#000000", "#ffffff", 0.5) == "#808080"


@pytest.mark.parametrize("where", sorted(TEXT_COLOURS))
def test_every_chart_text_colour_reaches_aa_on_the_chart_background(where):
    assert contrast(TEXT_COLOURS[where], BACKGROUND) >= AA, where


def test_the_chart_theme_matches_the_app_theme_and_captions_reach_aa():
    theme = streamlit_theme()
    assert theme["backgroundColor"].lower() == BACKGROUND.lower()
    assert theme["textColor"].lower() == TEXT.lower()
    for bg in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert contrast(theme["textColor"], bg) >= AA
    # Streamlit draws captions (st.caption) in the text colour at 60% opacity.
    assert contrast(blend(theme["textColor"], theme["backgroundColor"], 0.6), BACKGROUND) >= AA


# --- every chart of the three screens -------------------------------------------------------


@cache
def plans() -> tuple[Plan, Plan]:
    a = with_goals()
    return make_plan(a, findings(), START), make_plan(a, findings(), START, sessions_inseason=0)


@cache
def all_charts() -> dict[str, Any]:
    a, b = plans()
    example = load_example("masters_marathoner")
    view = results_view(example, score(example), load_rules().norms)
    return {
        "results focus": view.focus_chart,
        "results sides": view.sides_chart,
        "results norms": view.norms_chart,
        "plan timeline": season_timeline(a),
        "plan weekly load": weekly_load(a),
        "plan week strip": week_strip(a, 3, "Week 3"),
        "compare weekly load": weekly_load_compare(a, b),
        "compare focus": focus_coverage(a, b),
        "compare seasons": season_timelines(a, b),
        **progress_charts(example),
    }


def progress_charts(a: Assessment) -> dict[str, Any]:
    later = a.model_copy(update={"assessed_on": a.assessed_on + timedelta(weeks=6)})
    entries = timeline(retest(a, later.assessed_on))[:1] + [snapshot(later)]
    view = progress_view([(e, score(as_assessment(e))) for e in entries], load_rules().norms)
    return {
        "progress self-tests": view.tests_chart,
        "progress gap": view.gap_chart,
        "progress scores": view.scores_chart,
    }


def colours_in(spec: Any) -> set[str]:
    """Every colour a spec's scales and marks name."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "range" and isinstance(value, list):
                found |= {v for v in value if isinstance(v, str) and v.startswith("#")}
            elif key in ("color", "fill", "stroke") and isinstance(value, str):
                found.add(value)
            else:
                found |= colours_in(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= colours_in(item)
    return found


@pytest.mark.parametrize("name", list(all_charts()))
def test_each_chart_has_the_theme_text_an_accessible_name_and_safe_colours(name):
    spec = all_charts()[name].to_dict()
    for part, keys in CONFIG.items():
        assert {k: spec["config"][part][k] for k in keys} == keys, part
    assert len(spec.get("description", "")) > 20  # Vega's aria-label for the chart
    data_colours = colours_in({k: v for k, v in spec.items() if k != "config"})
    allowed = {c.lower() for c in OKABE_ITO.values()} | {"#dddddd", "white", "black"}
    assert {c.lower() for c in data_colours} <= allowed, name


def test_palettes_are_okabe_ito_without_red_green_pairs():
    okabe = {c.lower() for c in OKABE_ITO.values()}
    for palette in (
        PLAN_COLOURS,
        PHASE_COLOURS,
        FOCUS_COLOURS,
        SIDE_COLOURS,
        VERDICT_COLOURS,
        RUN_COLOURS,
    ):
        assert {c.lower() for c in palette} - {"#dddddd"} <= okabe
        assert len(set(palette)) == len(palette)
    for old in ("#d62728", "#2ca02c", "#98df8a", "#e45756"):  # the former reds and greens
        assert all(old not in colours_in(c.to_dict()) for c in all_charts().values())


# --- axes and legends say only what is there ----------------------------------------------


def test_week_axes_start_on_the_plans_first_week():
    a, b = plans()
    for chart in (weekly_load(a), weekly_load_compare(a, b)):
        x = chart.to_dict()["encoding"]["x"]
        assert x["scale"]["domain"][0] == utc_ms(FIRST_MONDAY)
        assert x["scale"]["nice"] is False
        assert x["axis"]["values"][0] == utc_ms(FIRST_MONDAY)
        assert x["axis"]["formatType"] == "utc"
        mondays = [datetime.fromtimestamp(v / 1000, UTC).date() for v in x["axis"]["values"]]
        assert all(d.weekday() == 0 for d in mondays)


def test_legends_list_only_what_the_chart_shows():
    a = make_plan(with_goals(offseason_start=None, offseason_end=None), findings(), START)
    phases = [p.value for p in a.season.phases()]
    assert PhaseName.off_season.value not in phases
    timeline = season_timeline(a).to_dict()["layer"][0]["encoding"]["color"]["scale"]
    assert timeline["domain"] == phases
    assert timeline["range"] == [PHASE_COLOURS[list(PhaseName).index(PhaseName(p))] for p in phases]
    seasons = season_timelines(a, a).to_dict()["layer"][0]["encoding"]["color"]["scale"]
    assert seasons["domain"] == phases
    load = weekly_load(a).to_dict()
    rows = load["datasets"][load["data"]["name"]]
    assert load["encoding"]["color"]["scale"]["domain"] == list(
        dict.fromkeys(
            t for t in load["encoding"]["color"]["sort"] if t in {r["focus_title"] for r in rows}
        )
    )
    strip = week_strip(a, 3, "Week 3").to_dict()
    runs = {r["run"] for r in strip["datasets"][strip["data"]["name"]]}
    assert set(strip["layer"][0]["encoding"]["color"]["scale"]["domain"]) == runs


def test_plan_a_and_plan_b_stay_apart_when_equal():
    a, _ = plans()
    enc = weekly_load_compare(a, a).to_dict()["encoding"]
    for channel in ("color", "strokeDash", "strokeWidth", "shape"):
        values = enc[channel]["scale"]["range"]
        assert values[0] != values[1], channel
    assert enc["strokeWidth"]["scale"]["range"][0] > enc["strokeWidth"]["scale"]["range"][1]


def test_a_template_chart_keeps_its_own_axis():
    a, b = plans()
    late = make_plan(with_goals(), findings(), date(2026, 3, 2))
    first = weekly_load_compare(a, b)
    spec = first.to_dict()
    weekly_load_compare(late, late)
    assert first.to_dict() == spec
    assert isinstance(first, alt.Chart)
