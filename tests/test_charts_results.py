"""Chart builders, tables and summaries of the results screen, checked through to_dict()."""

from __future__ import annotations

from typing import Any

import altair as alt

from assessments.chart_theme import CONFIG
from assessments.charts_results import (
    focus_chart,
    focus_summary,
    focus_table,
    norms_chart,
    norms_summary,
    norms_table,
    sides_chart,
    sides_summary,
    sides_table,
)
from assessments.examples import load_example
from assessments.rules import load_rules
from assessments.scoring import score
from tests.scoring_support import build


def data_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return next(iter(spec["datasets"].values()))


def test_focus_chart_ranks_areas_by_score() -> None:
    f = score(load_example("trail_ankle_sprains"))
    table = focus_table(f)
    spec = focus_chart(table).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert spec["encoding"]["y"]["sort"] == list(table["Focus area"])
    rows = data_of(spec)
    assert [r["Score"] for r in rows] == sorted((r["Score"] for r in rows), reverse=True)
    assert rows[0]["Focus area"].startswith("Single-leg balance")
    assert "Single-leg balance and ankle stability (90)" in focus_summary(f)


def test_focus_summary_when_nothing_stands_out() -> None:
    f = score(build(**{"goals.aim": "injury_resilience", "history.other_activities": ["climbing"]}))
    f.focus = [fs.model_copy(update={"score": 0}) for fs in f.focus]
    assert "all eight scored 0" in focus_summary(f)


def test_sides_chart_draws_left_right_and_the_threshold() -> None:
    a = build(
        **{
            "self_tests.calf_raise": {"left": 20, "right": 30},
            "self_tests.side_plank": {"left": 100, "right": 98},
            "self_tests.single_leg_balance": {"left": 20, "right_skipped": True},
        }
    )
    table = sides_table(a, load_rules().norms)
    calf = table[table["Self-test"] == "Single-leg calf raises"].set_index("Side")
    assert calf.loc["left", "% of stronger side"] == 66.7 and calf.loc["right", "Result"] == 30
    assert calf.loc["left", "Threshold %"] == 90.0 and calf.loc["left", "Below threshold"]
    plank = table[table["Self-test"] == "Side plank"]
    assert set(plank["Threshold %"]) == {95.0} and not plank["Below threshold"].any()
    assert "Single-leg balance, eyes closed" not in set(table["Self-test"])  # one side skipped
    spec = sides_chart(table).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "tick"]
    assert spec["layer"][0]["encoding"]["yOffset"]["field"] == "Side"
    assert spec["layer"][1]["encoding"]["x"]["field"] == "Threshold %"
    summary = sides_summary(table)
    assert "1 of 4 tests" in summary and "Single-leg calf raises" in summary


def test_sides_summary_without_two_sided_results() -> None:
    a = build(
        **{
            f"self_tests.{t}": {"left_skipped": True, "right_skipped": True}
            for t in (
                "calf_raise",
                "hamstring_bridge",
                "side_plank",
                "side_lying_leg_lift",
                "single_leg_balance",
            )
        }
    )
    table = sides_table(a, load_rules().norms)
    assert table.empty and "nothing to compare" in sides_summary(table)
    assert sides_chart(table).to_dict()["layer"]


def test_norms_chart_compares_the_weaker_side_with_low_and_target() -> None:
    a = build(**{"self_tests.calf_raise": {"left": 20, "right": 27}, "self_tests.prone_plank": 100})
    table = norms_table(a, load_rules().norms).set_index("Self-test")
    calf = table.loc["Single-leg calf raises"]
    assert calf["Your result"] == 20 and calf["Low cut-off"] == 25 and calf["Target"] == 30
    assert calf["% of reference"] == 66.7 and calf["Verdict"] == "below the low cut-off"
    assert table.loc["Prone plank", "Target"] == 124  # the male norm
    assert table.loc["Prone plank", "Verdict"] == "below the target"
    assert table.loc["Side plank", "Reference"] == "low cut-off"  # no target in the evidence
    spec = norms_chart(table.reset_index()).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "rule", "tick"]
    assert spec["layer"][0]["encoding"]["color"]["field"] == "Verdict"
    summary = norms_summary(table.reset_index())
    assert "below the low cut-off on Single-leg calf raises" in summary
    assert "short of the target on Prone plank" in summary


def test_female_norm_is_used_for_a_female_runner() -> None:
    a = build(**{"history.sex": "female", "self_tests.prone_plank": 100})
    table = norms_table(a, load_rules().norms).set_index("Self-test")
    assert table.loc["Prone plank", "Target"] == 83
    assert table.loc["Prone plank", "Verdict"] == "meets the norm"


def test_layered_charts_from_templates_equal_charts_built_in_full() -> None:
    """sides_chart/norms_chart attach the table to a template built once: same spec as
    building the layered chart around the table, and one chart's data never leaks into
    another's."""
    rules = load_rules()
    one = load_example("masters_marathoner")
    two = build(**{"self_tests.calf_raise": {"left": 20, "right": 27}})
    for table_of, chart_of in ((sides_table, sides_chart), (norms_table, norms_chart)):
        first, second = table_of(one, rules.norms), table_of(two, rules.norms)
        chart = chart_of(first)
        spec = chart.to_dict()
        full = alt.LayerChart(data=first, layer=[layer.copy() for layer in chart.layer])
        full = full.properties(title=chart.title, description=chart.description)
        full = full.configure(**CONFIG)
        assert full.to_dict() == spec
        other = chart_of(second).to_dict()
        assert data_of(other) != data_of(spec)
        assert chart.to_dict() == spec  # building the second chart left the first as it was
