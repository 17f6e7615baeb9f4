"""Which answers scoring still needs. A draft is valid; it is only complete when this is empty."""

from __future__ import annotations

from dataclasses import dataclass

from .model import (
    BACK_QUESTIONS,
    BONE_HEALTH_QUESTIONS,
    ENERGY_QUESTIONS,
    ENERGY_SIGN_QUESTIONS,
    MISSED_PERIODS_REASON_QUESTION,
    PARQ_QUESTIONS,
    POSTPARTUM_SYMPTOMS_QUESTION,
    SIDED_TESTS,
    STEP_TITLES,
    STEPS,
    WEEKDAYS,
    Assessment,
    Priority,
    Sex,
)


@dataclass(frozen=True)
class Missing:
    step: str  # one of model.STEPS
    path: str  # dotted field path in the file, e.g. "history.age"
    label: str  # what to tell the runner


_HISTORY = {
    "age": "your age",
    "sex": "your sex (or 'prefer not to say')",
    "years_running": "how many years you have been running",
    "weekly_distance": "your usual weekly distance",
    "longest_run_last_month": "your longest run in the last month",
    "strength_experience": "your strength-training experience",
    "strength_sessions_per_week": "how many strength sessions you do a week now",
}

_TEST_LABELS = {
    "calf_raise": "single-leg calf raises",
    "hamstring_bridge": "single-leg hamstring bridge",
    "side_plank": "side plank",
    "side_lying_leg_lift": "side-lying leg lifts",
    "single_leg_balance": "single-leg balance",
    "single_leg_squat": "single-leg squat quality",
}


# Finding and caution questions added in a schema version: a file first answered in an older
# version has never been asked them, so they are "not asked yet" there instead of missing (the
# plan is made without them). Red-flag questions are never listed here: they are always asked
# before a plan.
ADDED_IN: dict[int, tuple[str, ...]] = {
    3: (
        *(f"health.{name}" for name in ENERGY_SIGN_QUESTIONS),
        *(f"health.{name}" for name in BONE_HEALTH_QUESTIONS),
        "health.postpartum_symptoms",
    ),
}


NOT_ASKED_INTRO = (
    "Not asked yet: your answers come from an older version of the app, which did not ask "
    "these questions. Your results and plan are made without them; answer them in the "
    "assessment to take them into account."
)


def _not_asked_paths(a: Assessment) -> frozenset[str]:
    if a.migrated_from is None:
        return frozenset()
    return frozenset(p for v, paths in ADDED_IN.items() if v > a.migrated_from for p in paths)


def not_asked(a: Assessment) -> list[Missing]:
    """Questions the runner's file predates and that are still unanswered: shown as
    "not asked yet" on the results and plan, and as warnings by `check`."""
    skip = _not_asked_paths(a)
    if not skip:  # a file of the current schema (most): no need to list its gaps
        return []
    return [m for m in _gaps(a) if m.path in skip]


def missing(a: Assessment) -> list[Missing]:
    """Every answer that is still needed, in questionnaire order."""
    skip = _not_asked_paths(a)
    return [m for m in _gaps(a) if m.path not in skip]


def _gaps(a: Assessment) -> list[Missing]:
    out: list[Missing] = []
    h = a.history
    for name, label in _HISTORY.items():
        if getattr(h, name) is None:
            out.append(Missing("history", f"history.{name}", label))

    hl = a.health
    if hl.current_pain is None:
        out.append(Missing("health", "health.current_pain", "your pain while running (0 if none)"))
    elif hl.current_pain > 0:
        if not hl.pain_areas:
            out.append(Missing("health", "health.pain_areas", "where it hurts when you run"))
        if hl.pain_settles_by_morning is None:
            out.append(
                Missing(
                    "health",
                    "health.pain_settles_by_morning",
                    "whether the pain settles by the next morning",
                )
            )
    for injury_index, injury in enumerate(hl.injuries):
        if injury.months_since is None:
            out.append(
                Missing(
                    "health",
                    f"health.injuries.{injury_index}.months_since",
                    f"how long ago your {injury.type.value.replace('_', ' ')} started",
                )
            )
    questions = (
        PARQ_QUESTIONS
        | BACK_QUESTIONS
        | ENERGY_QUESTIONS
        | ENERGY_SIGN_QUESTIONS
        | BONE_HEALTH_QUESTIONS
    )
    for name, question in questions.items():
        if name == "missed_periods" and h.sex is Sex.male:
            continue
        if getattr(hl, name) is None:
            out.append(Missing("health", f"health.{name}", question))
        if name == "missed_periods" and hl.missed_periods and hl.missed_periods_reason is None:
            out.append(
                Missing(
                    "health",
                    "health.missed_periods_reason",
                    f"why your periods stopped: {MISSED_PERIODS_REASON_QUESTION}",
                )
            )
    if h.sex is not Sex.male and hl.pregnant is None:
        out.append(Missing("health", "health.pregnant", "whether you are pregnant"))
    if hl.weeks_since_giving_birth is not None and hl.postpartum_symptoms is None:
        out.append(Missing("health", "health.postpartum_symptoms", POSTPARTUM_SYMPTOMS_QUESTION))

    st = a.self_tests
    for test in SIDED_TESTS:
        result = getattr(st, test)
        for side in ("left", "right"):
            if not result.side_answered(side):
                out.append(
                    Missing(
                        "self_tests",
                        f"self_tests.{test}.{side}",
                        f"{_TEST_LABELS[test]}, {side} side (a result or 'not tested')",
                    )
                )
    if st.prone_plank is None and not st.prone_plank_skipped:
        out.append(
            Missing(
                "self_tests", "self_tests.prone_plank", "prone plank (a result or 'not tested')"
            )
        )

    g = a.goals
    if not g.races and not g.general_fitness:
        out.append(Missing("goals", "goals.races", "a race, or tick 'no race: general fitness'"))
    if g.races and not any(r.priority is Priority.A for r in g.races):
        out.append(Missing("goals", "goals.races", "which race is your main (A) race"))
    if g.aim is None:
        out.append(Missing("goals", "goals.aim", "your aim"))
    for day in WEEKDAYS:
        d = g.week[day]
        if d.run is None:
            out.append(Missing("goals", f"goals.week.{day}.run", f"your run on {day.title()}"))
        if d.strength_ok is None:
            out.append(
                Missing(
                    "goals",
                    f"goals.week.{day}.strength_ok",
                    f"whether you can do strength on {day.title()}",
                )
            )
    if g.minutes_per_session is None:
        out.append(Missing("goals", "goals.minutes_per_session", "minutes per strength session"))
    if g.equipment is None:
        out.append(Missing("goals", "goals.equipment", "the equipment you have"))
    return out


def step_status(a: Assessment) -> dict[str, int]:
    """How many answers each step still needs (0 means the step is complete)."""
    counts = {step: 0 for step in STEPS}
    for m in missing(a):
        counts[m.step] += 1
    return counts


def missing_by_step(gaps: list[Missing], per_step: int = 6) -> list[str]:
    """One line per step, naming the first few missing answers: for a message to the runner."""
    lines = []
    for step, title in STEP_TITLES.items():
        labels = [m.label for m in gaps if m.step == step]
        if labels:
            more = f"; and {len(labels) - per_step} more" if len(labels) > per_step else ""
            lines.append(f"{title}: " + "; ".join(labels[:per_step]) + more)
    return lines


def is_complete(a: Assessment) -> bool:
    return not missing(a)
