"""What is in the sessions follows from the assessment (issue 9).

Property tests over random complete assessments (plan_cases with varied history and self-tests)
and every example, then one hand-built case per rule of the issue.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.derived import NUMERIC_SIDED, norm_for, sided_measures
from assessments.examples import EXAMPLES, example_for_today
from assessments.exports import schedule_csv, schedule_ics, schedule_rows
from assessments.findings import Findings
from assessments.focus import FocusArea
from assessments.library import COMPOUND_PATTERNS, Category, Pattern, PhaseName, library
from assessments.model import Assessment, Equipment
from assessments.planner import PlanOptions, make_plan
from assessments.planning.plan_context import _context
from assessments.planning.plan_model import copy_with
from assessments.planning.progression import Progressions
from assessments.rules import load_rules
from assessments.scoring import score
from assessments.season import PlanInputError
from tests.plan_helpers import BASE, findings, plan_cases
from tests.strategies import self_tests

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = date(2026, 1, 5)
LIB = library()
LOADED = (Equipment.dumbbells, Equipment.gym)


@st.composite
def cases(draw: st.DrawFn):
    a, f, start = draw(plan_cases())
    data = a.model_dump(mode="python")
    data["history"] |= {
        "strength_sessions_per_week": draw(st.integers(0, 4)),
        "weekly_distance": draw(st.floats(0, 160, allow_nan=False)),
    }
    data["self_tests"] = draw(self_tests())
    return Assessment.model_validate(data), f, start


def _plan(a, f, start, **options):
    try:
        return make_plan(a, f, start, **options)
    except PlanInputError:
        return None


def example_cases():
    out = []
    for name in EXAMPLES:
        a = example_for_today(name, START)
        f = score(a)
        if f.plan_allowed:
            out.append((a, f, START))
    return out


# --- the definitions, written out independently of assessments/planning/coverage.py ---------


def direct(p, area, equipment) -> bool:
    ex = LIB.exercises[p.exercise_id]
    if area is FocusArea.bone:
        if ex.pattern is Pattern.jump:
            return True
        reps = (p.reps_range or p.reps).split()[0]
        top = int(reps.split("-")[-1]) if reps.split("-")[-1].isdigit() else 99
        limit = LIB.settings[
            "bone_max_reps_dumbbells" if ex.equipment is Equipment.dumbbells else "bone_max_reps"
        ]
        return (
            ex.category is Category.heavy_strength
            and ex.equipment in LOADED
            and ex.pattern in COMPOUND_PATTERNS
            and top <= limit
        )
    if area not in ex.focus[:2]:
        return False
    return area is not FocusArea.posterior_chain or ex.pattern in (Pattern.hinge, Pattern.bridge)


def top_three(a, plan):
    credited = {
        area
        for ex in LIB.exercises.values()
        if ex.activity in a.history.other_activities
        for area in ex.focus
    }
    return [x for x, s in [(x, s) for x, s in plan.focus if s > 0][:3] if x not in credited]


def missing_weeks(plan, area):
    """Weeks that need direct work for the area and lack it (issue 9's coverage rule)."""
    weeks: dict[int, list] = defaultdict(list)
    phase_of: dict[int, PhaseName] = {}
    jump_days = defaultdict(list)  # jump-only bone days: direct work, never a week's need
    for s in plan.sessions:
        if s.block == "bone jumps":
            jump_days[s.week].append(s)
        if s.heavy and s.block not in ("light", "activation"):
            weeks[s.week].append(s)
            phase_of[s.week] = s.phase
    out, prev_miss = [], False
    for wk in sorted(weeks):
        hit = any(
            direct(p, area, plan.equipment) for s in weeks[wk] + jump_days[wk] for p in s.items
        )
        if phase_of[wk] is PhaseName.in_season:
            if not hit and prev_miss:
                out.append(wk)
            prev_miss = not hit
        else:
            prev_miss = False
            if not hit:
                out.append(wk)
    return out


def check_coverage(a, f, start, plan):
    named = {x.area: x for x in plan.left_out}
    for area in top_three(a, plan):
        gaps = missing_weeks(plan, area)
        if not gaps:
            continue
        assert area in named, f"{area} lacks direct work in weeks {gaps} and is not named"
        assert set(gaps) <= set(named[area].weeks)
        assert (
            area.value.replace("_", " ")[:4] in named[area].message.lower() or named[area].message
        )
        fix = named[area].fix
        if fix:  # removing the named cause restores coverage where that cause was named
            again = make_plan(a, f, start, **dict(fix))
            still = missing_weeks(again, area)
            assert set(still) < set(gaps), (area, fix, gaps, still)
            left = next((x for x in again.left_out if x.area is area), None)
            assert left is None or not left.fix, (area, fix, left)


def check_doses(plan):
    phase_labels = {r.intensity for r in LIB.phases if r.phase is not PhaseName.taper}
    for s in plan.sessions:
        for p in s.items:
            ex = LIB.exercises[p.exercise_id]
            compound = (
                ex.category is Category.heavy_strength
                and ex.equipment in LOADED
                and ex.pattern in COMPOUND_PATTERNS
            )
            if not compound:  # no near-maximal phase dose on accessory, band or bodyweight rows
                assert p.intensity.split(";")[0] not in phase_labels, (p.name, p.intensity)
            if ex.equipment in LOADED or ex.equipment is Equipment.bands:
                if "s" not in p.reps.split()[1:2] and s.block not in ("light", "activation"):
                    assert p.load_cue, f"{p.name} is loaded but has no load cue"
            assert p.focus and p.rule and p.source
            said = re.search(r"about (\d+) foot contacts", p.note)
            if said and not p.protocol:  # the contacts the note states are the sets' contacts
                per = int(p.reps.split()[0]) * (2 if " per " in p.reps else 1)
                assert int(said[1]) == p.sets * per, (p.name, p.sets, p.reps, p.note)
        assert s.items or s.rehab, f"an empty session in week {s.week}"


def check_rotation(plan):
    keys: dict[tuple, list[str]] = defaultdict(list)
    for s in plan.sessions:
        if s.block not in ("light", "activation", "bone jumps") and not s.rehab:
            keys[(s.phase, s.block)].append(s.key)
    for seq in keys.values():
        assert all(x != y for x, y in zip(seq, seq[1:], strict=False)), seq


def check_progression(plan):
    """In blocks of >= 4 weeks, each template's main lift changes from one full week to the next
    (or says it is at the top of its ladder)."""
    runs: list[list] = []
    for s in plan.sessions:
        if s.block in ("light", "activation"):
            continue
        if not runs or runs[-1][-1].block != s.block:
            runs.append([])
        runs[-1].append(s)
    for run in runs:
        if len({s.week for s in run}) < 4:
            continue
        last: dict[str, tuple] = {}
        for s in run:
            main = s.items[0] if s.items else None
            if main is None or s.deload:
                continue
            now = (main.exercise_id, main.reps, main.intensity, main.sets, main.note)
            before = last.get(s.key)
            if before is not None and before[1] == s.week - 1:
                assert now != before[0] or "top of the ladder" in main.note, (s.week, main)
            last[s.key] = (now, s.week)


def _runs(plan):
    """Main sessions grouped by consecutive weeks of one block name (the ladder's runs)."""
    runs: list[list] = []
    for s in plan.sessions:
        if s.block in ("light", "activation", "bone jumps") or s.rehab:
            continue
        if not runs or runs[-1][-1].block != s.block:
            runs.append([])
        runs[-1].append(s)
    return runs


# The issue's one accepted hold: the note says the dose is at the top and when to add weight
HOLDS = ("top of the ladder", "held at this step's")  # the impact ramp's cap holds jumps too


def _first_number(reps: str) -> int | None:
    head = reps.split()[0].split("-")[0] if reps else ""
    return int(head) if head.isdigit() else None


def _step_down(old: tuple, new: tuple) -> bool:
    """The same exercise with fewer reps or sets and no new weight, band or tempo: not a step up."""
    ex, sets, reps, intensity, note = new
    if ex != old[0] or "next weight up" in note or "stronger band" in note:
        return False
    if intensity != old[3]:  # a slower tempo starts again at the bottom of the range
        return False
    r_old, r_new = _first_number(old[2]), _first_number(reps)
    fewer_reps = r_old is not None and r_new is not None and r_new < r_old
    return fewer_reps or (reps == old[2] and sets < old[1])


def check_area_progression(a, plan):
    """In each non-deload week of a block of >= 4 weeks, at least one exercise of each top-three
    area moves up from that template's last use (or holds at the top of its ladder and says
    when to add weight), unless the plan names the area as left out that week."""
    left = {x.area: set(x.weeks) for x in plan.left_out}
    for run in _runs(plan):
        if len({s.week for s in run}) < 4:
            continue
        last: dict[tuple, dict] = {}
        weeks: dict[int, list] = defaultdict(list)
        for s in run:
            if not s.deload:
                weeks[s.week].append(s)
        for wk in sorted(weeks):
            moved: dict[FocusArea, bool] = {}
            seen: dict[tuple, dict] = {}
            for s in weeks[wk]:  # against the template's use in an earlier week
                before = last.get((s.phase, s.key))
                now = {}
                for area in top_three(a, plan):
                    mine = [
                        p for p in s.items if not p.protocol and direct(p, area, plan.equipment)
                    ]
                    now[area] = [(p.exercise_id, p.sets, p.reps, p.intensity, p.note) for p in mine]
                    if not mine or before is None or not before.get(area):
                        continue
                    up = now[area] != before[area] or any(h in p.note for p in mine for h in HOLDS)
                    moved[area] = moved.get(area, False) or up
                    for old in before[area]:
                        for new in now[area]:
                            assert not _step_down(old, new), (wk, s.key, old, new)
                seen[(s.phase, s.key)] = now
            last |= seen
            for area, up in moved.items():
                assert up or wk in left.get(area, ()), (
                    wk,
                    area,
                    [
                        (s.key, [(p.name, p.sets, p.reps, p.note) for p in s.items])
                        for s in weeks[wk]
                    ],
                )


def check_variant_weeks(plan):
    """A change of variant is written with its week: within the run of weeks that made it, and
    the variant's first week in that run is the week named."""
    for run in _runs(plan):
        first: dict[str, int] = {}  # "X instead of Y" -> its first week in the run
        for s in run:
            for p in s.items:
                said = re.search(r"from week (\d+): (.+? instead of .+?) \(harder", p.note)
                if said is None or p.protocol:
                    continue
                first.setdefault(said[2], s.week)
                assert int(said[1]) == first[said[2]], (s.week, p.name, p.note)


def check_weaker_side(a, plan):
    norms = load_rules().norms
    band = None
    if a.history.age is not None:
        from assessments.derived import age_band

        band = age_band(a.history.age).value
    expected: dict[FocusArea, str] = {}
    for test in NUMERIC_SIDED:
        r = getattr(a.self_tests, test)
        norm = norm_for(norms, test, a.history.sex, band, a.history.age)
        if norm is None or norm.focus is None or r.left is None or r.right is None:
            continue
        if sided_measures(test, r.left, r.right, norm)[f"{test}.asymmetric"] and r.left != r.right:
            expected.setdefault(norm.focus, "left" if r.left < r.right else "right")
    for s in plan.sessions:
        for p in s.items:
            ex = LIB.exercises[p.exercise_id]
            unilateral = "per leg" in p.reps or "per side" in p.reps
            sides = [expected[x] for x in ex.focus[:2] if x in expected]
            if unilateral and sides:
                assert f"+1 set on your {sides[0]}" in p.note, (p.name, p.note)
            else:
                assert "+1 set on your" not in p.note, (p.name, p.note)


def check_outputs_agree(plan):
    rows = [r for r in schedule_rows(plan) if r[5] != "notes"]
    assert len(rows) == sum(max(1, len(s.items)) for s in plan.sessions) or len(rows) == sum(
        len(s.items) for s in plan.sessions
    )
    assert len(schedule_csv(plan).strip().splitlines()) == len(schedule_rows(plan)) + 1
    ics = schedule_ics(plan).decode()
    assert ics.count("BEGIN:VEVENT") == len(plan.sessions) + len(plan.retests)
    assert ics.count("SUMMARY:Retest the self-tests") == len(plan.retests)


@SETTINGS
@given(cases())
def test_random_runners_get_the_content_the_issue_asks_for(case):
    a, f, start = case
    plan = _plan(a, f, start)
    if plan is None:
        return
    check_coverage(a, f, start, plan)
    check_doses(plan)
    check_rotation(plan)
    check_progression(plan)
    check_area_progression(a, plan)
    check_variant_weeks(plan)
    check_weaker_side(a, plan)


@settings(SETTINGS, max_examples=25)
@given(plan_cases(), st.integers(0, 4))
def test_random_runners_scored_by_the_rules_get_the_content_the_issue_asks_for(case, sessions):
    # The rules' own findings: their cautions slow areas, ramp jumps and cut sets.
    a, _, start = case
    history = a.history.model_copy(update={"strength_sessions_per_week": sessions})
    a = a.model_copy(update={"history": history})
    f = score(a)
    plan = _plan(a, f, start) if f.plan_allowed else None
    if plan is None:
        return
    check_coverage(a, f, start, plan)
    check_doses(plan)
    check_rotation(plan)
    check_area_progression(a, plan)
    check_variant_weeks(plan)


@pytest.mark.parametrize("case", example_cases(), ids=lambda c: c[0].runner_name[:20])
def test_every_example_gets_the_content_the_issue_asks_for(case):
    a, f, start = case
    plan = make_plan(a, f, start)
    check_coverage(a, f, start, plan)
    check_doses(plan)
    check_rotation(plan)
    check_progression(plan)
    check_area_progression(a, plan)
    check_variant_weeks(plan)
    check_weaker_side(a, plan)
    check_outputs_agree(plan)


# --- one hand-built case per rule ------------------------------------------------------------


def runner(**history):
    data = dict(BASE, history={**BASE["history"], **history})
    return Assessment.model_validate(data)


def test_posterior_chain_first_gets_a_hinge_or_bridge_every_week():
    f = findings({FocusArea.posterior_chain: 70, FocusArea.power: 40, FocusArea.balance_ankle: 30})
    plan = make_plan(runner(), f, START)
    weeks = {s.week for s in plan.sessions if s.heavy and s.phase is not PhaseName.in_season}
    hinge = {
        s.week
        for s in plan.sessions
        for p in s.items
        if LIB.exercises[p.exercise_id].pattern in (Pattern.hinge, Pattern.bridge)
    }
    assert weeks <= hinge
    balance = {
        s.week
        for s in plan.sessions
        for p in s.items
        if direct(p, FocusArea.balance_ankle, plan.equipment)
    }
    assert weeks <= balance


def test_an_area_the_minutes_cannot_hold_is_named_with_the_change_that_fits_it():
    f = findings({FocusArea.posterior_chain: 70, FocusArea.calf_foot: 60, FocusArea.trunk: 50})
    plan = make_plan(runner(), f, START, minutes=15)
    named = {x.area: x for x in plan.left_out}
    assert named, "15-minute sessions cannot hold three top areas"
    x = next(iter(named.values()))
    assert x.fix and dict(x.fix).keys() == {"minutes"} and "minutes would" in x.message
    assert x.message in plan.notes
    again = make_plan(runner(), f, START, **dict(x.fix))
    assert x.area not in {y.area for y in again.left_out}


def test_one_session_a_week_alternates_templates_and_keeps_squat_and_hinge():
    f = findings({FocusArea.hip: 60, FocusArea.trunk: 40, FocusArea.calf_foot: 30})
    plan = make_plan(runner(), f, START, sessions_inseason=1)
    inseason = [s for s in plan.sessions if s.phase is PhaseName.in_season and s.heavy]
    assert len(inseason) >= 2
    assert [s.key for s in inseason[:4]] == ["A", "B", "A", "B"][: len(inseason[:4])]
    for s in inseason:
        patterns = {LIB.exercises[p.exercise_id].pattern for p in s.items}
        assert Pattern.hinge in patterns and patterns & {Pattern.squat, Pattern.lunge}


def test_dose_follows_the_exercise_type_with_one_label_scheme_and_load_cues():
    a = runner(strength_experience="6_to_24_months")
    plan = make_plan(a, findings({FocusArea.hip: 60, FocusArea.quadriceps: 50}), START)
    items = [p for s in plan.sessions if s.block == "strength" for p in s.items]
    main = [p for p in items if p.exercise_id in ("back_squat", "trap_bar_deadlift")]
    assert main and all(
        p.intensity.startswith("4-6RM, stop with 1-2 reps in reserve") for p in main
    )
    assert all(p.load_cue.startswith("a weight you could lift") for p in main)
    cable = [p for p in items if p.exercise_id == "cable_hip_abduction"]
    assert cable and all("RM" not in p.intensity and p.intensity.startswith("RPE 7") for p in cable)
    assert all(8 <= int(p.reps.split()[0]) <= 15 for p in cable)
    assert all(p.load_cue.endswith("with 3 to spare") for p in cable)
    bodyweight = [p for p in items if LIB.exercises[p.exercise_id].equipment is Equipment.none]
    assert bodyweight and all(p.load_cue == "" for p in bodyweight)


def test_new_lifter_is_told_which_weight_to_pick():
    a = runner(strength_experience="none")
    plan = make_plan(a, findings(), START)
    first = plan.sessions[0].items[0]
    assert first.load_cue == "a weight you could lift 8 times with 2-3 to spare"


def test_main_lift_and_bodyweight_work_progress_and_a_variant_change_names_its_week():
    a = Assessment.model_validate(
        dict(
            BASE,
            goals={**BASE["goals"], "equipment": "none"},
            history={**BASE["history"], "strength_experience": "none"},
        )
    )
    plan = make_plan(a, findings({FocusArea.hip: 60, FocusArea.posterior_chain: 50}), START)
    a_sessions = [
        s for s in plan.sessions if s.key == "A" and s.block == "competency" and not s.deload
    ]
    reps = [s.items[0].reps for s in a_sessions[:3]]
    assert len(set(reps)) == 3, reps  # bottom, middle, top of the range
    changes = [p.note for s in plan.sessions for p in s.items if "harder variant" in p.note]
    assert changes and all("from week " in n for n in changes)


def test_experienced_lifter_after_a_break_starts_with_a_reentry_block():
    back = make_plan(
        runner(strength_experience="over_2_years", strength_sessions_per_week=0), findings(), START
    )
    assert back.sessions[0].block == "reentry"
    assert back.sessions[0].items[0].reps_range.startswith("8-10")
    going = make_plan(
        runner(strength_experience="over_2_years", strength_sessions_per_week=2), findings(), START
    )
    assert going.sessions[0].block != "reentry"
    new = make_plan(
        runner(strength_experience="none", strength_sessions_per_week=0), findings(), START
    )
    assert new.sessions[0].block == "competency"


def test_high_running_volume_takes_one_set_off_accessories():
    f = findings({FocusArea.hip: 60, FocusArea.trunk: 40})
    low = make_plan(runner(weekly_distance=30, distance_unit="km"), f, START)
    high = make_plan(runner(weekly_distance=120, distance_unit="km"), f, START)
    notes = [p for s in high.sessions for p in s.items if "you run a lot already" in p.note]
    assert notes
    assert not any("you run a lot already" in p.note for s in low.sessions for p in s.items)


def test_weaker_side_gets_an_extra_set_in_the_notes():
    data = dict(BASE)
    data["self_tests"] = {**BASE["self_tests"], "calf_raise": {"left": 15, "right": 30}}
    plan = make_plan(Assessment.model_validate(data), findings({FocusArea.calf_foot: 60}), START)
    notes = [p.note for s in plan.sessions for p in s.items if "per leg" in p.reps]
    assert any(
        "+1 set on your left leg; based on one home test, retest to confirm" in n for n in notes
    )


def test_shortfall_names_the_one_change_and_the_change_works():
    week = dict(BASE["goals"]["week"])
    hard = [d for d, v in week.items() if v["run"] == "hard"]
    week = {d: {**v, "strength_ok": d not in hard} for d, v in week.items()}
    a = Assessment.model_validate(dict(BASE, goals={**BASE["goals"], "week": week}))
    plan = make_plan(a, findings(), START)
    assert plan.shortfall and "lifting after a hard run is the preferred slot" in plan.shortfall
    assert plan.shortfall_days == tuple(hard)
    fixed_week = {
        d: {**v, "strength_ok": v["strength_ok"] or d in plan.shortfall_days}
        for d, v in week.items()
    }
    fixed = make_plan(
        Assessment.model_validate(dict(BASE, goals={**BASE["goals"], "week": fixed_week})),
        findings(),
        START,
    )
    short = {w.week for w in plan.weeks if w.sessions < w.minimum}
    before = sum(w.sessions for w in plan.weeks if w.week in short)
    after = sum(w.sessions for w in fixed.weeks if w.week in short)
    assert after > before


def test_no_hard_days_at_all_is_said_plainly():
    week = {
        d: {"run": "easy" if i % 2 else "rest", "strength_ok": i == 0}
        for i, d in enumerate(BASE["goals"]["week"])
    }
    a = Assessment.model_validate(dict(BASE, goals={**BASE["goals"], "week": week}))
    plan = make_plan(a, findings(), START)
    assert plan.shortfall and "you have no hard-run days" in plan.shortfall


def test_bone_with_bands_says_what_would_load_it():
    a = Assessment.model_validate(dict(BASE, goals={**BASE["goals"], "equipment": "bands"}))
    plan = make_plan(a, findings({FocusArea.bone: 70, FocusArea.hip: 20}), START)
    assert any("Bone needs heavy load" in n for n in plan.notes)
    jumps = [
        p
        for s in plan.sessions
        for p in s.items
        if LIB.exercises[p.exercise_id].pattern is Pattern.jump
    ]
    assert jumps or any(x.area is FocusArea.bone for x in plan.left_out)


def test_the_plan_stays_deterministic():
    a = runner()
    f = findings({FocusArea.posterior_chain: 70, FocusArea.bone: 50, FocusArea.hip: 40})
    assert make_plan(a, f, START) == make_plan(a, f, START)


def _no_equipment_10_minutes():
    data = {
        **BASE,
        "goals": {**BASE["goals"], "equipment": "none", "minutes_per_session": 10},
        "health": {**BASE["health"], "do_not_load": ["foot", "ankle", "knee"]},
    }
    return Assessment.model_validate(data)


def test_a_single_figure_row_with_nothing_to_slow_adds_a_set_then_holds_at_the_top():
    a = _no_equipment_10_minutes()
    plan = make_plan(a, findings({FocusArea.calf_foot: 90}), START)
    drops = [
        (s.week, s.items[0])
        for s in plan.sessions
        if s.items and s.items[0].exercise_id == "eccentric_heel_drop" and not s.deload
    ]
    by_week = dict(drops)
    first, second, third = by_week[1], by_week[2], by_week[3]
    assert (first.reps, second.reps, third.reps) == ("15", "15", "15")  # the row's one figure
    assert second.sets == first.sets + 1 and "one more set" in second.note
    assert third.sets == second.sets and "top of the ladder" in third.note
    check_progression(plan)


def test_an_equipment_fix_is_named_only_when_the_minutes_would_hold_it_too():
    a = _no_equipment_10_minutes()
    f = findings({FocusArea.hip: 90, FocusArea.posterior_chain: 80, FocusArea.power: 70})
    plan = make_plan(a, f, START)
    power = next(x for x in plan.left_out if x.area is FocusArea.power)
    assert "With dumbbells it would fit" not in power.message
    assert "and longer sessions it would fit" in power.message and not power.fix
    check_coverage(a, f, START, plan)


def test_a_named_change_is_the_whole_change_not_the_first_of_two():
    """Found by the content property: a bands runner with 21-minute sessions (one a week,
    not lifting now) was told dumbbells and 27 minutes would bring power back; with those, the
    kettlebell swing weeks then needed 40 minutes, and the plan named a second change."""
    data = (Path(__file__).parent / "data" / "left_out_needs_two_changes.json").read_text()
    a = Assessment.model_validate_json(data)
    f, start = score(a), date(2026, 1, 1)
    plan = make_plan(a, f, start)
    power = next(x for x in plan.left_out if x.area is FocusArea.power)
    assert dict(power.fix) == {"equipment": "dumbbells", "minutes": 40}
    assert "sessions of 40 minutes" in power.message and "27 minutes" not in power.message
    again = make_plan(a, f, start, **dict(power.fix))
    assert not any(x.fix for x in again.left_out if x.area is FocusArea.power)
    check_coverage(a, f, start, plan)


def test_at_one_session_a_week_each_template_climbs_one_step_per_use():
    f = findings({FocusArea.hip: 60, FocusArea.trunk: 40, FocusArea.calf_foot: 30})
    plan = make_plan(runner(), f, START, sessions_inseason=1)
    uses = [
        s.items[0]
        for s in plan.sessions
        if s.key == "A" and s.block == "maintenance" and not s.deload and s.heavy
    ]
    assert len(uses) >= 4
    reps = [int(p.reps.split()[0]) for p in uses[:4]]
    low, high = (int(x) for x in uses[0].reps_range.split()[0].split("-"))
    # bottom, middle, top of the range, then the next weight up and back to the bottom
    assert reps == [low, (low + high + 1) // 2, high, low], reps
    assert "the next weight up" in uses[3].note and "next weight" not in uses[2].note


@pytest.mark.parametrize("area", [FocusArea.balance_ankle, FocusArea.trunk])
def test_a_harder_variant_climbs_its_own_range_then_says_it_is_at_the_top(area):
    healthy = {**BASE["health"], "injuries": [], "current_pain": 0, "pain_areas": []}
    data = dict(BASE, health=healthy | {"pain_settles_by_morning": None})
    if area is FocusArea.trunk:  # a timed hold whose harder variant has a range of seconds
        data["goals"] = {**BASE["goals"], "equipment": "none", "minutes_per_session": 21}
        data["history"] = {**BASE["history"], "strength_experience": "over_2_years"}
        data["history"]["other_activities"] = []  # power yoga would be credited for trunk
    f = findings({area: 90} if area is FocusArea.trunk else {area: 90, FocusArea.hip: 40})
    plan = make_plan(Assessment.model_validate(data), f, START)
    uses: dict[tuple, list] = defaultdict(list)
    weeks: dict[tuple, set[int]] = defaultdict(set)
    for s in plan.sessions:
        for p in s.items:
            key = (s.block, s.key, p.exercise_id)
            if "(harder variant)" in p.note and not s.deload and p.focus is area:
                if s.week not in weeks[key]:  # a template climbs one step a week it is used
                    weeks[key].add(s.week)
                    uses[key].append(p)
    assert any(len(x) >= 4 for x in uses.values()), uses
    for arrived, *later in uses.values():
        assert "top of the ladder" not in arrived.note
        reps = [_first_number(p.reps) for p in [arrived, *later]]
        assert reps == sorted(reps), reps  # up its own range, never down
        for p in later[2:]:
            assert "top of the ladder" in p.note and "when every" in p.note, p.note


def _bone_only_no_knee():
    data = {
        **BASE,
        "history": {**BASE["history"], "strength_experience": "none"},
        "goals": {**BASE["goals"], "equipment": "none", "minutes_per_session": 10},
        "health": {**BASE["health"], "do_not_load": ["knee"], "injuries": [], "current_pain": 0}
        | {"pain_areas": [], "pain_settles_by_morning": None},
    }
    return Assessment.model_validate(data)


def test_a_session_with_no_main_lift_that_fits_still_holds_an_exercise():
    # No equipment, knee not to load: no main lift fits and 10 minutes leave no spare time.
    plan = make_plan(_bone_only_no_knee(), findings({FocusArea.bone: 1}), START)
    assert plan.sessions and all(s.items for s in plan.sessions)


def test_each_jump_step_is_a_real_step_and_a_lighter_week_counts_its_contacts():
    plan = make_plan(_bone_only_no_knee(), findings({FocusArea.bone: 1}), START)
    jumps = [
        (s.deload, s.items[0])
        for s in plan.sessions
        if s.key == "A" and s.block == "strength" and s.items[0].exercise_id == "pogo_hops"
    ]
    climb = [p for deload, p in jumps if not deload]
    top = next(i for i, p in enumerate(climb) if "top of the ladder" in p.note)
    sets = [p.sets for p in climb]
    assert top >= 2 and all(x < y for x, y in zip(sets[:top], sets[1:top], strict=False)), sets
    assert all(p.sets == climb[top].sets for p in climb[top:])
    lighter = [p for deload, p in jumps if deload]
    assert lighter and all(p.note.startswith(f"about {p.sets * 10} foot contacts") for p in lighter)


def test_jump_only_bone_days_count_as_direct_bone_work():
    plan = make_plan(_bone_only_no_knee(), findings({FocusArea.bone: 1}), START)
    jump_weeks = {s.week for s in plan.sessions if s.block == "bone jumps"}
    competency = {s.week for s in plan.sessions if s.block == "competency"}
    assert jump_weeks & competency
    named = {w for x in plan.left_out if x.area is FocusArea.bone for w in x.weeks}
    assert not named & jump_weeks


def test_a_change_that_is_not_enough_alone_is_named_with_what_else_it_needs():
    # Dumbbells would bring a kettlebell swing for power, and dumbbell work for the other top
    # areas too: 25 minutes no longer hold them all. Planning again finds the minutes needed.
    data = {
        **BASE,
        "goals": {**BASE["goals"], "equipment": "none", "minutes_per_session": 25},
        "health": {**BASE["health"], "do_not_load": ["foot", "ankle", "knee"]},
    }
    a = Assessment.model_validate(data)
    f = findings({FocusArea.hip: 90, FocusArea.posterior_chain: 80, FocusArea.power: 70})
    plan = make_plan(a, f, START)
    power = next(x for x in plan.left_out if x.area is FocusArea.power)
    fix = dict(power.fix)
    assert fix["equipment"] == "dumbbells" and fix["minutes"] > 25, power
    assert f"With dumbbells and sessions of {fix['minutes']} minutes it would fit." in power.message
    dumbbells_only = make_plan(a, f, START, equipment="dumbbells")
    assert missing_weeks(dumbbells_only, FocusArea.power)  # the equipment alone is not enough
    assert not missing_weeks(make_plan(a, f, START, **fix), FocusArea.power)
    check_coverage(a, f, START, plan)


def test_a_one_figure_band_row_moves_to_a_stronger_band_once_then_holds():
    a = example_for_today("road_5k_weak_hamstrings", START)
    plan = make_plan(a, score(a), START)
    by_block: dict[str, list] = defaultdict(list)
    for s in plan.sessions:
        for p in s.items:
            if p.exercise_id == "clamshell" and not s.deload:
                by_block[s.block].append(p.note)
    assert by_block
    for notes in by_block.values():
        assert sum("a stronger band" in n and "this week" in n for n in notes) <= 1, notes
        held = [n for n in notes if "top of the ladder" in n]
        assert held and all("move to a stronger band when every set reaches" in n for n in held)
        # a hold says only that: never "this week: a stronger band" again
        assert not any("this week" in n for n in held)


def test_a_foot_exercise_at_the_top_is_not_told_to_hold_a_weight():
    # Calf work without loading the calf: the short-foot exercise carries the area
    health = {**BASE["health"], "do_not_load": ["achilles_calf"]}
    a = Assessment.model_validate(dict(BASE, health=health))
    plan = make_plan(a, findings({FocusArea.calf_foot: 90, FocusArea.hip: 40}), START)
    held = [
        p.note
        for s in plan.sessions
        for p in s.items
        if LIB.exercises[p.exercise_id].pattern is Pattern.foot and "top of the ladder" in p.note
    ]
    assert held and not any("hold a weight" in n for n in held)
    assert all("a coach or physiotherapist can show you a harder version" in n for n in held)


@pytest.mark.parametrize("equipment", ["none", "dumbbells", "gym"])
def test_work_labelled_bone_loading_loads_bone(equipment):
    # Bone ranked fourth: not a top area, so it only gets lower-ranked work, and that work
    # must be bone loading (no bodyweight box squat 3x15 under "bone").
    a = Assessment.model_validate(dict(BASE, goals={**BASE["goals"], "equipment": equipment}))
    f = findings(
        {FocusArea.hip: 60, FocusArea.trunk: 50, FocusArea.calf_foot: 40, FocusArea.bone: 30}
    )
    plan = make_plan(a, f, START)
    bone = [p for s in plan.sessions for p in s.items if p.focus is FocusArea.bone]
    assert all(direct(p, FocusArea.bone, plan.equipment) for p in bone), {p.name for p in bone}


def test_a_variant_change_names_the_week_it_first_appears_in_its_block():
    # The ankle protocol's balance work stands in for the template's until week 8, and the
    # in-season block starts the ladder again: each change is dated where the runner meets it.
    a = example_for_today("trail_ankle_sprains", START)
    plan = make_plan(a, score(a), START)
    dated = [
        (s.week, s.block, int(re.search(r"from week (\d+)", p.note)[1]))
        for s in plan.sessions
        for p in s.items
        if "(harder variant)" in p.note
    ]
    assert {b for _, b, _ in dated} >= {"strength", "maintenance"}
    for block in {b for _, b, _ in dated}:
        weeks = [s.week for s in plan.sessions if s.block == block]
        assert all(min(weeks) <= n <= wk for wk, b, n in dated if b == block)
    check_variant_weeks(plan)


def test_one_minutes_figure_brings_back_every_area_it_is_named_for():
    # Found by a random runner: 39 minutes fitted power's jumps, and the jumps then took the
    # posterior chain's place in session B; planning again finds the figure that holds both.
    week = {d: {"run": "rest", "strength_ok": d == "sun"} for d in BASE["goals"]["week"]}
    goals = {**BASE["goals"], "week": week, "races": [], "general_fitness": True}
    goals |= {"aim": "performance", "equipment": "bands", "minutes_per_session": 29}
    history = {**BASE["history"], "other_activities": [], "strength_sessions_per_week": 0}
    history |= {"strength_experience": "6_to_24_months"}
    health = {**BASE["health"], "injuries": [], "current_pain": 0, "pain_areas": []}
    health |= {"pain_settles_by_morning": None}
    a = Assessment.model_validate(dict(BASE, goals=goals, history=history, health=health))
    f = score(a)
    start = date(2026, 1, 1)
    plan = make_plan(a, f, start)
    fixed = [x for x in plan.left_out if x.fix]
    assert len(fixed) >= 2 and len({x.fix for x in fixed}) == 1, plan.left_out
    again = make_plan(a, f, start, **dict(fixed[0].fix))
    for x in fixed:
        assert set(missing_weeks(again, x.area)) < set(x.weeks), x.area
    check_coverage(a, f, start, plan)


def test_two_items_with_one_harder_variant_never_both_become_it():
    """Found by the minutes property: template B held lateral bounds and A-skips, whose harder
    variant is bounding for both; in week 10 both became bounding, and the minutes' trim then
    said "left out today: Bounding" of a session that still held it. The later item now holds
    at the top of its own ladder."""
    raw = json.loads(
        (Path(__file__).parent / "data" / "two_items_one_harder_variant.json").read_text()
    )
    a = Assessment.model_validate(raw["assessment"])
    f = Findings.model_validate(raw["findings"])
    plan = make_plan(a, f, date.fromisoformat(raw["start"]))
    lib = library()
    for s in plan.sessions:
        ids = [p.exercise_id for p in s.items]
        assert len(ids) == len(set(ids)), (s.week, ids)
        said = " ".join(n for n in s.notes if "left out today" in n)
        assert not any(p.name in said for p in s.items), (s.week, said)
    template = next(t for sp in plan.splits for t in sp.sessions if t.key == "B")
    both = [
        p.exercise_id for p in template.items if lib.exercises[p.exercise_id].harder == "bounding"
    ]
    assert both == ["lateral_bounds", "skipping_drill"]  # the case still has two claimants
    later = [
        p
        for s in plan.sessions
        if s.key == "B" and s.week >= 10
        for p in s.items
        if p.exercise_id == "bounding"
    ]
    assert later and all("instead of Lateral bounds" in p.note for p in later)


def test_two_jumps_under_one_ramp_cap_never_squeeze_each_other_down():
    """Found by the content property: a runner not lifting now (impact ramp, step 2 caps a
    session at 100 foot contacts) had single-leg hops and pogo hops in one template; as the
    hops climbed 3 -> 4 -> 5 sets, the pogo hops were cut 3 -> 2 sets to stay under the cap.
    Each jump now keeps its dose of the ladder step before, the rest of the cap goes to
    climbing, and a jump the cap holds says so. (The runner's own templates have since
    changed, so the two jumps are put in one template here.)"""
    raw = json.loads(
        (Path(__file__).parent / "data" / "two_jumps_share_the_ramp_cap.json").read_text()
    )
    a = Assessment.model_validate(raw["assessment"])
    f = score(a)
    plan = make_plan(a, f, date.fromisoformat(raw["start"]))
    lib = library()
    split = next(sp for sp in plan.splits if sp.block == "strength")
    hops = next(p for t in split.sessions for p in t.items if p.exercise_id == "single_leg_hops")
    pogo = next(
        p
        for sp in plan.splits
        for t in sp.sessions
        for p in t.items
        if p.exercise_id == "pogo_hops"
    )
    tpl = copy_with(split.sessions[0], key="T", items=(hops, pogo))
    ramp = next(x for x in lib.impact if x.max_contacts == 100)
    ladder = Progressions(_context(a, f, lib, PlanOptions(), []), lib)
    last: dict[str, int] = {}
    held = 0
    for k in range(1, 7):
        items = ladder.items(tpl, split.params, split.phase, k, False, k, ramp)
        per = {p.exercise_id: 16 if "per leg" in p.reps else 10 for p in items}
        assert sum(p.sets * per[p.exercise_id] for p in items) <= 100, k
        for p in items:
            assert p.sets >= last.get(p.exercise_id, 0), (k, p.exercise_id, p.sets)
            last[p.exercise_id] = p.sets
            held += "held at this step's 100 foot contacts a session" in p.note
    assert set(last) == {"single_leg_hops", "pogo_hops"} and held


MAIN_FIT = {
    FocusArea.posterior_chain: {Pattern.hinge, Pattern.bridge},
    FocusArea.quadriceps: {Pattern.squat, Pattern.lunge},
}


def check_main_lifts_fit_their_area(plan):
    """A "Main lift for" a big area is direct work for it: a leg press (squat pattern, the
    posterior chain its second focus) is never the posterior chain's main lift."""
    lib = library()
    for s in plan.sessions:
        for p in s.items:
            if p.reason.startswith("Main lift") and p.focus in MAIN_FIT:
                assert lib.exercises[p.exercise_id].pattern in MAIN_FIT[p.focus], (s.week, p.name)


@settings(SETTINGS, max_examples=25)
@given(plan_cases())
def test_a_main_lift_is_direct_work_for_the_area_it_names(case):
    plan = _plan(*case)
    if plan is not None:
        check_main_lifts_fit_their_area(plan)


def test_a_runner_whose_back_rules_out_hinges_gets_a_bridge_as_the_posterior_chain_main_lift():
    """The ultra runner with low back pain asked not to load the back: no hinge fits, so
    template B's posterior-chain main lift is the hip thrust (a bridge), not the leg press."""
    start = date(2026, 12, 1)
    a = example_for_today("ultra_low_back_pain", start)
    plan = make_plan(a, score(a), start)
    check_main_lifts_fit_their_area(plan)
    mains = {
        (sp.block, t.key): [p.exercise_id for p in t.items if p.reason.startswith("Main lift")]
        for sp in plan.splits
        for t in sp.sessions
    }
    assert all(m == ["hip_thrust"] for (_, key), m in mains.items() if key == "B"), mains


def test_balance_at_the_top_of_its_ladder_gets_harder_by_the_ankle_steps_not_a_weight():
    """A held weight does not make single-leg balance harder: at the top of its ladder the
    plan names the ankle programme's next steps (eyes closed, then a folded towel)."""
    a = example_for_today("trail_ankle_sprains", START)
    plan = make_plan(a, score(a), START)
    lib = library()
    tops = [
        p
        for s in plan.sessions
        for p in s.items
        if not p.protocol
        and lib.exercises[p.exercise_id].pattern is Pattern.balance
        and "top of the ladder" in p.note
        and lib.exercises[p.exercise_id].equipment is Equipment.none
    ]
    assert tops
    for p in tops:
        assert "eyes closed, then standing on a folded towel" in p.note, p.note
        assert "hold a weight" not in p.note
