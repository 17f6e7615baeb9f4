"""Condition protocols (rules/protocols.csv): who gets which, at what dose, on which days."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.exports import CSV_COLUMNS, schedule_rows
from assessments.library import PhaseName, library, load_library
from assessments.model import WEEKDAYS, Assessment, Priority
from assessments.planner import Plan, Prescription, make_plan
from assessments.planning.downhill import downhill_note
from assessments.scoring import score
from assessments.season import PlanInputError, build_season
from assessments.tables import SHIPPED_RULES_DIR, RulesError
from tests.plan_helpers import BASE, findings, plan_cases
from tests.strategies import protocol_triggers, with_protocol_triggers

START = date(2026, 1, 5)  # a Monday
PROTOCOLS = {p.id: p for p in library().protocols}


def runner(
    *,
    injuries: list[dict[str, Any]] | None = None,
    pain: int = 0,
    areas: tuple[str, ...] = (),
    settles: bool | None = None,
    race_type: str = "road_10k",
    terrain: str = "flat",
    race_in_weeks: int = 40,
    offseason_weeks: int = 16,
    equipment: str = "gym",
    week: dict[str, Any] | None = None,
) -> Assessment:
    """The example trail runner's week (rest/hard/easy/hard/rest/long/easy), answers replaced."""
    data = dict(BASE)
    data["health"] = {
        **BASE["health"],
        "injuries": injuries or [],
        "current_pain": pain,
        "pain_areas": list(areas),
        "pain_settles_by_morning": settles,
    }
    race = {
        "date": START + timedelta(weeks=race_in_weeks, days=5),
        "type": race_type,
        "terrain": terrain,
        "priority": "A",
    }
    off = (START, START + timedelta(weeks=offseason_weeks, days=-1)) if offseason_weeks else None
    data["goals"] = {
        **BASE["goals"],
        "races": [race],
        "equipment": equipment,
        "offseason_start": off[0] if off else None,
        "offseason_end": off[1] if off else None,
        "week": week or BASE["goals"]["week"],
    }
    return Assessment.model_validate(data)


def plan_of(a: Assessment) -> Plan:
    return make_plan(a, findings(), START)


def by_week(plan: Plan, pid: str) -> dict[int, list[list[Prescription]]]:
    """Each week's sessions of one protocol (its prescriptions per session)."""
    out: dict[int, list[list[Prescription]]] = defaultdict(list)
    for s in plan.sessions:
        items = [p for p in s.items if p.protocol == pid]
        if items:
            out[s.week].append(items)
    return out


def assert_ramp_as_table(plan: Plan, pid: str) -> None:
    """Every ramp week of the table, in order from the first week: its sessions and dose."""
    proto = PROTOCOLS[pid]
    weeks = by_week(plan, pid)
    first = min(weeks)
    for step in proto.ramp:
        sessions = weeks[first + step.week - 1]
        assert len(sessions) == step.sessions, (pid, step.week)
        for items in sessions:
            for p in items:
                i = next(
                    i
                    for ids in proto.exercises.values()
                    for i, e in enumerate(ids)
                    if e == p.exercise_id
                )
                assert p.sets == step.sets
                assert p.reps == proto.reps_of(step, i)
                assert p.intensity.startswith(proto.intensity_of(step, i))
                assert f"protocol week {step.week} of {len(proto.ramp)}" in p.reason


def no_protocol(plan: Plan, pid: str) -> None:
    assert not by_week(plan, pid)
    assert not [n for n in plan.notes if PROTOCOLS[pid].title in n]


# --- per protocol: with its trigger, as the table says; without, nothing -------------------


def test_achilles_heavy_slow_resistance_ramp():
    a = runner(injuries=[{"type": "achilles_tendinopathy", "months_since": 6}])
    plan = plan_of(a)
    assert_ramp_as_table(plan, "achilles")
    weeks = by_week(plan, "achilles")
    first, last = min(weeks), min(weeks) + 11
    # beyer2015 as the issue gives it: 15RM in week 1, never near-maximal; 6RM by week 12.
    assert {(p.sets, p.reps, p.intensity[:4]) for p in weeks[first][0]} == {(3, "15", "15RM")}
    assert {(p.sets, p.reps, p.intensity[:3]) for p in weeks[last][0]} == {(4, "6", "6RM")}
    assert all("3 s up, 3 s down" in p.intensity for w in weeks.values() for s in w for p in s)
    ids = {p.exercise_id for w in weeks.values() for s in w for p in s}
    assert ids == {"standing_calf_raise", "seated_calf_raise"}  # gym: machine calf raises
    assert "eccentric_heel_drop" not in ids
    no_protocol(plan_of(runner()), "achilles")


def test_achilles_pain_that_settles_triggers_it_and_pain_that_does_not_does_not():
    settles = runner(pain=4, areas=("achilles_calf",), settles=True, equipment="none")
    plan = plan_of(settles)
    assert_ramp_as_table(plan, "achilles")
    ids = {p.exercise_id for w in by_week(plan, "achilles").values() for s in w for p in s}
    assert ids == {"single_leg_calf_raise"}  # loaded with a backpack at home
    no_protocol(plan_of(runner(pain=4, areas=("achilles_calf",), settles=False)), "achilles")
    no_protocol(plan_of(runner(pain=6, areas=("achilles_calf",), settles=True)), "achilles")


# Long run on Sunday: Tuesday, Thursday and Sunday keep two days clear before it (Nordic rule).
SUNDAY_LONG = {
    "mon": {"run": "easy", "strength_ok": True},
    "tue": {"run": "hard", "strength_ok": True},
    "wed": {"run": "easy", "strength_ok": True},
    "thu": {"run": "hard", "strength_ok": True},
    "fri": {"run": "rest", "strength_ok": True},
    "sat": {"run": "easy", "strength_ok": True},
    "sun": {"run": "long", "strength_ok": True},
}


def test_hamstring_nordic_ramp_then_weekly_and_never_removed_by_equipment():
    for equipment in ("none", "gym"):
        a = runner(
            injuries=[{"type": "hamstring_strain", "months_since": 40}],
            equipment=equipment,
            week=SUNDAY_LONG,
        )
        plan = plan_of(a)
        assert_ramp_as_table(plan, "hamstring")
        weeks = by_week(plan, "hamstring")
        first = min(weeks)
        assert [(p.sets, p.reps) for p in weeks[first][0]] == [(2, "5")]  # 1 session, 2 x 5
        assert len(weeks[first]) == 1
        ids = {p.exercise_id for w in weeks.values() for s in w for p in s}
        assert ids == {"nordic_hamstring"}
        # after the 10-week ramp, and in season: once a week, 12, 10, 8
        later = [w for w in weeks if w >= first + 10]
        assert later and all(len(weeks[w]) == 1 for w in later)
        assert all(weeks[w][0][0].reps == "12, 10, 8" for w in later)
    no_protocol(plan_of(runner()), "hamstring")


def test_hamstring_starting_in_season_gets_two_easy_weeks_first():
    a = runner(
        injuries=[{"type": "hamstring_strain", "months_since": 40}],
        race_in_weeks=6,
        offseason_weeks=0,
    )
    plan = plan_of(a)
    assert plan.season.phase_on(START) is PhaseName.in_season
    weeks = by_week(plan, "hamstring")
    doses = [(w, s[0].sets, s[0].reps) for w in sorted(weeks) for s in weeks[w]]
    assert doses[0][1:] == (2, "5") and doses[1][1:] == (2, "6")
    assert doses[0][0] < doses[1][0]  # one a week
    assert all(reps == "12, 10, 8" for _, _, reps in doses[2:])
    assert all(len(weeks[w]) == 1 for w in weeks)


def test_hamstring_never_starts_within_three_weeks_of_the_a_race():
    a = runner(
        injuries=[{"type": "hamstring_strain", "months_since": 40}],
        race_in_weeks=2,
        offseason_weeks=0,
    )
    plan = plan_of(a)
    assert not by_week(plan, "hamstring")
    assert any("does not start within 3 weeks" in n for n in plan.notes)


def test_plantar_towel_heel_raise_every_second_day():
    a = runner(injuries=[{"type": "plantar_heel_pain", "months_since": 3}], equipment="dumbbells")
    plan = plan_of(a)
    assert_ramp_as_table(plan, "plantar")
    weeks = by_week(plan, "plantar")
    first = min(weeks)
    assert weeks[first][0][0].intensity.startswith("12RM")
    assert weeks[first + 11][0][0].intensity.startswith("8RM")
    assert "3 s up, 2 s hold at the top, 3 s down" in weeks[first][0][0].intensity
    assert {p.exercise_id for w in weeks.values() for s in w for p in s} == {"heel_raise_towel"}
    dates = sorted(s.date for s in plan.sessions if any(p.protocol == "plantar" for p in s.items))
    assert all((b - a).days >= 2 for a, b in zip(dates, dates[1:], strict=False))
    no_protocol(plan_of(runner()), "plantar")
    assert by_week(plan_of(runner(pain=2, areas=("foot",), settles=True)), "plantar")


def test_ankle_eight_week_balance_programme_then_stops():
    a = runner(injuries=[{"type": "ankle_sprain", "months_since": 4}])
    plan = plan_of(a)
    assert_ramp_as_table(plan, "ankle")
    weeks = by_week(plan, "ankle")
    assert max(weeks) - min(weeks) + 1 == 8
    assert weeks[min(weeks) + 3][0][0].intensity.startswith("eyes closed")
    no_protocol(plan_of(runner(injuries=[{"type": "ankle_sprain", "months_since": 20}])), "ankle")


def test_kneecap_pairs_a_hip_and_a_knee_exercise_in_every_strength_session():
    a = runner(injuries=[{"type": "patellofemoral_pain", "months_since": 5}])
    plan = plan_of(a)
    main = [s for s in plan.sessions if not s.rehab]
    assert main
    for s in main:
        mine = [p for p in s.items if p.protocol == "kneecap"]
        lib = library()
        patterns = {lib.exercises[p.exercise_id].pattern.value for p in mine}
        assert "abduction" in patterns and patterns & {"squat", "lunge"}, s.date
        assert all("collins2018" in p.source for p in mine)
        # the condition for adding load is on each row, not only in the plan's notes
        rule = PROTOCOLS["kneecap"].pain_rule
        assert "add load only if" in rule
        assert all(rule in p.note for p in mine), s.date
    assert not [s for s in plan.sessions if s.rehab]  # it has no days of its own
    no_protocol(plan_of(runner()), "kneecap")


@pytest.mark.parametrize(("race_type", "terrain"), [("trail", "flat"), ("road_10k", "hilly")])
def test_descents_eccentric_quadriceps_twice_then_once_and_ten_days_clear(race_type, terrain):
    plan = plan_of(runner(race_type=race_type, terrain=terrain, race_in_weeks=30))
    weeks = by_week(plan, "descents")
    phase = {w.week: w.phase for w in plan.weeks}
    off = [w for w in weeks if phase[w] in (PhaseName.off_season, PhaseName.pre_season)]
    in_season = [w for w in weeks if phase[w] is PhaseName.in_season]
    assert off and in_season
    assert all(len(weeks[w]) == 2 for w in off)
    assert all(len(weeks[w]) == 1 for w in in_season)
    race = plan.season.a_race.date
    dates = [s.date for s in plan.sessions if any(p.protocol == "descents" for p in s.items)]
    assert max(dates) <= race - timedelta(days=10)
    # protocols.md §6's rule: eccentric step-downs, 3 x 8-10 per leg (one exercise a session)
    for s in plan.sessions:
        work = [p for p in s.items if p.protocol == "descents"]
        assert len(work) <= 1, (s.date, [p.name for p in work])
        assert all(p.exercise_id == "eccentric_step_down" for p in work)
        assert all((p.sets, p.reps) == (3, "8-10 per leg") for p in work if not s.deload)
    note = next(n for n in plan.notes if "Descents" in n)
    assert "downhill" in note and "at least 6 weeks" in note and "grade W" in note
    no_protocol(plan_of(runner()), "descents")


def _long(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _downhill(a: Assessment, start: date = START) -> list[str]:
    """The plan's downhill-running notes, from downhill_note on this runner's season."""
    p = PROTOCOLS["descents"]
    note = downhill_note(p, build_season(a.goals, start), library().settings)
    return [note] if note else []


def test_downhill_bouts_are_dated_from_the_a_race():
    a = runner(race_type="trail", race_in_weeks=30)
    race = a.goals.races[0].date
    (note,) = _downhill(a)
    # protocols.md §6: first bout at least 6 weeks out, every 1-2 weeks, last hard one 10 days
    assert f"by {_long(race - timedelta(weeks=6))}" in note
    assert f"by {_long(race - timedelta(days=10))}" in note
    assert _long(race) in note and "A race" in note and "2 weeks apart" in note
    # the plan carries the same note
    assert note in plan_of(a).notes


def test_downhill_bouts_for_a_race_under_six_weeks_out_say_so_plainly():
    a = runner(race_type="trail", race_in_weeks=3, offseason_weeks=0)
    race = a.goals.races[0].date
    (note,) = _downhill(a)
    assert "under 6 weeks away" in note
    assert f"{(race - START).days} days" in note
    assert _long(race - timedelta(days=10)) in note
    assert "by " + _long(race - timedelta(weeks=6)) not in note
    # nine days out: too late for a hard bout at all
    (late,) = _downhill(a, race - timedelta(days=9))
    assert "9 days away" in late and "easy" in late
    assert _long(race - timedelta(days=10)) not in late


def test_downhill_bouts_follow_the_race_with_descents():
    assert not _downhill(runner(race_type="road_10k", terrain="flat"))
    a = runner(race_type="road_10k", terrain="flat", race_in_weeks=30)
    data = a.model_dump(mode="python")
    b_race = {
        "date": START + timedelta(weeks=20),
        "type": "trail",
        "terrain": "hilly",
        "priority": "B",
    }
    data["goals"]["races"].append(b_race)
    (note,) = _downhill(Assessment.model_validate(data))
    assert "B race" in note and _long(b_race["date"] - timedelta(weeks=6)) in note


# --- several protocols, short seasons, few days --------------------------------------------


def test_at_most_two_protocols_at_once_pain_first_and_the_plan_says_which_wait():
    a = runner(
        injuries=[
            {"type": "hamstring_strain", "months_since": 30},
            {"type": "ankle_sprain", "months_since": 2},
            {"type": "plantar_heel_pain", "months_since": 6},
        ],
        pain=3,
        areas=("achilles_calf",),
        settles=True,
    )
    plan = plan_of(a)
    running: dict[int, set[str]] = defaultdict(set)
    for s in plan.sessions:
        for p in s.items:
            if p.protocol:
                running[s.week].add(p.protocol)
    assert all(len(ids) <= 2 for ids in running.values())
    assert running[1] == {"achilles", "ankle"}  # pain now, then the most recent injury
    waits = [n for n in plan.notes if "waits" in n]
    assert any("Plantar" in n and "when Ankle" in n for n in waits)
    assert any("Hamstring" in n for n in waits)
    start = min(w for w, ids in running.items() if "plantar" in ids)
    assert start > max(w for w, ids in running.items() if "ankle" in ids)


def test_weeks_left_when_the_season_ends_first():
    a = runner(
        injuries=[{"type": "achilles_tendinopathy", "months_since": 2}],
        race_in_weeks=6,
        offseason_weeks=0,
    )
    plan = plan_of(a)
    assert any("weeks are left when this season ends" in n for n in plan.notes)


def test_fewer_days_than_asked_spread_the_ramp_and_the_plan_says_so():
    week = {d: dict(BASE["goals"]["week"][d]) for d in WEEKDAYS}
    for d in ("mon", "wed", "fri", "sat", "sun"):
        week[d]["strength_ok"] = False
    a = runner(injuries=[{"type": "achilles_tendinopathy", "months_since": 2}], week=week)
    plan = plan_of(a)
    weeks = by_week(plan, "achilles")
    assert all(len(weeks[w]) <= 2 for w in weeks)
    full = [
        p for w in sorted(weeks) for s in weeks[w] for p in s[:1] if "bodyweight" not in p.intensity
    ]
    assert len(full) == 36 or any("weeks are left" in n for n in plan.notes)
    assert any("spreads over more weeks" in n for n in plan.notes)


def test_protocol_work_is_tagged_in_the_csv_and_rehab_days_are_sessions():
    a = runner(
        injuries=[{"type": "achilles_tendinopathy", "months_since": 2}],
        race_in_weeks=14,
        offseason_weeks=0,
    )
    plan = plan_of(a)  # two main sessions a week: the third Achilles session has its own day
    col = CSV_COLUMNS.index("protocol")
    rows = schedule_rows(plan)
    tagged = [r for r in rows if r[col] == "achilles"]
    assert tagged and len(tagged) == sum(
        1 for s in plan.sessions for p in s.items if p.protocol == "achilles"
    )
    assert any(s.rehab for s in plan.sessions)
    assert all(p.protocol for s in plan.sessions if s.rehab for p in s.items)


def test_a_broken_protocols_table_names_file_row_and_column(tmp_path: Path):
    for f in SHIPPED_RULES_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    path = tmp_path / "protocols.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("injury:hamstring_strain,", "injury:hamstrung,", 1), "utf-8")
    with pytest.raises(RulesError) as err:
        load_library(tmp_path / "exercises.csv", tmp_path / "phases.csv")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("hamstring,Ham"))
    assert any(p.startswith(f"protocols.csv:{line}:trigger") for p in err.value.problems)
    path.write_text(text.replace("nordic_hamstring,", "nordic_hamstrung,", 1), "utf-8")
    with pytest.raises(RulesError) as err:
        load_library(tmp_path / "exercises.csv", tmp_path / "phases.csv")
    assert any(f"protocols.csv:{line}:none" in p for p in err.value.problems)
    # two intensities for the ankle programme's three exercises
    ankle = "on the floor, eyes open|on the floor, eyes open|full range"
    path.write_text(text.replace(ankle, "on the floor, eyes open|full range", 1), "utf-8")
    with pytest.raises(RulesError) as err:
        load_library(tmp_path / "exercises.csv", tmp_path / "phases.csv")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if ankle in t)
    assert f"protocols.csv:{line}:intensity: one value, or one per exercise of every cell" in (
        err.value.problems
    )


# --- property: no protocol session breaks the placement rules ------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_cases(), protocol_triggers(), st.booleans())
def test_no_protocol_session_breaks_the_placement_rules(case, triggers, a_is_trail):
    a, f, start = case
    a = with_protocol_triggers(a, triggers, a_is_trail)
    try:
        plan = make_plan(a, f, start)
    except PlanInputError:
        return
    week = a.goals.week
    races = {r.date: r for r in plan.season.races}
    long_days = {wd for wd in WEEKDAYS if week[wd].run and week[wd].run.value == "long"}
    a_race = plan.season.a_race.date if plan.season.a_race else None
    lib = library()
    seen: dict[str, list[date]] = defaultdict(list)
    for s in plan.sessions:
        mine = [p for p in s.items if p.protocol]
        if not mine:
            continue
        d = s.date
        nxt = d + timedelta(days=1)
        assert d not in races and nxt not in races, "race day or the day before"
        assert week[WEEKDAYS[d.weekday()]].strength_ok, "a day marked unavailable"
        assert (week[WEEKDAYS[nxt.weekday()]].run or "rest") not in ("hard", "long")
        if s.rehab:
            assert s.run in ("easy", "rest")
        light = s.phase is PhaseName.taper or any(
            r.priority is not Priority.A and 0 < (r.date - d).days <= 3 for r in races.values()
        )
        if light:
            assert all(lib.exercises[p.exercise_id].equipment.value == "none" for p in mine)
            assert all(p.intensity.startswith("bodyweight") for p in mine)
        for p in mine:
            seen[p.protocol].append(d)
            if p.protocol == "hamstring":
                for k in (1, 2):
                    later = d + timedelta(days=k)
                    assert later not in races
                    assert WEEKDAYS[later.weekday()] not in long_days
            if p.protocol == "descents" and a_race is not None:
                assert d <= a_race - timedelta(days=10)
    for pid, dates in seen.items():
        dates = sorted(set(dates))
        assert all((b - a).days >= 2 for a, b in zip(dates, dates[1:], strict=False)), pid
        if pid == "hamstring" and a_race is not None and dates[0] <= a_race:
            assert (a_race - dates[0]).days >= 21
    weeks: dict[int, set[str]] = defaultdict(set)
    for s in plan.sessions:
        weeks[s.week] |= {p.protocol for p in s.items if p.protocol}
    assert all(len(ids) <= 2 for ids in weeks.values())


def test_a_protocol_exercise_that_is_already_the_main_lift_counts_once_with_the_main_dose():
    """Found by a search over random runners: knee pain that settles, dumbbells, no lifting now.
    The kneecap protocol (no ramp) pairs a hip and a knee exercise every session; in the
    sessions whose main lift is already its knee exercise (the step-up), that lift is done once,
    at the main lift's dose, and says it is also the protocol's work (protocols._join)."""
    data = (Path(__file__).parent / "data" / "kneecap_step_up_is_the_main_lift.json").read_text()
    a = Assessment.model_validate_json(data)
    plan = make_plan(a, score(a), date(2027, 1, 5))
    shared = [
        s
        for s in plan.sessions
        if any(p.exercise_id == "step_up" and p.reason.startswith("Main") for p in s.items)
        and any(p.protocol == "kneecap" for p in s.items)
    ]
    assert shared, "no session where the step-up main lift meets the kneecap protocol"
    for s in shared:
        ups = [p for p in s.items if p.exercise_id == "step_up"]
        assert len(ups) == 1, (s.week, [p.name for p in s.items])
        up = ups[0]
        assert up.protocol == "kneecap" and up.reason.startswith("Main lift")
        assert "also your Kneecap: hip and knee together" in up.note
        assert "RM" in up.intensity  # the main lift's dose, not the protocol's 10-12 per leg
        # the protocol's hip exercise still joins: a hip and a knee exercise together
        assert any(p.protocol == "kneecap" and p.focus.value == "hip" for p in s.items)


def test_the_ankle_programme_s_balance_steps_are_not_its_calf_raise_s():
    """Each exercise of a protocol step takes its own intensity when the table gives one per
    exercise: "eyes closed" is a balance step; the calf raise is done through its full range."""
    plan = plan_of(runner(injuries=[{"type": "ankle_sprain", "months_since": 4}]))
    doses = {
        (p.exercise_id, p.intensity)
        for s in plan.sessions
        for p in s.items
        if p.protocol == "ankle"
    }
    assert ("single_leg_balance", "eyes closed; controlled") in doses
    calf = {x for e, x in doses if e == "single_leg_calf_raise"}
    assert calf == {"full range; controlled"}
