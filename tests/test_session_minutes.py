"""Protocol work counts toward the session's minutes (issue 10): accessories give way, and what
still does not fit is said once in the plan's notes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.examples import EXAMPLES, load_example
from assessments.planner import Plan, make_plan
from assessments.planning.fit_minutes import estimated_minutes
from assessments.planning.sessions import WARMUP_MIN
from assessments.scoring import score
from assessments.season import PlanInputError
from tests.plan_helpers import plan_cases
from tests.strategies import protocol_triggers, with_protocol_triggers


def over_notes(plan: Plan) -> list[str]:
    return [n for n in plan.notes if f"longer than your {plan.minutes} minutes" in n]


def check_minutes(plan: Plan) -> None:
    """No session past the runner's minutes, or exactly one note that says how far past."""
    over = [estimated_minutes(s.items) for s in plan.sessions]
    over = [m for m in over if m > plan.minutes]
    notes = over_notes(plan)
    if not over:
        assert not notes
        return
    assert len(notes) == 1
    assert f"up to about {max(over)} minutes" in notes[0]
    assert f"{len(over)} session" in notes[0]


def left_out(plan: Plan) -> list[tuple[object, list[str]]]:
    """(session, names) for every session that says what it left out to keep to the minutes."""
    prefix = "To keep to your minutes, left out today: "
    out = []
    for s in plan.sessions:
        for n in s.notes:
            if n.startswith(prefix):
                out.append((s, n[len(prefix) : -1].split(", ")))
    return out


def test_the_estimate_counts_warm_up_sets_and_rest():
    a = load_example("trail_ankle_sprains")
    plan = make_plan(a, score(a), a.assessed_on)
    s = next(s for s in plan.sessions if len(s.items) > 2)
    one = estimated_minutes(s.items[:1])
    p = s.items[0]
    assert one == WARMUP_MIN + round((p.sets * (40 + p.rest_s) + 60) / 60)
    assert estimated_minutes(s.items) > one


def test_every_example_keeps_to_the_minutes_or_says_so():
    planned = 0
    for name in EXAMPLES:
        a = load_example(name)
        f = score(a)
        if not f.plan_allowed:
            continue
        planned += 1
        check_minutes(make_plan(a, f, a.assessed_on))
    assert planned >= 4


def test_the_trail_runner_s_protocol_days_drop_accessories_not_main_lifts_or_protocol_work():
    # Ankle and descents protocols join strength sessions of 50 minutes: they used to reach 58.
    a = load_example("trail_ankle_sprains")
    plan = make_plan(a, score(a), a.assessed_on)
    assert plan.minutes == 50
    assert all(estimated_minutes(s.items) <= 50 for s in plan.sessions)
    assert not over_notes(plan)
    cut = left_out(plan)
    assert any(p.protocol for s, _ in cut for p in s.items), "no protocol day left anything out"
    for s, names in cut:
        assert any(p.reason.startswith("Main") for p in s.items)
        assert not {p.name for p in s.items} & set(names)
    # the same runner with time to spare keeps every accessory
    roomy = make_plan(a, score(a), a.assessed_on, minutes=180)
    assert not left_out(roomy)
    assert not over_notes(roomy)


def test_too_few_minutes_for_the_work_that_must_stay_is_said_once():
    a = load_example("trail_ankle_sprains")
    plan = make_plan(a, score(a), a.assessed_on, minutes=20)
    notes = over_notes(plan)
    assert len(notes) == 1
    check_minutes(plan)
    # what stays: the main lifts and every protocol dose (the same on each day as with time
    # to spare); only accessories are left out
    roomy = {s.date: s for s in make_plan(a, score(a), a.assessed_on, minutes=180).sessions}
    mains = {
        (sp.phase, sp.block, t.key): {p.name for p in t.items if p.reason.startswith("Main")}
        for sp in plan.splits
        for t in sp.sessions
    }
    for s, names in left_out(plan):
        assert any(p.reason.startswith("Main") for p in s.items)
        assert not mains[(s.phase, s.block, s.key)] & set(names)
    for s in plan.sessions:
        mine = sorted(p.exercise_id for p in s.items if p.protocol)
        assert mine == sorted(p.exercise_id for p in roomy[s.date].items if p.protocol)


@settings(max_examples=120)
@given(plan_cases(), protocol_triggers(), st.booleans())
def test_no_session_passes_the_runner_s_minutes_unless_the_plan_says_so(case, triggers, trail):
    a, f, start = case
    try:
        plan = make_plan(with_protocol_triggers(a, triggers, trail), f, start)
    except PlanInputError:
        return
    check_minutes(plan)
    mains = {
        (sp.phase, sp.block, t.key): {p.name for p in t.items if p.reason.startswith("Main")}
        for sp in plan.splits
        for t in sp.sessions
    }
    for s, names in left_out(plan):
        assert not {p.name for p in s.items} & set(names)
        assert not mains.get((s.phase, s.block, s.key), set()) & set(names), "a main lift went"


def test_screen_calendar_and_printout_give_a_long_session_its_own_minutes():
    """A session the over-minutes note names is not shown as the runner's shorter slot."""
    from datetime import datetime, time

    import icalendar

    from assessments.exports import schedule_ics
    from assessments.planning.fit_minutes import estimated_minutes, session_minutes
    from assessments.rules import load_rules
    from assessments.schedule import session_card

    a = load_example("trail_ankle_sprains")
    plan = make_plan(a, score(a), a.assessed_on, minutes=20)
    long = max(plan.sessions, key=lambda s: estimated_minutes(s.items))
    assert estimated_minutes(long.items) > plan.minutes
    want = session_minutes(plan.minutes, long)
    assert want == estimated_minutes(long.items)
    assert session_card(plan, long, load_rules().sources).minutes == want
    cal = icalendar.Calendar.from_ical(
        schedule_ics(plan, at=time(7, 0), tz="UTC", stamp=datetime(2026, 1, 1))
    )
    ev = next(e for e in cal.walk("VEVENT") if e.decoded("DTSTART").date() == long.date)
    assert (ev.decoded("DTEND") - ev.decoded("DTSTART")).total_seconds() == want * 60
    short = [
        s for s in plan.sessions if s.key in "AB" and estimated_minutes(s.items) < plan.minutes
    ]
    assert all(session_minutes(plan.minutes, s) == plan.minutes for s in short)
