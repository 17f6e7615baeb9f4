"""Invariants of scoring over any complete assessment (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from assessments import scoring
from assessments.findings import Findings
from assessments.focus import FocusArea
from assessments.model import SIDED_TESTS, Assessment, BodyArea
from assessments.rules import load_rules
from assessments.scoring import score
from tests.scoring_support import complete_assessments

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORSE_QUALITY = {"good": "fair", "fair": "poor", "poor": "poor"}


def areas_of(test: str) -> set[FocusArea]:
    """The focus areas whose rules look at this self-test."""
    return {
        r.focus
        for r in load_rules().findings
        if any(c.field.split(".")[0] == test for c in r.conditions)
    }


@SETTINGS
@given(complete_assessments())
def test_any_complete_assessment_scores_within_0_to_100(a: Assessment) -> None:
    f = score(a)
    assert {x.area for x in f.focus} == set(FocusArea) and len(f.focus) == len(FocusArea)
    assert all(0 <= x.score <= 100 for x in f.focus)
    assert [x.score for x in f.focus] == sorted((x.score for x in f.focus), reverse=True)
    assert f.plan_allowed == (not f.red_flags or a.health.cleared_by_professional)
    body_areas = {b.value for b in BodyArea}
    for c in f.cautions:
        assert set(c.areas) <= body_areas  # the planner reduces load on these
    if a.health.do_not_load:
        assert any(set(c.areas) >= {x.value for x in a.health.do_not_load} for c in f.cautions)


def worse(a: Assessment, test: str, amount: int) -> Assessment:
    """Both sides of `test` worse by the same amount (reps or seconds), or one quality step.

    "The same amount" keeps the comparison fair: lowering one side far more than the other
    can turn an asymmetric result into a symmetric one, which is a different finding.
    """
    data: dict[str, Any] = a.model_dump(mode="python")
    if test == "prone_plank":
        if data["self_tests"]["prone_plank"] is not None:
            data["self_tests"]["prone_plank"] = max(0, data["self_tests"]["prone_plank"] - amount)
        return Assessment.model_validate(data)
    sides = data["self_tests"][test]
    measured = [sides[s] for s in ("left", "right") if sides[s] is not None]
    for side in ("left", "right"):
        if sides[side] is None:
            continue
        if test == "single_leg_squat":
            sides[side] = WORSE_QUALITY[str(getattr(sides[side], "value", sides[side]))]
        else:
            sides[side] -= min(amount, *measured)  # the same drop on both sides, never below 0
    return Assessment.model_validate(data)


@SETTINGS
@given(
    complete_assessments(),
    st.sampled_from([*SIDED_TESTS, "prone_plank"]),
    st.integers(0, 300),
)
def test_worse_self_test_never_lowers_its_focus_areas(
    a: Assessment, test: str, amount: int
) -> None:
    before = score(a)
    after = score(worse(a, test, amount))
    for area in areas_of(test):
        assert after.score_of(area) >= before.score_of(area), (test, area)


@SETTINGS
@given(complete_assessments())
def test_scoring_is_deterministic_and_independent_of_the_runner_name(a: Assessment) -> None:
    renamed = a.model_copy(update={"runner_name": "Someone else"})
    assert score(a).model_dump() == score(renamed).model_dump()


def _fields_set(model: BaseModel) -> list[object]:
    """Each model's set fields, depth first (what `exclude_unset` dumps go by)."""
    out: list[object] = [type(model).__name__, sorted(model.model_fields_set)]
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                out += _fields_set(item)
    return out


@SETTINGS
@given(complete_assessments())
def test_findings_built_without_validating_again_equal_validated_ones(a: Assessment) -> None:
    """Scoring builds its results with `findings.trusted`; validating each instead gives the
    same findings, the same dump and the same set fields."""
    fast = score(a)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scoring, "trusted", lambda cls, **values: cls(**values))
        checked = score(a)
    assert fast == checked
    assert fast.model_dump_json() == checked.model_dump_json()
    assert _fields_set(fast) == _fields_set(checked)
    assert Findings.model_validate(fast.model_dump()) == fast
