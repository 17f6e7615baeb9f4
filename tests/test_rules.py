"""The rules tables: loading errors name file:row:column, the vocabulary, and coverage."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from assessments.derived import FIELDS
from assessments.focus import FocusArea
from assessments.model import (
    SCREEN_QUESTIONS,
    SIDED_TESTS,
    InjuryType,
    RaceType,
    StrengthExperience,
    Terrain,
)
from assessments.rules import (
    FILES,
    OPERATORS,
    Condition,
    load_rules,
    load_rules_from,
    parse_condition,
)
from assessments.tables import RULES_DIR, RulesError

MINE = [FILES[k] for k in ("sources", "findings", "red_flags", "cautions", "norms")]


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    for name in MINE:
        shutil.copy(RULES_DIR / name, tmp_path / name)
    return tmp_path


def edit(path: Path, row_id: str, **cells: str) -> int:
    """Change cells of the row whose first column is row_id; returns its spreadsheet row."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    for i, row in enumerate(rows):
        if row and row[0] == row_id:
            for col, value in cells.items():
                row[header.index(col)] = value
            with path.open("w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            return i + 1
    raise AssertionError(f"no row {row_id}")


def append(path: Path, row: list[str]) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    with path.open("a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow(row)
    return len(lines) + 1


def error_of(directory: Path) -> str:
    with pytest.raises(RulesError) as exc:
        load_rules_from(directory)
    return str(exc.value)


# --- loading ----------------------------------------------------------------------------


def test_shipped_rules_load_and_are_cached() -> None:
    rules = load_rules()
    assert load_rules() is rules
    assert len(rules.findings) >= 40 and len(rules.red_flags) >= 15 and rules.cautions
    assert {n.test for n in rules.norms} >= {"calf_raise", "prone_plank"}


def test_unknown_field(rules_dir: Path) -> None:
    row = edit(rules_dir / "findings.csv", "calf_low", field1="calf_rase.below_norm")
    msg = error_of(rules_dir)
    assert f"findings.csv:{row}:field1: unknown field 'calf_rase.below_norm'" in msg


def test_unknown_operator(rules_dir: Path) -> None:
    row = edit(rules_dir / "red_flags.csv", "rf_pain_high", op1=">")
    assert f"red_flags.csv:{row}:op1: unknown operator '>'" in error_of(rules_dir)


def test_operator_that_does_not_fit_the_field(rules_dir: Path) -> None:
    row = edit(rules_dir / "findings.csv", "calf_low", op1="gt", value1="3")
    msg = error_of(rules_dir)
    assert f"findings.csv:{row}:op1: operator 'gt' works on number fields" in msg


@pytest.mark.parametrize(
    ("rule", "cells", "expected"),
    [
        ("rf_pain_high", {"value1": "five"}, "value1: current_pain is a number; 'five' is not"),
        ("rf_heart_condition", {"value1": "maybe"}, "value1: heart_condition is yes/no"),
        ("rf_pregnant", {"value1": ""}, "value1: a value is needed"),
    ],
)
def test_bad_value_type_in_red_flags(
    rules_dir: Path, rule: str, cells: dict[str, str], expected: str
) -> None:
    row = edit(rules_dir / "red_flags.csv", rule, **cells)
    assert f"red_flags.csv:{row}:{expected}" in error_of(rules_dir)


def test_unknown_choice_value(rules_dir: Path) -> None:
    row = edit(rules_dir / "findings.csv", "goal_5k_power", value1="road_3k")
    msg = error_of(rules_dir)
    assert f"findings.csv:{row}:value1: 'road_3k' is not a value of race_types" in msg


def test_bad_points(rules_dir: Path) -> None:
    row = edit(rules_dir / "findings.csv", "calf_low", points="lots")
    assert f"findings.csv:{row}:points:" in error_of(rules_dir)


def test_unknown_focus_area(rules_dir: Path) -> None:
    row = edit(rules_dir / "findings.csv", "calf_low", focus="calves")
    assert f"findings.csv:{row}:focus: unknown focus area 'calves'" in error_of(rules_dir)


def test_unknown_source_id(rules_dir: Path) -> None:
    row = edit(rules_dir / "cautions.csv", "caution_new_lifter", source="bazyler2015;nobody2020")
    msg = error_of(rules_dir)
    assert f"cautions.csv:{row}:source: unknown source id 'nobody2020'" in msg


def test_unknown_source_id_in_norms(rules_dir: Path) -> None:
    lines = (rules_dir / "norms.csv").read_text().splitlines()
    lines[1] = lines[1].replace("lunsford1995", "lunsford1996")
    (rules_dir / "norms.csv").write_text("\n".join(lines) + "\n")
    assert "norms.csv:2:source: unknown source id 'lunsford1996'" in error_of(rules_dir)


def test_duplicate_rule_id_in_one_file(rules_dir: Path) -> None:
    path = rules_dir / "findings.csv"
    first = edit(path, "calf_low")
    row = append(path, ["calf_low", "hip", "5", "age", "ge", "40", *[""] * 6, "masters", "x"])
    msg = error_of(rules_dir)
    assert f"findings.csv:{row}:id: duplicate id 'calf_low' (first on row {first})" in msg


def test_duplicate_rule_id_across_files(rules_dir: Path) -> None:
    path = rules_dir / "cautions.csv"
    row = append(path, ["calf_low", "age", "ge", "40", *[""] * 6, "", "", "", "masters", "x"])
    msg = error_of(rules_dir)
    assert f"cautions.csv:{row}:id: duplicate id 'calf_low' (already used in findings.csv)" in msg


def test_a_caution_effect_the_planner_does_not_know_is_refused(rules_dir: Path) -> None:
    path = rules_dir / "cautions.csv"
    row = edit(path, "caution_old_bone_stress", effects="gentle_impact")
    assert f"cautions.csv:{row}:effects: unknown effect 'gentle_impact'" in error_of(rules_dir)
    edit(path, "caution_old_bone_stress", effects="grade_impact", slow="speed")
    assert f"cautions.csv:{row}:slow:" in error_of(rules_dir)


def test_missing_and_unknown_columns(rules_dir: Path) -> None:
    path = rules_dir / "findings.csv"
    text = path.read_text().replace("points", "pionts", 1)
    path.write_text(text)
    msg = error_of(rules_dir)
    assert "findings.csv:1:points: required column is missing" in msg
    assert "findings.csv:1:pionts: unknown column" in msg


def test_bad_grade_and_bad_area_and_unknown_test(rules_dir: Path) -> None:
    edit(rules_dir / "sources.csv", "masters", grade="X")
    assert "sources.csv:" in error_of(rules_dir) and "grade 'X'" in error_of(rules_dir)
    edit(rules_dir / "sources.csv", "masters", grade="W")
    row = edit(rules_dir / "cautions.csv", "caution_do_not_load", areas="elbow")
    assert f"cautions.csv:{row}:areas: unknown body area 'elbow'" in error_of(rules_dir)
    edit(rules_dir / "cautions.csv", "caution_do_not_load", areas="do_not_load")
    lines = (rules_dir / "norms.csv").read_text().replace("calf_raise", "toe_raise", 1)
    (rules_dir / "norms.csv").write_text(lines)
    assert "norms.csv:2:test: unknown self-test 'toe_raise'" in error_of(rules_dir)


def test_every_problem_of_a_file_is_listed(rules_dir: Path) -> None:
    a = edit(rules_dir / "findings.csv", "calf_low", field1="nope")
    b = edit(rules_dir / "findings.csv", "hamstring_low", op1="equals")
    problems = error_of(rules_dir).splitlines()
    assert any(p.startswith(f"findings.csv:{a}:field1") for p in problems)
    assert any(p.startswith(f"findings.csv:{b}:op1") for p in problems)


def test_missing_file(rules_dir: Path) -> None:
    (rules_dir / "cautions.csv").unlink()
    assert error_of(rules_dir) == "cautions.csv: file not found"


# --- conditions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "op", "raw", "value", "holds"),
    [
        ("age", "ge", "40", 40, True),
        ("age", "gt", "40", 40, False),
        ("age", "lt", "40", 39.5, True),
        ("age", "le", "40", 41, False),
        ("age", "eq", "40", 40, True),
        ("age", "ne", "40", 40, False),
        ("chest_pain", "eq", "yes", True, True),
        ("chest_pain", "eq", "false", True, False),
        ("sex", "in", "female|male", "male", True),
        ("sex", "not_in", "female|male", "male", False),
        ("injury_types", "has", "shin_pain", frozenset({"shin_pain"}), True),
        ("injury_types", "has_any", "shin_pain|other", frozenset({"other"}), True),
        ("injury_types", "has_none", "shin_pain|other", frozenset({"other"}), False),
        ("do_not_load", "empty", "", frozenset(), True),
        ("do_not_load", "not_empty", "", frozenset(), False),
    ],
)
def test_operators(field: str, op: str, raw: str, value: object, holds: bool) -> None:
    cond, _, msg = parse_condition(field, op, raw)
    assert cond is not None, msg
    assert cond.holds({field: value}) is holds  # type: ignore[dict-item]


@pytest.mark.parametrize("op", list(OPERATORS))
def test_a_missing_answer_never_satisfies_a_condition(op: str) -> None:
    spec = next(f for f in FIELDS.values() if f.kind in OPERATORS[op])
    raw = "" if op in ("empty", "not_empty") else spec.choices[0] if spec.choices else "1"
    if spec.kind.value == "yes/no":
        raw = "true"
    cond, _, msg = parse_condition(spec.name, op, raw)
    assert cond is not None, msg
    assert cond.holds({spec.name: None}) is False
    assert cond.holds({}) is False


# --- documentation and coverage ----------------------------------------------------------

README = (RULES_DIR / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_field_operator_and_column() -> None:
    for name in FIELDS:
        assert f"`{name}`" in README, name
    for op in OPERATORS:
        assert f"`{op}`" in README, op
    for name in MINE:
        header = (RULES_DIR / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        for col in header:
            assert f"`{col}`" in README or col[:-1] in ("field", "op", "value"), (name, col)


def _conditions(rules_list: tuple) -> list[Condition]:
    return [c for r in rules_list for c in r.conditions]


def _all_values(conds: list[Condition], *fields: str) -> set[str]:
    out: set[str] = set()
    for c in conds:
        if c.field in fields:
            out |= set(c.value) if isinstance(c.value, frozenset) else {str(c.value)}
    return out


def test_coverage_floor() -> None:
    rules = load_rules()
    every = _conditions(rules.findings + rules.red_flags + rules.cautions)
    finding_fields = {c.field.split(".")[0] for c in _conditions(rules.findings)}
    for test in (*SIDED_TESTS, "prone_plank"):
        assert test in finding_fields, f"no findings rule on the self-test {test}"
    injuries = _all_values(every, "injury_types", "recent_injury_types")
    assert injuries >= {t.value for t in InjuryType}, {t.value for t in InjuryType} - injuries
    races = _all_values(every, "race_types", "a_race_type")
    assert races >= {r.value for r in RaceType}
    assert _all_values(every, "terrains") >= {t.value for t in Terrain}
    experience = _all_values(every, "strength_experience")
    assert experience >= {s.value for s in StrengthExperience}
    # Masters and sex: the bone-loading priority rises with age and for female runners.
    bone = [r for r in rules.findings if r.focus is FocusArea.bone]
    assert any(c.field == "age" for r in bone for c in r.conditions)
    assert any(c.field == "sex" and c.value == "female" for r in bone for c in r.conditions)
    assert any(
        c.field in ("age", "age_band")
        for r in rules.findings
        for c in r.conditions
        if r.focus is not FocusArea.bone
    )


def test_every_red_flag_of_the_screen_has_a_rule() -> None:
    flagged = {c.field for c in _conditions(load_rules().red_flags)}
    required = set(SCREEN_QUESTIONS) | {
        "bsi_high_risk_24m",  # high-risk site in the last two years
        "bsi_count",  # two or more bone stress injuries
        "weeks_since_giving_birth",  # under 12 weeks postpartum
        "current_pain",  # pain above 5/10 while running
    }
    assert required <= flagged, required - flagged


def test_every_focus_area_can_score_and_the_seed_article_is_cited() -> None:
    rules = load_rules()
    assert {r.focus for r in rules.findings} == set(FocusArea)
    cited = [
        r for r in rules.findings + rules.red_flags + rules.cautions if "seed_article" in r.sources
    ]
    assert len({r.id for r in cited}) >= 8
    # its own advice: core work for back and hip pain, bone for women, yoga/climbing count
    ids = {r.id for r in cited}
    assert {"injury_back", "injury_hip_core", "female_bone", "yoga_climbing_trunk"} <= ids


def test_every_rule_cites_a_graded_source() -> None:
    rules = load_rules()
    for r in rules.findings + rules.red_flags + rules.cautions:
        assert r.sources and all(s in rules.sources for s in r.sources)
        assert r.conditions
