"""The plan screen's decisions: the next session, the weeks ahead, the season agenda, the words,
the clock and the grades. Everything is drawn from the plan's dated sessions."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import clock
from assessments.examples import example_for_today
from assessments.grades import GRADE_WORDS, grade_words
from assessments.plan_model import Clamp, PlanWarning
from assessments.planner import Plan, make_plan
from assessments.rules import load_rules
from assessments.schedule import (
    next_session,
    season_agenda,
    season_summary,
    session_card,
    session_short,
    split_columns,
    warning_texts,
    weeks_ahead,
)
from assessments.scoring import score
from assessments.season import PlanInputError, coming_monday, monday_of
from assessments.wording import evidence_lines, replace_ids, without_ids
from tests.plan_helpers import plan_cases

TODAY = date(2027, 3, 10)
SOURCES = load_rules().sources
IDS = set(SOURCES)


def example_plan(name: str = "masters_marathoner", start: date | None = None) -> Plan:
    a = example_for_today(name, TODAY)
    return make_plan(a, score(a), start or coming_monday(TODAY))


def _plan(case: tuple) -> Plan | None:
    a, f, start = case
    try:
        return make_plan(a, f, start)
    except PlanInputError:
        return None


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plan_cases(), st.integers(-30, 450))
def test_next_session_is_the_first_on_or_after_today(case, offset):
    plan = _plan(case)
    if plan is None:
        return
    today = case[2] + timedelta(days=offset)
    nxt = next_session(plan, today)
    later = [s for s in plan.sessions if s.date >= today]
    if not later:
        assert nxt is None
        return
    assert nxt is not None and nxt.date == min(s.date for s in later)
    rest, coming = weeks_ahead(plan, today)
    monday = monday_of(today)
    assert nxt not in rest and nxt not in coming
    assert all(today <= s.date < monday + timedelta(days=7) for s in rest)
    assert all(monday + timedelta(days=7) <= s.date < monday + timedelta(days=14) for s in coming)
    shown = {s.date for s in (nxt, *rest, *coming)}
    wanted = {s.date for s in later if s.date < monday + timedelta(days=14)} | {nxt.date}
    assert shown == wanted


@SETTINGS
@given(plan_cases())
def test_the_agenda_holds_every_dated_session_once_in_order(case):
    plan = _plan(case)
    if plan is None:
        return
    agenda = season_agenda(plan, IDS)
    weeks = [w for ph in agenda for w in ph.weeks]
    assert [w.week for w in weeks] == [w.week for w in plan.weeks]
    listed = [s for w in weeks for s in w.sessions]
    assert listed == list(plan.sessions)
    for ph in agenda:
        assert all(w.phase is ph.phase for w in ph.weeks)
    off, in_season = split_columns(agenda)
    assert len(off) + len(in_season) == len(agenda)
    for w in weeks:
        text = w.text()
        assert all(session_short(s) in text for s in w.sessions)
        assert ("lighter week" in text) == any(s.deload for s in w.sessions)


def test_agenda_marks_races_taper_and_lighter_weeks():
    plan = example_plan()
    agenda = season_agenda(plan, IDS)
    assert [ph.phase.value for ph in agenda][-1] == "taper"
    texts = " ".join(w.text() for ph in agenda for w in ph.weeks)
    for race in plan.season.races:
        assert f"race, {race.name}" in texts
    assert agenda[0].heading.startswith("Off-season · ")


def test_the_card_has_every_exercise_with_dose_load_rest_and_no_ids():
    plan = example_plan()
    nxt = next_session(plan, TODAY)
    assert nxt is not None
    card = session_card(plan, nxt, SOURCES)
    assert card.when == f"{nxt.date:%A} {nxt.date.day} {nxt.date:%B %Y}"
    assert [x.name for x in card.exercises] == [p.name for p in nxt.items]
    for x, p in zip(card.exercises, nxt.items, strict=True):
        assert x.dose == f"{p.sets} × {p.reps}" and x.rest == f"rest {p.rest_s} s"
        assert x.load == (p.load_cue or p.intensity) or "(" in (p.load_cue or p.intensity)
    words = " ".join(
        [card.why_day, *card.notes, *card.dose_evidence]
        + [f"{x.note} {x.why} {x.load} {' '.join(x.evidence)}" for x in card.exercises]
    )
    found = [i for i in IDS if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", words)]
    assert found == []


def test_evidence_lines_give_citations_and_grades_in_words():
    lines = evidence_lines("blagrove2018;heuristic;not_a_source", SOURCES)
    assert lines[0].startswith(SOURCES["blagrove2018"].citation)
    assert lines[0].endswith(GRADE_WORDS["S"])
    assert lines[1] == GRADE_WORDS["heuristic"]
    assert len(lines) == 2


def test_warnings_say_what_to_change_without_ids():
    plan = example_plan()
    warned = Plan(
        **{
            **{f: getattr(plan, f) for f in plan.__dataclass_fields__ if not f.startswith("_")},
            "warnings": (PlanWarning("The heavy block is 4 weeks.", "block_length;eihara2022"),),
            "clamps": (Clamp("minutes", "5", "10", "Too short (heuristic).", "heuristic"),),
        }
    )
    texts = warning_texts(warned, IDS)
    assert texts[0] == "Minutes per session: Too short. We used 10."
    assert texts[1].startswith("The heavy block is 4 weeks. To lengthen it")
    assert not any("block_length" in t or "heuristic" in t for t in texts)


def test_without_ids_keeps_words_and_drops_bracketed_ids():
    assert without_ids("Add load (acsm2009).", IDS) == "Add load."
    assert without_ids("Step up (acsm2009; rules/progression.csv).", IDS) == "Step up."
    assert without_ids("Lighter (every few weeks; heuristic).", IDS) == "Lighter (every few weeks)."
    assert without_ids("Hard (hard days hard, easy days easy).", IDS) == (
        "Hard (hard days hard, easy days easy)."
    )
    assert replace_ids("from blagrove2018 and x", {"blagrove2018": "Blagrove 2018"}) == (
        "from Blagrove 2018 and x"
    )


@pytest.mark.parametrize(
    ("grade", "words"),
    [("S", "Strong"), ("W", "Weak"), ("S/M", "Between strong and moderate")],
)
def test_grades_in_words(grade, words):
    assert grade_words(grade).startswith(words)


def test_every_grade_in_the_sources_table_has_words():
    for row in SOURCES.values():
        assert grade_words(row.grade), row  # raises on a grade it has no words for


def test_clock_reads_the_pinned_date_and_refuses_a_bad_one(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2027-03-10")
    assert clock.today("Europe/Paris") == date(2027, 3, 10)
    monkeypatch.setenv(clock.ENV, "10/03/2027")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        clock.today()


def test_zones_are_checked_against_zoneinfo():
    assert clock.valid_zone("Europe/London")
    assert not clock.valid_zone("Mars/Olympus")
    assert not clock.valid_zone(None)
    assert "UTC" in clock.zones()


def test_a_repeated_shortfall_reason_is_said_once_and_the_summary_counts_in_words():
    plan = example_plan("road_5k_weak_hamstrings")
    weeks = [w for ph in season_agenda(plan, IDS) for w in ph.weeks]
    for before, week in zip(weeks, weeks[1:], strict=False):
        if week.same_note:
            assert before.note and "same reason as the week before" in week.text()
            assert week.note.split(":", 1)[-1] == before.note.split(":", 1)[-1]
    text = season_summary(plan)
    assert f"{len(plan.sessions)} strength sessions over {plan.season.weeks} weeks" in text
