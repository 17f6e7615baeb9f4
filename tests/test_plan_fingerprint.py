"""The speed-work fingerprint (benchmarks/plan_fingerprint.py) tells plans apart and repeats."""

from __future__ import annotations

from datetime import date

from assessments.examples import load_example
from benchmarks.plan_fingerprint import digest


def test_the_same_plan_gives_the_same_digest_and_another_plan_another():
    a = load_example("masters_marathoner")
    start = date(2026, 12, 7)
    first = digest(a, start)
    assert first == digest(a, start)
    shorter = a.model_copy(update={"goals": a.goals.model_copy(update={"minutes_per_session": 25})})
    assert digest(shorter, start) != first
    assert digest(load_example("trail_ankle_sprains"), start) != first
