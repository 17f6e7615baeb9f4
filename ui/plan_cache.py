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
from assessments.exports import coach_csv as make_coach_csv
from assessments.exports import plan_pdf, schedule_csv, schedule_ics
from assessments.findings import Findings
from assessments.model import Assessment
from assessments.planner import Plan, PlanOptions, make_plan
from assessments.scoring import score


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
