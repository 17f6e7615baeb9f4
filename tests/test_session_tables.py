"""The per-library tables session templates read (sessions._LibTables) say what the library says.

They outlive `clear_memos`, so they may hold only what the rules library decides: a dose they
keep must not depend on the runner's foot contacts, and candidate lists must be the allowed
exercises in best-fit order, whatever the runner's filters.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.focus import FocusArea
from assessments.model import Equipment
from assessments.planner import PlanOptions, clear_memos, make_plan
from assessments.planning.dose import base_dose
from assessments.planning.library import (
    COMPOUND_PATTERNS,
    Category,
    Pattern,
    PhaseName,
    library,
)
from assessments.planning.plan_context import _context
from assessments.planning.plan_model import Prescription
from assessments.planning.sessions import (
    _ACCESSORY_CATS,
    _EQUIPMENT_LEVEL,
    _HEAVY,
    _POWER,
    _PREFER,
    _bone_candidates,
    _Builder,
    _equal_split,
    _main_lifts,
    _tables,
    allowed,
    split_sessions,
)
from tests.plan_helpers import plan_cases


def test_kept_doses_do_not_read_the_foot_contacts():
    lib = library()
    by_contacts = _tables(lib).by_contacts
    for ex in lib.exercises.values():
        if ex.id in by_contacts:
            continue
        for row in lib.phases:
            for phase in (row.phase, PhaseName.taper):
                for high_volume in (False, True):
                    doses = {
                        base_dose(lib, ex, row, phase, c, high_volume=high_volume)
                        for c in (0, 40, 120, 400)
                    }
                    assert len(doses) == 1, (ex.id, row.block, phase)


def test_jump_doses_do_read_the_foot_contacts():
    lib = library()
    row = next(r for r in lib.phases if r.plyo_contacts > 0 and r.phase is PhaseName.off_season)
    jumps = sorted(_tables(lib).by_contacts)
    assert jumps
    ex = lib.exercises[jumps[0]]
    assert (
        base_dose(lib, ex, row, row.phase, 10).sets < base_dose(lib, ex, row, row.phase, 400).sets
    )


def test_the_tables_outlive_clear_memos_and_belong_to_their_library():
    lib = library()
    first = _tables(lib)
    clear_memos()
    assert _tables(lib) is first
    assert first.lib is lib


options = st.builds(
    PlanOptions,
    emphasis=st.none() | st.sampled_from([0.0, 0.5, 0.8, 1.0]),
    plyometrics=st.booleans(),
    equipment=st.none() | st.sampled_from(list(Equipment)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_cases(),
    options,
    st.sampled_from([None, 1]),
    st.sets(st.sampled_from(list(library().exercises))),
)
def test_candidates_are_the_allowed_exercises_in_best_fit_order(case, opts, max_level, used):
    a, findings, _ = case
    ctx = _context(a, findings, library(), opts, [])
    builder = _Builder(ctx)
    builder.used.update(used)
    prefer = _PREFER[ctx.emphasis > 0.5]
    top = max_level or ctx.level
    for area in FocusArea:
        for cats in (_ACCESSORY_CATS, _HEAVY, _POWER):
            expected = [
                ex
                for ex in ctx.lib.exercises.values()
                if area in ex.focus
                and ex.category in cats
                and allowed(ex, ctx, max_level=max_level)
            ]
            expected.sort(
                key=lambda ex, a=area: (
                    ex.id in used,
                    ex.focus.index(a),
                    prefer[ex.category],
                    top - ex.level,
                )
            )
            got = builder.candidates(area, cats, max_level, taken=set())
            assert [e.id for e in got] == [e.id for e in expected]
        mains = _main_lifts(builder, area, max_level, set(), light=False)
        assert {e.id for e in mains} == {
            e.id for e in builder.candidates(area, _HEAVY, max_level, taken=set())
        }
    lifts = [e.id for e in _bone_candidates(builder, max_level, set())]
    assert lifts == [
        e.id
        for e in sorted(ctx.lib.exercises.values(), key=lambda e: -_EQUIPMENT_LEVEL[e.equipment])
        if e.category is Category.heavy_strength
        and e.pattern in COMPOUND_PATTERNS
        and allowed(e, ctx, max_level=max_level)
    ] + [
        e.id
        for e in builder.candidates(FocusArea.power, _POWER, max_level, taken=set())
        if e.pattern is Pattern.jump
    ]


def test_a_block_row_not_the_librarys_gets_its_own_doses():
    lib = library()
    tables = _tables(lib)
    row = lib.phases[0]
    mine = tables.doses_for(row, row.phase, False)
    other = row.model_copy(update={"sets": row.sets + 1})
    theirs = tables.doses_for(other, row.phase, False)
    assert theirs is not mine
    assert not theirs
    assert tables.doses_for(row, row.phase, False) is mine


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_cases())
def test_template_prescriptions_are_what_their_constructor_builds(case):
    """Templates copy a per-library field table into each prescription: every field is there,
    nothing else is, and each equals a prescription built field by field (also after a
    memo-clearing replan, when the tables are already filled)."""
    assessment, findings, start = case
    names = [f.name for f in dataclass_fields(Prescription)]
    for _ in range(2):
        clear_memos()
        plan = make_plan(assessment, findings, start)
        templates = [t for sp in plan.splits for t in sp.sessions] + [plan.activation]
        for p in (p for t in templates for p in t.items):
            assert list(vars(p)) == names
            built = Prescription(**{n: getattr(p, n) for n in names})
            assert built == p and vars(built) == vars(p)
            lib_ex = library().exercises[p.exercise_id]
            assert set(lib_ex.source) <= set(p.source.split(";"))


def test_a_prescriptions_sources_read_its_own_block_row():
    lib = library()
    tables = _tables(lib)
    row = lib.phases[0]
    ex = next(iter(lib.exercises.values()))
    mine = tables.source(ex, row, ("rule_src",))
    other = row.model_copy(update={"source": ["heuristic"]})
    theirs = tables.source(ex, other, ("rule_src",))
    assert mine.split(";") == list(dict.fromkeys([*ex.source, "rule_src", *row.source]))
    assert theirs.split(";") == list(dict.fromkeys([*ex.source, "rule_src", "heuristic"]))
    assert tables.source(ex, row, ("rule_src",)) == mine


def test_equal_off_and_pre_season_rows_dose_every_exercise_alike():
    """The premise of rebuilding a pre-season split from the off-season's choices: rows equal
    in what `_equal_split` reads give every exercise the same sets, reps, rest and note."""
    lib = library()
    rows = [r for r in lib.phases if r.phase in (PhaseName.off_season, PhaseName.pre_season)]
    pairs = [
        (a, b)
        for a in rows
        for b in rows
        if a.phase is PhaseName.off_season
        and b.phase is PhaseName.pre_season
        and _equal_split(a.phase, a, 2) == _equal_split(b.phase, b, 2)
    ]
    assert pairs  # the library has such rows (the 52-week case's runner has one)
    for a, b in pairs:
        for ex in lib.exercises.values():
            for c in (0, 40, 120):
                for hv in (False, True):
                    da = base_dose(lib, ex, a, a.phase, c, high_volume=hv)
                    db = base_dose(lib, ex, b, b.phase, c, high_volume=hv)
                    assert (da.sets, da.reps, da.rest_s, da.note) == (
                        db.sets,
                        db.reps,
                        db.rest_s,
                        db.note,
                    ), (ex.id, a.block)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_cases(),
    options,
    st.none() | st.sampled_from([20, 30, 45, 60, 90]),
    st.sampled_from([1, 2, 3]),
    st.sampled_from([1, 2, 3]),
)
def test_a_split_rebuilt_from_an_equal_rows_choices_is_the_one_built(case, opts, minutes, n, n_pre):
    """The pre-season split rebuilt from the off-season's choices (at this runner's minutes,
    any sessions a week of each) equals the one build_session makes for it."""
    a, findings, _ = case
    opts = opts.model_copy(update={"minutes": minutes})
    lib = library()
    ctx = _context(a, findings, lib, opts, [])
    for off in (r for r in lib.phases if r.phase is PhaseName.off_season):
        for pre in (r for r in lib.phases if r.phase is PhaseName.pre_season):
            if _equal_split(off.phase, off, n) != _equal_split(pre.phase, pre, n_pre):
                continue
            clear_memos()
            builder = _Builder(ctx)
            split_sessions(ctx, builder, off, off.phase, n)
            assert builder.chosen_memo
            replayed = split_sessions(ctx, builder, pre, pre.phase, n_pre)
            used = dict(builder.used)
            clear_memos()
            fresh_builder = _Builder(ctx)
            fresh = split_sessions(ctx, fresh_builder, pre, pre.phase, n_pre)
            assert replayed == fresh
            assert [vars(p) for t in replayed for p in t.items] == [
                vars(p) for t in fresh for p in t.items
            ]
            assert used == dict(fresh_builder.used)
