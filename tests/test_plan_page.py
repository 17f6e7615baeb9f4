"""AppTest of the plan screen: examples, referral, drafts, impossible dates, downloads."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from assessments.examples import example_for_today
from assessments.exports import schedule_csv
from assessments.planner import make_plan
from assessments.scoring import score
from assessments.season import coming_monday
from tests.screens import example, open_screen, walk

PLAN = "pages/plan.py"


def plan_page(answers: dict[str, Any] | None) -> AppTest:
    return open_screen(PLAN, answers)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info]
    )
    return "\n".join(str(p) for p in parts)


def test_example_shows_the_plan_with_charts_splits_and_downloads():
    at = plan_page(example("trail_ankle_sprains"))
    assert at.title[0].value == "Your strength plan"
    body = texts(at)
    assert "strength sessions" in body
    assert "off-season" in body and "taper" in body
    headers = [h.value for h in at.subheader]
    assert "Off-season split" in headers and "In-season split" in headers
    charts = [e for e in walk(at.main) if e.type == "vega_lite_chart"]
    assert len(charts) == 4  # timeline, weekly load, two week strips
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download schedule (CSV)", "Download calendar (.ics)"]
    assert len(at.dataframe) >= 3
    assert "not a diagnosis" in body


def test_the_split_tables_match_the_planner():
    a = example_for_today("masters_marathoner", date.today())
    plan = make_plan(a, score(a), coming_monday(date.today()))
    at = plan_page(a.model_dump(mode="python"))
    shown = next(d.value for d in at.dataframe if "exercise" in d.value.columns)
    off = [s for s in plan.splits if s.phase.value == "off-season"][-1]
    assert list(shown["exercise"]) == [p.name for p in off.sessions[0].items]
    csv = schedule_csv(plan)
    assert len(pd.read_csv(io.StringIO(csv))) == sum(len(s.items) for s in plan.sessions)


def test_red_flag_shows_the_referral_and_no_plan():
    at = plan_page(example("red_flag_bone_stress"))
    assert at.error and "professional" in at.error[0].value
    assert not at.get("download_button")
    assert "not a diagnosis" in texts(at)


def test_draft_says_what_is_missing_and_offers_an_example():
    at = plan_page(None)
    assert at.info and "still missing" in at.info[0].value
    assert not at.get("download_button")
    at.button(key="plan:load_example").click().run()
    assert not at.exception
    assert at.get("download_button")


def test_start_after_the_race_gives_a_clear_message():
    at = plan_page(example("trail_ankle_sprains"))
    at.date_input(key="plan:start").set_value(date.today().replace(year=date.today().year + 2))
    at.run()
    assert at.error and "No plan for these dates" in at.error[0].value
    assert not at.get("download_button")


def test_timed_calendar_controls_appear_when_not_all_day():
    at = plan_page(example("road_5k_weak_hamstrings"))
    at.toggle(key="plan:all_day").set_value(False).run()
    assert not at.exception
    assert at.selectbox(key="plan:tz").value == "Europe/London"
    assert at.get("download_button")
