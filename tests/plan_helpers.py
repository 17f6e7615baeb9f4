"""Test helpers for the planner: hand-built findings and complete assessments for planning.

Findings are built by hand so planner tests do not depend on the scoring rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from assessments.examples import load_example
from assessments.findings import Caution, Findings, FiredRule, FocusScore, RedFlag
from assessments.focus import FocusArea
from assessments.model import (
    WEEKDAYS,
    Activity,
    Aim,
    Assessment,
    BodyArea,
    Equipment,
    InjuryType,
    RunType,
    StrengthExperience,
)


def findings(
    scores: dict[FocusArea, int] | None = None,
    caution_areas: list[str] | None = None,
    red_flag: bool = False,
    cleared: bool = False,
) -> Findings:
    scores = scores or {FocusArea.posterior_chain: 60, FocusArea.hip: 40, FocusArea.trunk: 20}
    focus = [
        FocusScore(
            area=a,
            score=scores.get(a, 0),
            rules=[FiredRule(rule_id=f"test_{a.value}", message="test", points=scores[a])]
            if scores.get(a)
            else [],
        )
        for a in FocusArea
    ]
    focus.sort(key=lambda f: -f.score)
    cautions = (
        [Caution(rule_id="test_caution", message="test caution", areas=caution_areas)]
        if caution_areas
        else []
    )
    flags = [RedFlag(rule_id="test_flag", message="See a doctor.")] if red_flag else []
    return Findings(focus=focus, cautions=cautions, red_flags=flags, cleared=cleared)


BASE = load_example("trail_ankle_sprains").model_dump(mode="python")


def with_goals(base: dict[str, Any] | None = None, **goals: Any) -> Assessment:
    data = dict(base or BASE)
    data = {**data, "goals": {**data["goals"], **goals}}
    return Assessment.model_validate(data)


@st.composite
def plan_cases(draw: st.DrawFn) -> tuple[Assessment, Findings, date]:
    """Any complete assessment (as far as planning reads it), findings and a start date."""
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
    runs = [draw(st.sampled_from(list(RunType))) for _ in WEEKDAYS]
    week = {
        d: {"run": r.value, "strength_ok": draw(st.booleans())}
        for d, r in zip(WEEKDAYS, runs, strict=True)
    }
    has_race = draw(st.booleans())
    races: list[dict[str, Any]] = []
    offseason: tuple[date, date] | None = None
    if has_race:
        a_date = start + timedelta(days=draw(st.integers(1, 420)))
        races.append({"date": a_date, "type": "marathon", "priority": "A"})
        for _ in range(draw(st.integers(0, 3))):
            races.append(
                {
                    "date": start + timedelta(days=draw(st.integers(-20, 420))),
                    "type": "road_10k",
                    "priority": draw(st.sampled_from(["B", "C"])),
                }
            )
    if draw(st.booleans()):
        o_start = start + timedelta(days=draw(st.integers(-60, 300)))
        o_end = o_start + timedelta(days=draw(st.integers(1, 200)))
        if not races or o_end < races[0]["date"]:
            offseason = (o_start, o_end)
    pain = draw(st.integers(0, 5))
    pain_areas = draw(st.lists(st.sampled_from(list(BodyArea)), min_size=1, unique=True))
    injuries = [
        {"type": t.value, "months_since": draw(st.integers(0, 40))}
        for t in draw(
            st.lists(
                st.sampled_from([t for t in InjuryType if t is not InjuryType.bone_stress_injury]),
                max_size=3,
            )
        )
    ]
    data = dict(BASE)
    data["history"] = {
        **BASE["history"],
        "strength_experience": draw(st.sampled_from(list(StrengthExperience))).value,
        "other_activities": draw(st.lists(st.sampled_from(list(Activity)), unique=True)),
    }
    data["health"] = {
        **BASE["health"],
        "injuries": injuries,
        "current_pain": pain,
        "pain_areas": pain_areas if pain else [],
        "pain_settles_by_morning": draw(st.booleans()) if pain else None,
        "do_not_load": draw(st.lists(st.sampled_from(list(BodyArea)), unique=True, max_size=4)),
    }
    data["goals"] = {
        **BASE["goals"],
        "races": races,
        "general_fitness": not races,
        "aim": draw(st.sampled_from(list(Aim))).value,
        "offseason_start": offseason[0] if offseason else None,
        "offseason_end": offseason[1] if offseason else None,
        "week": week,
        "minutes_per_session": draw(st.integers(10, 120)),
        "equipment": draw(st.sampled_from(list(Equipment))).value,
    }
    a = Assessment.model_validate(data)
    scores = {area: draw(st.integers(0, 100)) for area in FocusArea}
    cautions = draw(st.lists(st.sampled_from([b.value for b in BodyArea]), max_size=3))
    return a, findings(scores, cautions), start
