"""AppTest of the compare screen: controls change plan B only, clamps, warnings, the URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from assessments.compare import controls, plan_options
from assessments.examples import example_for_today
from assessments.library import PhaseName
from assessments.model import Assessment, Equipment
from assessments.planner import make_plan
from assessments.scoring import score
from assessments.season import coming_monday
from tests import screens
from tests.screens import open_screen, walk

PAGE = "pages/compare.py"
EXAMPLE = "trail_ankle_sprains"


def example(name: str = EXAMPLE) -> dict[str, Any]:
    return screens.example(name)


def compare_page(answers: dict[str, Any] | None, query: dict[str, str] | None = None) -> AppTest:
    return open_screen(PAGE, answers, query)


def table(at: AppTest) -> pd.DataFrame:
    return at.table[0].value


def column(at: AppTest, plan: str) -> dict[str, int]:
    df = table(at)
    return dict(zip(df["What"], df[plan], strict=True))


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")  # markdown escapes


def warnings(at: AppTest) -> list[str]:
    return [w.value.replace("\\", "") for w in at.warning]


def recommended(name: str = EXAMPLE):
    a = example_for_today(name, date.today())
    start = coming_monday(date.today())
    return a, start, make_plan(a, score(a), start)


def test_the_screen_shows_both_plans_the_table_charts_and_downloads():
    at = compare_page(example())
    heads = [h.value for h in at.subheader]
    assert heads[:2] == ["Plan A: the recommendation", "Plan B: the recommendation"]
    a, _, plan = recommended()
    assert column(at, "Plan A")["Strength sessions in all"] == len(plan.main_sessions)
    assert set(table(at)["Difference"]) == {"0"}
    kinds = [el.type for el in walk(at.main)]
    assert kinds.count("vega_lite_chart") == 3
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Plan A schedule (CSV)",
        "Plan A calendar (.ics)",
        "Plan B schedule (CSV)",
        "Plan B calendar (.ics)",
    ]
    assert "not a diagnosis" in " ".join(c.value for c in at.caption)


def test_controls_default_to_the_recommendation():
    a, start, plan = recommended()
    rec = controls(a, start, plan).recommended
    at = compare_page(example())
    assert at.slider(key="b_sessions_off").value == rec.sessions_offseason
    assert at.slider(key="b_sessions_in").value == rec.sessions_inseason
    assert at.slider(key="b_minutes").value == a.goals.minutes_per_session
    assert at.date_input(key="b_offseason_end").value == a.goals.offseason_end
    assert at.select_slider(key="b_emphasis").value == plan.emphasis
    assert at.selectbox(key="b_equipment").value == a.goals.equipment
    assert at.toggle(key="b_plyometrics").value is True


def test_changing_a_control_changes_plan_b_and_not_plan_a():
    at = compare_page(example())
    before_a, before_b = column(at, "Plan A"), column(at, "Plan B")
    at.slider(key="b_sessions_in").set_value(0).run()
    assert not at.exception
    assert column(at, "Plan A") == before_a
    after_b = column(at, "Plan B")
    assert after_b != before_b
    assert after_b["Sessions in the in-season"] == 0
    a, start, plan = recommended()
    rec = controls(a, start, plan).recommended
    b = make_plan(a, score(a), start, options=plan_options(replace(rec, sessions_inseason=0), rec))
    assert after_b["Strength sessions in all"] == len(b.main_sessions)
    assert [h.value for h in at.subheader][1] == "Plan B: a variant"


def test_a_setting_beyond_the_usable_days_says_what_the_plan_holds():
    at = compare_page(example())
    a, start, plan = recommended()
    ctl = controls(a, start, plan)
    assert f"allow at most {ctl.usable} sessions a week" in texts(at)  # beside the sliders
    at.slider(key="b_sessions_off").set_value(7).run()
    shown = warnings(at)
    limit = [t for t in shown if t.startswith("**What your days allow.**")]
    assert len(limit) == 1
    asked = replace(ctl.recommended, sessions_offseason=7)
    b = make_plan(a, score(a), start, options=plan_options(ctl.effective(asked), ctl.recommended))
    n_off = sum(s.phase is PhaseName.off_season for s in b.sessions)
    assert "you asked for 7, but your usable days" in limit[0]
    assert f"({n_off} sessions in the off-season)" in limit[0]
    assert column(at, "Plan B")["Sessions in the off-season"] == n_off
    assert column(at, "Plan B")["Strength sessions in all"] == len(b.main_sessions)
    assert not [t for t in shown if "Safety limit" in t]  # the days, not the cap of 5, hold it


TWO_DAYS = {
    d: {"run": run, "strength_ok": d in ("tue", "thu")}
    for d, run in zip(
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
        ["easy", "hard", "easy", "hard", "rest", "long", "rest"],
        strict=True,
    )
}


def test_a_runner_with_two_usable_days_is_told_before_moving_a_slider():
    answers = example()
    answers["goals"] = {**answers["goals"], "week": TWO_DAYS}
    at = compare_page(answers)
    note = next(m.value for m in at.markdown if "usable days" in m.value).replace("\\", "")
    assert note.startswith("Your usable days (Tue, Thu) allow at most 2 sessions a week.")
    at.slider(key="b_sessions_in").set_value(7).run()
    a = Assessment.model_validate(answers)
    start = coming_monday(date.today())
    rec = make_plan(a, score(a), start)
    ctl = controls(a, start, rec)
    asked = replace(ctl.recommended, sessions_inseason=7)
    b = make_plan(a, score(a), start, options=plan_options(ctl.effective(asked), ctl.recommended))
    assert column(at, "Plan A")["Strength sessions in all"] == len(rec.main_sessions)
    assert column(at, "Plan B")["Strength sessions in all"] == len(b.main_sessions)
    n_in = sum(s.phase is PhaseName.in_season for s in b.sessions)
    assert column(at, "Plan B")["Sessions in the in-season"] == n_in
    shown = warnings(at)
    assert any("allow at most 2 sessions a week" in t and f"({n_in} sessions" in t for t in shown)
    assert not [t for t in shown if "5 sessions a week" in t or "uses 5" in t]


def test_the_offseason_slider_is_off_for_a_season_without_one():
    answers = example()
    answers["goals"] = {**answers["goals"], "offseason_start": None, "offseason_end": None}
    at = compare_page(answers)
    off, inn = at.slider(key="b_sessions_off"), at.slider(key="b_sessions_in")
    assert off.disabled is True and inn.disabled is False
    assert "This season has no off-season, so this setting does not apply." in texts(at)
    # An off-season end date gives plan B an off-season, and the slider comes back.
    end = date.today() + timedelta(weeks=10)
    at.date_input(key="b_offseason_end").set_value(end).run()
    assert at.slider(key="b_sessions_off").disabled is False
    assert "Sessions in the off-season" in column(at, "Plan B")


def test_an_offseason_end_in_the_taper_is_held_back_with_the_reason():
    a, start, plan = recommended()
    race = plan.season.a_race
    assert race is not None
    at = compare_page(example())
    at.date_input(key="b_offseason_end").set_value(race.date - timedelta(days=2)).run()
    clamp = [t for t in warnings(at) if t.startswith("**Safety limit.**")]
    assert clamp and "no heavy work in the last week before the race" in clamp[0]


def test_a_variant_outside_the_evidence_carries_a_warning_with_its_source():
    at = compare_page(example())
    assert not [t for t in warnings(at) if "Outside the evidence" in t]
    at.toggle(key="b_plyometrics").set_value(False).run()
    found = [t for t in warnings(at) if "Outside the evidence" in t]
    assert len(found) == 1
    assert "Plyometrics are off" in found[0]
    assert "Source: Dudagoitia Barrio et al. 2023" in found[0]
    assert column(at, "Plan B")["Sets: Power and plyometrics"] == 0


def test_settings_from_query_parameters_restore_the_controls():
    a, start, plan = recommended()
    end = date.today() + timedelta(days=40)
    query = {
        "b_sessions_off": "2",
        "b_sessions_in": "0",
        "b_minutes": "30",
        "b_offseason_end": end.isoformat(),
        "b_emphasis": "injury resilience only",
        "b_equipment": "Resistance bands",
        "b_plyometrics": "false",
        "plan_a": "min60",
    }
    at = compare_page(example(), query)
    assert at.slider(key="b_sessions_off").value == 2
    assert at.slider(key="b_sessions_in").value == 0
    assert at.slider(key="b_minutes").value == 30
    assert at.date_input(key="b_offseason_end").value == end
    assert at.select_slider(key="b_emphasis").value == 1.0
    assert at.selectbox(key="b_equipment").value == Equipment.bands
    assert at.toggle(key="b_plyometrics").value is False
    heads = [h.value for h in at.subheader]
    assert heads[:2] == ["Plan A: a variant", "Plan B: a variant"]
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # markdown escapes
    assert "minutes per session: 60" in captions


def test_swap_exchanges_the_plans_and_reset_restores_the_recommendation():
    at = compare_page(example())
    at.slider(key="b_sessions_in").set_value(0).run()
    rec_col, var_col = column(at, "Plan A"), column(at, "Plan B")
    at.button(key="compare:swap").click().run()
    assert not at.exception
    assert column(at, "Plan A") == var_col and column(at, "Plan B") == rec_col
    assert at.slider(key="b_sessions_in").value == controls_rec().sessions_inseason
    assert at.query_params.get("plan_a") == "in0"
    at.slider(key="b_minutes").set_value(30).run()
    at.button(key="compare:reset").click().run()
    assert at.slider(key="b_minutes").value == controls_rec().minutes
    assert column(at, "Plan B") == rec_col and column(at, "Plan A") == var_col
    at.button(key="compare:swap").click().run()
    assert at.slider(key="b_sessions_in").value == 0
    assert "plan_a" not in at.query_params


def controls_rec():
    a, start, plan = recommended()
    return controls(a, start, plan).recommended


def test_no_complete_assessment_says_so_and_links_to_the_assessment():
    at = compare_page(None)
    assert at.info and "still missing" in at.info[0].value
    assert [el.proto.label for el in walk(at.main) if el.type == "page_link"] == [
        "Continue the assessment"
    ]
    assert "comparison needs a complete assessment" in at.info[0].value
    assert not at.get("download_button") and not at.table
    at.button(key="compare:load_example").click().run()
    assert not at.exception and at.get("download_button")


def test_a_red_flag_shows_the_referral_and_no_comparison():
    at = compare_page(example("red_flag_bone_stress"))
    assert at.error and "professional" in at.error[0].value
    links = [el.proto.label for el in walk(at.main) if el.type == "page_link"]
    assert links == ["See your results", "Back to the assessment"]
    assert not at.get("download_button") and not at.table
    assert not at.slider


def test_the_answers_never_go_into_the_url():
    answers = example()
    answers["runner_name"] = "Zed Secret"
    at = compare_page(answers)
    at.slider(key="b_sessions_in").set_value(0).run()
    at.button(key="compare:swap").click().run()
    params = dict(at.query_params)
    assert set(params) <= {"plan_a", "start", *(f"b_{k}" for k in ("sessions_off", "sessions_in"))}
    assert "Zed" not in str(params)
    assert Assessment.model_validate(answers).runner_name not in str(params)


def test_an_emptied_offseason_date_keeps_the_answers_off_season():
    at = compare_page(example())
    at.date_input(key="b_offseason_end").set_value(None).run()
    assert not at.exception
    assert [h.value for h in at.subheader][1] == "Plan B: the recommendation"
    assert set(table(at)["Difference"]) == {"0"}
