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
    _main_lifts,
    _tables,
    allowed,
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
