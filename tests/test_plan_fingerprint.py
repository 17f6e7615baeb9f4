"""The speed-work fingerprint (benchmarks/plan_fingerprint.py) tells plans apart and repeats."""

from __future__ import annotations

from datetime import date

from assessments.examples import example_for_today
from benchmarks.plan_fingerprint import digest


def test_the_same_plan_gives_the_same_digest_and_another_plan_another():
    start = date(2026, 12, 7)
    a = example_for_today("masters_marathoner", start)
    first = digest(a, start)
    assert len(first) == 16  # a plan, not a refusal
    assert first == digest(a, start)
    shorter = a.model_copy(update={"goals": a.goals.model_copy(update={"minutes_per_session": 25})})
    assert digest(shorter, start) != first
    assert digest(example_for_today("trail_ankle_sprains", start), start) != first
