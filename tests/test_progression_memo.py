"""The ladder's items memo groups weeks by Progressions.k_class: two progressing weeks share
their items exactly when every ladder stands at the same step in both (position()) and neither
is still within reach of a harder variant's climb (k_cap)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.examples import example_for_today
from assessments.planner import clear_memos, make_plan
from assessments.planning.library import Library, library
from assessments.planning.plan_context import _context
from assessments.planning.plan_model import PlanOptions
from assessments.planning.progression import Progressions, position
from assessments.scoring import score
from assessments.season import PlanInputError
from tests.plan_helpers import plan_cases


def _cycling(lib: Library) -> Library:
    """The library with ladders that repeat in cycles of different lengths (2, 3 and 4)."""
    starts = {"loaded": 3, "bodyweight": 2, "jump": 2}
    ladders = {
        kind: (*steps[:-1], steps[-1].model_copy(update={"repeat": starts[kind]}))
        for kind, steps in lib.ladders.items()
    }
    return dataclasses.replace(lib, ladders=ladders)


@pytest.mark.parametrize("cycling", [False, True])
def test_k_class_groups_weeks_at_the_same_ladder_steps(cycling: bool) -> None:
    base = library()
    lib = _cycling(base) if cycling else base
    a = example_for_today("trail_ankle_sprains", date(2026, 1, 5))
    ladder = Progressions(_context(a, score(a), lib, PlanOptions(), []), lib)
    every = list(ladder.ladders.values())
    if cycling:
        assert ladder.period == 12

    def steps_at(k: int) -> tuple[object, ...]:
        return (min(k, ladder.k_cap), *(position(s, k) if k else -1 for s in every))

    ks = range(0, 80)
    for k1 in ks:
        for k2 in ks:
            same = ladder.k_class(k1) == ladder.k_class(k2)
            assert same == (steps_at(k1) == steps_at(k2)), (k1, k2)


def test_step_tables_kept_across_runners_change_no_plan() -> None:
    """The ladder's step tables outlive a plan (library strings only): a plan made with them
    filled by other runners is the plan made with them empty, and no note is a key."""
    from assessments.examples import EXAMPLES
    from assessments.planning.planner import clear_memos, make_plan
    from assessments.planning.progression import _step_tables

    lib = library()
    tables = _step_tables(lib)
    start = date(2026, 1, 5)
    cases = [example_for_today(name, start) for name in EXAMPLES]
    cases = [a for a in cases if score(a).plan_allowed]
    assert len(cases) > 3
    warm = []
    for a in cases:
        clear_memos()
        warm.append(make_plan(a, score(a), start, lib=lib).sessions)
    notes = {p.note for s in warm for x in s for p in x.items if p.note}
    assert notes
    for key in (*tables.at, *tables.ladder, *tables.top):
        assert not notes & set(key)
    for a, sessions in zip(cases, warm, strict=True):
        for table in (tables.at, tables.ladder, tables.top, tables.no_tempo):
            table.clear()
        clear_memos()
        assert make_plan(a, score(a), start, lib=lib).sessions == sessions


class _NeverHits(dict):  # type: ignore[type-arg]
    """A memo that forgets: every lookup misses, nothing is kept."""

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        return default

    def __setitem__(self, key, value) -> None:  # type: ignore[no-untyped-def]
        pass


_LADDER_MEMOS = ("memo", "one_memo", "one_by_k", "step_memo")


def _without_ladder_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Progressions.__init__

    def forgetful(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        real(self, *args, **kwargs)
        for name in _LADDER_MEMOS:
            assert isinstance(getattr(self, name), dict), name  # a renamed memo fails here
            setattr(self, name, _NeverHits())

    monkeypatch.setattr(Progressions, "__init__", forgetful)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_cases(), st.sampled_from([None, 0, 1, 2]))
def test_the_ladder_memos_change_no_plan(case, in_season) -> None:
    """Every ladder step worked out afresh (each memo missing every time) gives the same plan
    as the memoised one: no memo keeps a step that a later week's state (a climbing swap's
    sets, a harder variant's first week, the ramp's cap) would make differently."""
    options = {} if in_season is None else {"sessions_inseason": in_season}
    try:
        clear_memos()
        memoised = make_plan(*case, **options)
    except PlanInputError:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        _without_ladder_memos(monkeypatch)
        clear_memos()
        fresh = make_plan(*case, **options)
    assert fresh == memoised
