"""The planner's memos (season and days; session templates by budget range) never change a plan.

A plan made after other plans (memos warm, possibly holding another runner's templates) must
equal the same plan made from scratch, for any assessment and any two variants.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import placement, sessions
from assessments.examples import example_for_today
from assessments.model import Equipment
from assessments.planner import PlanOptions, make_plan
from assessments.scoring import score
from assessments.season import PlanInputError
from tests.plan_helpers import plan_cases

options = st.builds(
    PlanOptions,
    sessions_offseason=st.none() | st.integers(0, 7),
    sessions_inseason=st.none() | st.integers(0, 7),
    minutes=st.none() | st.integers(5, 200),
    emphasis=st.none() | st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0]),
    plyometrics=st.booleans(),
    equipment=st.none() | st.sampled_from(list(Equipment)),
)


def _cold(case, opts: PlanOptions):
    sessions._TEMPLATES.clear()
    placement.clear_calendars()
    return make_plan(*case, options=opts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_cases(), plan_cases(), st.lists(options, min_size=2, max_size=4))
def test_a_plan_made_after_others_equals_the_plan_made_from_scratch(mine, other, variants):
    try:
        for opts in variants[1:]:  # another runner's plans and my other variants first
            make_plan(*other, options=opts)
            make_plan(*mine, options=opts)
        warm = make_plan(*mine, options=variants[0])
    except PlanInputError:
        return
    assert warm == _cold(mine, variants[0])


def test_moving_the_minutes_reuses_templates_only_within_their_budget_range():
    start = date(2026, 1, 5)
    a = example_for_today("masters_marathoner", start)
    f = score(a)
    warm = [make_plan(a, f, start, minutes=m) for m in range(10, 181, 5)]
    for m, plan in zip(range(10, 181, 5), warm, strict=True):
        assert plan == _cold((a, f, start), PlanOptions(minutes=m))
    # Short sessions hold fewer exercises than long ones: not one template for all budgets.
    assert len(warm[0].splits[-1].sessions[0].items) < len(warm[-1].splits[-1].sessions[0].items)


def test_the_template_memo_is_bounded():
    memo = sessions._TemplateMemo()
    budget = sessions._Budget(600)
    for i in range(memo.MAX_KEYS + 10):
        memo.put(("key", i), budget, i)
    for r in range(memo.MAX_RANGES + 5):
        memo.put(("key", -1), sessions._Budget(r, lo=r, hi=r + 1), r)
    assert len(memo._data) == memo.MAX_KEYS
    assert len(memo._data[("key", -1)]) == memo.MAX_RANGES
    assert memo.get(("key", 0), 600) is None  # the least recently used key was dropped
    assert memo.get(("key", -1), memo.MAX_RANGES + 4) == memo.MAX_RANGES + 4
    assert memo.get(("key", -1), 0) is None  # the oldest range was dropped
