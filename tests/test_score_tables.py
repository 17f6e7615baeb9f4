"""Scoring's shortcuts give what the long way gives: the rules looked up by value, the
asymmetry check on its own, and the norms a plan's weaker sides read from scoring instead of
loading the rules again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import derived
from assessments.derived import FIELDS, NUMERIC_SIDED, Kind, asymmetric, sided_measures
from assessments.examples import load_example
from assessments.rules import load_rules, load_rules_from
from assessments.scoring import _fired, _table, score
from assessments.tables import RULES_DIR

SIDES = st.one_of(st.none(), st.floats(min_value=0, max_value=300, allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(
    test=st.sampled_from(sorted(NUMERIC_SIDED)),
    row=st.integers(min_value=0, max_value=200),
    left=SIDES,
    right=SIDES,
)
def test_asymmetric_is_the_sided_measure(test: str, row: int, left, right) -> None:
    norms = [n for n in load_rules().norms if n.test == test]
    norm = None if row >= len(norms) else norms[row]
    assert (
        asymmetric(left, right, norm)
        == sided_measures(test, left, right, norm)[f"{test}.asymmetric"]
    )


def test_score_notes_the_norms_it_judged_by_and_from_cold_forgets_them() -> None:
    a = load_example("trail_ankle_sprains")
    findings = score(a)
    assert derived.norms_judging(findings) is load_rules().norms
    assert (
        derived.norms_judging(score(a)) is not None
        and derived.norms_judging(findings.model_copy()) is None
    )  # another object, even an equal one, is not taken for it
    derived.clear_caches()
    assert derived.norms_judging(findings) is None


def test_findings_scored_with_given_rules_are_not_noted() -> None:
    """The plan then reads the rules in use, as before (only `score`'s own load is noted)."""
    a = load_example("trail_ankle_sprains")
    assert derived.norms_judging(score(a, load_rules_from(RULES_DIR))) is None


def _value(spec):
    if spec.kind is Kind.number:
        return st.one_of(st.integers(0, 120), st.sampled_from([0.0, 1.0, 2.5, 30.0]))
    if spec.kind is Kind.yes_no:
        return st.booleans()
    if spec.kind is Kind.set:
        return st.frozensets(st.sampled_from(spec.choices), max_size=4)
    return st.sampled_from(spec.choices)


ANSWERS = st.fixed_dictionaries(
    {}, optional={name: st.one_of(st.none(), _value(spec)) for name, spec in FIELDS.items()}
)


@settings(max_examples=400, deadline=None)
@given(m=ANSWERS)
def test_the_rules_that_fire_are_those_rule_fires_names(m) -> None:
    """Looking rules up by value gives each file's firing rules in file order, as asking
    every rule does (random answers to every field, some missing)."""
    rules = load_rules()
    findings, flags, cautions = _fired(_table(rules), m)
    assert [r[0] for r in findings] == [r for r in rules.findings if r.fires(m)]
    assert [r[0] for r in flags] == [r for r in rules.red_flags if r.fires(m)]
    assert [r[0] for r in cautions] == [r for r in rules.cautions if r.fires(m)]
