"""Findings, plans and schedule files cached on their inputs (plan and compare screens).

Keys are the assessment as JSON, the start date and the variant's options as JSON: the same
inputs give the same result, so a cache hit can never hand one runner another's plan. Scoring
is cached on the answers alone, so a variant's plan reuses it.

Plans are cached as shared objects (st.cache_resource), not pickled copies (st.cache_data):
a Plan is frozen, and copying a 40-week plan on every hit cost more than a compare-screen
slider move may add (benchmarks/bench_compare.py). Never mutate a plan from here.
"""

from __future__ import annotations

from datetime import date, time

import streamlit as st

from assessments.compare import Controls, controls
from assessments.completeness import missing
from assessments.exports import coach_csv as make_coach_csv
from assessments.exports import plan_pdf, schedule_csv, schedule_ics
from assessments.findings import Findings
from assessments.history import as_assessment, timeline
from assessments.model import Assessment
from assessments.planner import Plan, PlanNotAllowed, PlanOptions, make_plan
from assessments.planning.followed import in_force_from, parts, stitched
from assessments.scoring import score
from assessments.season import PlanInputError


@st.cache_resource(max_entries=64, show_spinner=False)
def scored(answers_json: str) -> tuple[Assessment, Findings]:
    """The answers, validated, and their findings: shared, like plans, as only make_plan
    reads them. A variant's plan B misses the plan cache on every new slider value; validating
    the answers and unpickling a copy of the findings each time cost more than the lookup.
    Never mutate them from here."""
    a = Assessment.model_validate_json(answers_json)
    return a, score(a)


@st.cache_resource(max_entries=128, show_spinner=False)
def plan(answers_json: str, start: date, options_json: str = "") -> Plan:
    """The plan for these answers from `start`; `options_json` ("" = the recommendation)."""
    a, findings = scored(answers_json)
    options = PlanOptions.model_validate_json(options_json) if options_json else None
    return make_plan(a, findings, start, options=options)


@st.cache_data(max_entries=64, show_spinner=False)
def plan_controls(answers_json: str, start: date) -> Controls:
    """The compare screen's controls; their defaults are the recommendation's values."""
    a = Assessment.model_validate_json(answers_json)
    return controls(a, start, plan(answers_json, start))


@st.cache_data(max_entries=64, show_spinner=False)
def csv(answers_json: str, start: date, options_json: str = "") -> bytes:
    return schedule_csv(plan(answers_json, start, options_json)).encode("utf-8")


@st.cache_data(max_entries=32, show_spinner=False)
def coach_csv(answers_json: str, start: date, options_json: str = "") -> bytes:
    return make_coach_csv(plan(answers_json, start, options_json)).encode("utf-8")


@st.cache_data(max_entries=64, show_spinner=False)
def ics(
    answers_json: str,
    start: date,
    at: time | None = None,
    tz: str = "UTC",
    options_json: str = "",
    remind_min: int = 0,
) -> bytes:
    return schedule_ics(
        plan(answers_json, start, options_json), at=at, tz=tz, reminder_min=remind_min
    )


@st.cache_data(max_entries=16, show_spinner=False)
def pdf(answers_json: str, start: date, options_json: str = "") -> bytes:
    """The printable plan: built on its download's click only (it takes most of a second)."""
    return plan_pdf(plan(answers_json, start, options_json))


# --- the plan followed across retests (assessments/planning/followed.py) -------------------

Past = tuple[tuple[date, str], ...]  # (in force from Monday, that assessment's answers JSON)


def past_parts(a: Assessment) -> Past:
    """The earlier assessments in force for the recorded plan's past weeks, oldest first
    (drafts left out), as keys: never the whole history."""
    if a.plan is None or not a.earlier:
        return ()
    complete = [(e.assessed_on, e) for e in timeline(a)[:-1] if not missing(as_assessment(e))]
    current = (a.assessed_on, None)
    chosen = parts([*complete, current], a.plan.start)
    return tuple(
        (begin, as_assessment(e).model_dump_json()) for begin, e in chosen if e is not None
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def followed(answers_json: str, start: date, options_json: str = "", past: Past = ()) -> Plan:
    """The recorded plan: each past part's plan for its weeks, this assessment's after.

    A past assessment that cannot be planned (a red flag then, impossible dates) leaves its
    weeks to the part before it."""
    current = plan(answers_json, start, options_json)
    if not past:
        return current
    plans: list[tuple[date, Plan]] = []
    for begin, entry_json in past:
        try:
            plans.append((begin, plan(entry_json, start, options_json)))
        except (PlanNotAllowed, PlanInputError):
            continue
    a = Assessment.model_validate_json(answers_json)
    mine = in_force_from(a.assessed_on)
    if not plans:
        return current
    return stitched([*[(b, p) for b, p in plans if b < mine], (mine, current)])


@st.cache_data(max_entries=64, show_spinner=False)
def followed_csv(answers_json: str, start: date, options_json: str = "", past: Past = ()) -> bytes:
    return schedule_csv(followed(answers_json, start, options_json, past)).encode("utf-8")


@st.cache_data(max_entries=64, show_spinner=False)
def followed_ics(
    answers_json: str,
    start: date,
    at: time | None = None,
    tz: str = "UTC",
    options_json: str = "",
    past: Past = (),
    remind_min: int = 0,
) -> bytes:
    return schedule_ics(
        followed(answers_json, start, options_json, past), at=at, tz=tz, reminder_min=remind_min
    )


@st.cache_data(max_entries=32, show_spinner=False)
def followed_coach_csv(
    answers_json: str, start: date, options_json: str = "", past: Past = ()
) -> bytes:
    return make_coach_csv(followed(answers_json, start, options_json, past)).encode("utf-8")


@st.cache_data(max_entries=16, show_spinner=False)
def followed_pdf(answers_json: str, start: date, options_json: str = "", past: Past = ()) -> bytes:
    """The printable followed plan: built on its download's click only."""
    return plan_pdf(followed(answers_json, start, options_json, past))
