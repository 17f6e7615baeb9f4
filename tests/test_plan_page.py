"""AppTest of the plan screen: the next session, the weeks ahead, the agenda, referral, drafts,
impossible dates, downloads. "Today" is pinned with RUNNER_TODAY, never the wall clock."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessments.examples import example_for_today
from assessments.model import Assessment
from assessments.planner import make_plan
from assessments.schedule import next_session, session_short
from assessments.scoring import score
from assessments.season import coming_monday, monday_of
from tests.screens import open_screen, walk

PLAN = "pages/plan.py"
TODAY = date(2027, 3, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setenv("RUNNER_TODAY", TODAY.isoformat())
    return TODAY


def answers(name: str) -> dict[str, Any]:
    return example_for_today(name, TODAY).model_dump(mode="python")


def plan_page(data: dict[str, Any] | None) -> AppTest:
    return open_screen(PLAN, data)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info]
    )
    return "\n".join(str(p) for p in parts).replace("\\", "")


def test_the_next_session_comes_first_with_every_exercise_and_dose():
    a = example_for_today("masters_marathoner", TODAY)
    plan = make_plan(a, score(a), coming_monday(TODAY))
    at = plan_page(a.model_dump(mode="python"))
    assert at.title[0].value == "Your strength plan"
    assert at.subheader[0].value == "Your next session"
    nxt = next_session(plan, TODAY)
    assert nxt is not None and nxt.date >= TODAY
    head, exercises = (m.value.replace("\\", "") for m in at.markdown[:2])
    assert f"{nxt.date:%A} {nxt.date.day} {nxt.date:%B %Y}" in head
    assert "after your" in head.lower() or "rest day" in head.lower()
    for i, p in enumerate(nxt.items, 1):
        assert f"{i}. **{p.name}**: {p.sets} × {p.reps}, rest {p.rest_s} s" in exercises
    how = [e for e in at.expander if e.label == "How to do these exercises, and why"]
    assert how and all(p.cues.split(";")[0] in texts(at) for p in nxt.items)


def test_no_dataframes_and_the_downloads_and_next_step_are_there():
    at = plan_page(answers("trail_ankle_sprains"))
    card = [e for e in walk(at.main) if e.type == "flex_container"][0]  # the card comes first
    assert "arrow_data_frame" not in {e.type for e in walk(card)}
    assert not at.dataframe  # the charts' data is drawn only while its section is open
    at.session_state["plan:tables"] = True
    at.run()
    data = [e for e in at.expander if e.label == "The charts' data as tables"]
    assert len(at.dataframe) == len(data[0].dataframe) == 2  # only the charts' data
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Download schedule (CSV)",
        "Download coach CSV (with the reasoning)",
        "Download calendar (.ics)",
        "Download printable plan (PDF)",
    ]
    links = [e.proto.page for e in at.get("page_link")]
    assert "compare" in links
    assert "not a diagnosis" in texts(at)
    assert "For coaches" in [e.label for e in at.expander]


def test_the_agenda_lists_every_dated_session_once():
    a = example_for_today("road_5k_weak_hamstrings", TODAY)
    plan = make_plan(a, score(a), coming_monday(TODAY))
    at = plan_page(a.model_dump(mode="python"))
    agenda = "\n".join(m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**"))
    for s in plan.sessions:
        assert session_short(s) in agenda
    week_lines = [line for line in agenda.splitlines() if line.startswith("- **Week ")]
    assert len(week_lines) == len(plan.weeks)
    assert sum(line.count(": session ") + line.count(": light session") for line in week_lines) == (
        len(plan.sessions)
    )


def test_a_start_in_the_past_puts_the_next_session_after_today():
    a = example_for_today("masters_marathoner", TODAY)
    start = monday_of(TODAY) - timedelta(weeks=2)
    plan = make_plan(a, score(a), start)
    at = plan_page(a.model_dump(mode="python"))
    at.date_input(key="plan:start").set_value(start).run()
    assert not at.exception
    nxt = next_session(plan, TODAY)
    assert nxt is not None and plan.sessions[0].date < TODAY <= nxt.date
    assert f"{nxt.date:%A} {nxt.date.day} {nxt.date:%B %Y}" in at.markdown[0].value


def test_without_a_browser_time_zone_utc_is_used_and_said():
    at = plan_page(answers("road_5k_weak_hamstrings"))
    assert "taken in UTC" in texts(at)
    assert at.selectbox(key="plan:zone").value == "UTC"
    at.toggle(key="plan:all_day").set_value(False).run()
    assert not at.exception
    assert at.selectbox(key="plan:tz").value == "UTC"


def test_red_flag_shows_the_referral_and_no_plan():
    at = plan_page(answers("red_flag_bone_stress"))
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


def test_start_after_the_race_gives_a_clear_message_and_keeps_the_date():
    at = plan_page(answers("trail_ankle_sprains"))
    later = TODAY.replace(year=TODAY.year + 2)
    at.date_input(key="plan:start").set_value(later).run()
    assert at.error and "No plan for these dates" in at.error[0].value
    assert not at.get("download_button")
    assert at.date_input(key="plan:start").value == later


def test_the_pdf_and_the_files_are_built_only_when_downloaded(monkeypatch):
    from ui import plan_cache

    built: list[str] = []
    monkeypatch.setattr(plan_cache, "plan_pdf", lambda *a, **k: built.append("pdf") or b"")
    monkeypatch.setattr(plan_cache, "make_coach_csv", lambda *a, **k: built.append("coach") or "")
    monkeypatch.setattr(plan_cache, "schedule_ics", lambda *a, **k: built.append("ics") or b"")
    data = answers("masters_marathoner")
    at = plan_page(data)
    at.selectbox(key="plan:remind").set_value(60).run()
    assert not at.exception
    assert len(at.get("download_button")) == 4
    assert built == []  # the screen's reruns never made a PDF, a coach CSV or a calendar
    # The patches are the ones a click would reach: asking for the PDF builds it.
    answers_json = Assessment.model_validate(data).model_dump_json()
    assert plan_cache.pdf(answers_json, coming_monday(TODAY), '{"minutes": 41}') == b""
    assert built == ["pdf"]
