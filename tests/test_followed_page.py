"""AppTest: the plan screen records the plan followed, and after a retest keeps past weeks."""

from __future__ import annotations

from datetime import date, timedelta

from assessments.exports import schedule_csv
from assessments.history import retest
from assessments.model import Assessment
from assessments.planner import make_plan
from assessments.planning.followed import in_force_from, stitched
from assessments.scoring import score
from assessments.season import coming_monday, monday_of
from tests.screens import example, open_screen, shown
from ui import followed_view, plan_cache

START = coming_monday(date.today())


def test_following_a_plan_records_its_start_in_the_file() -> None:
    at = open_screen("pages/plan.py", example("masters_marathoner"))
    at.button(key="plan:record").click().run()
    assert not at.exception
    a = Assessment.model_validate(at.session_state["answers"])
    assert a.plan is not None and a.plan.start == START and a.plan.variant == ""
    assert "recorded in your file" in shown(at)


def test_after_a_retest_the_plan_keeps_past_weeks_and_changes_exercises_after() -> None:
    first = Assessment.model_validate(
        example("masters_marathoner", assessed_on=date.today() - timedelta(days=1))
        | {"plan": {"start": START, "variant": ""}}
    )
    later = retest(first, START + timedelta(weeks=5, days=2))
    data = later.model_dump(mode="python")
    data["self_tests"] = first.model_dump(mode="python")["self_tests"] | {
        "calf_raise": {"left": 5, "right": 40},
        "single_leg_balance": {"left": 2, "right": 30},
    }
    now = Assessment.model_validate(data)
    at = open_screen("pages/plan.py", now.model_dump(mode="python"))
    assert "Weeks before your latest retest keep the exercises" in shown(at)

    old = make_plan(first, score(first), START)
    new = make_plan(now, score(now), START)
    switch = in_force_from(now.assessed_on)
    expected = stitched([(START, old), (switch, new)])
    assert [s.items for s in old.sessions] != [s.items for s in new.sessions]
    assert "Stop following this plan" in [b.label for b in at.button]

    # What the screen draws and downloads: the plan cache's followed plan for these keys.
    answers_json = now.model_dump_json(exclude={"earlier"})
    past = plan_cache.past_parts(now)
    assert [b for b, _ in past] == [monday_of(START)]
    got = plan_cache.followed(answers_json, START, "", past)
    assert got.sessions == expected.sessions and got.season == new.season
    csv = plan_cache.followed_csv(answers_json, START, "", past).decode("utf-8")
    assert csv == schedule_csv(expected) != schedule_csv(new)


def test_following_plan_b_records_its_variant_and_the_plan_screen_shows_it() -> None:
    at = open_screen("pages/compare.py", example("masters_marathoner"), {"b_minutes": "30"})
    at.button(key="compare:follow_b").click().run()
    a = Assessment.model_validate(at.session_state["answers"])
    assert a.plan is not None and a.plan.start == START and "min30" in a.plan.variant
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    assert "You follow plan B from Compare" in shown(at)
    answers_json = a.model_dump_json(exclude={"earlier"})
    shown_plan = plan_cache.followed(
        answers_json, START, followed_view.options_json(a, START, answers_json)
    )
    assert shown_plan.minutes == 30
