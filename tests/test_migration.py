"""Files from every earlier schema: what migration keeps, what it asks again, and that they plan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assessments.charts_results import norms_table
from assessments.cli import main
from assessments.completeness import missing, not_asked
from assessments.model import SCHEMA_VERSION, Assessment
from assessments.planner import make_plan
from assessments.rules import load_rules
from assessments.scoring import IncompleteAssessment, score
from assessments.storage import migrate, parse_assessment

DATA = Path(__file__).parent / "data"
START = date(2026, 1, 5)
NEW_CAUTION_QUESTIONS = [
    "health.low_sex_drive",
    "health.frequent_illness",
    "health.unusual_fatigue",
    "health.osteoporosis_or_fragility_fracture",
]


def loaded(path: Path) -> Assessment:
    result = parse_assessment(path.read_bytes())
    assert result.assessment is not None, result.errors
    return result.assessment


def v2(**health: Any) -> dict[str, Any]:
    raw = json.loads((DATA / "assessment_v2.json").read_text())
    raw["health"] |= health
    return raw


@pytest.mark.parametrize("name", ["assessment_v1.json", "assessment_v2.json"])
def test_every_older_version_migrates_and_lists_what_it_was_never_asked(name: str) -> None:
    raw = json.loads((DATA / name).read_text())
    assert raw["schema_version"] < SCHEMA_VERSION
    a = loaded(DATA / name)
    assert a.schema_version == SCHEMA_VERSION and a.migrated_from == 2
    assert [m.path for m in not_asked(a)] == NEW_CAUTION_QUESTIONS
    assert not {m.path for m in missing(a)} & set(NEW_CAUTION_QUESTIONS)


def test_a_migrated_file_with_only_caution_questions_unanswered_plans() -> None:
    a = loaded(DATA / "assessment_v2.json")  # high-risk BSI 6 months ago, cleared by a physio
    assert missing(a) == [] and a.health.bsi_high_risk_24m is True
    f = score(a)
    assert {r.rule_id for r in f.red_flags} == {"rf_bone_stress_high_risk"} and f.plan_allowed
    plan = make_plan(a, f, START)
    assert plan.sessions


def test_a_v1_file_plans_once_the_red_flag_question_is_answered() -> None:
    a = loaded(DATA / "assessment_v1.json")
    with pytest.raises(IncompleteAssessment) as exc:
        score(a)
    assert [m.path for m in exc.value.missing] == ["health.bsi_high_risk_24m"]
    answered = a.model_copy(
        update={"health": a.health.model_copy(update={"bsi_high_risk_24m": False})}
    )
    plan = make_plan(answered, score(answered), START)
    assert plan.sessions


def test_plan_refuses_a_migrated_file_naming_the_red_flag_question(capsys, tmp_path) -> None:
    code = main(["plan", str(DATA / "assessment_v1.json"), "--start", "2026-01-05"])
    err = capsys.readouterr().err
    assert code == 2
    assert "health.bsi_high_risk_24m: still needed: In the last two years" in err


def test_plan_makes_the_migrated_v2_file_and_notes_what_was_not_asked(capsys, tmp_path) -> None:
    out = tmp_path / "plan.csv"
    code = main(
        ["plan", str(DATA / "assessment_v2.json"), "--out", str(out), "--start", "2026-01-05"]
    )
    err = capsys.readouterr().err
    assert code == 0 and out.read_text().count("\n") > 5
    assert "not asked yet" in err and "health.low_sex_drive" in err


@pytest.mark.parametrize(
    ("injury", "expected"),
    [
        ({"bone_site": "navicular", "months_since": 12}, True),  # v2 derived true -> true
        ({"bone_site": "navicular", "months_since": 13}, None),  # v2 false -> unanswered
        ({"bone_site": "fibula", "months_since": 3}, None),  # low-risk site: v2 false
    ],
)
def test_migration_maps_old_true_to_true_and_old_false_to_unanswered(
    injury: dict[str, Any], expected: bool | None
) -> None:
    raw = v2(injuries=[{"type": "bone_stress_injury", "side": "left", "note": "", **injury}])
    out = migrate(raw)
    assert out["health"].get("bsi_high_risk_24m") is expected
    a = parse_assessment(json.dumps(raw)).assessment
    assert a is not None
    gaps = [m.path for m in missing(a)]
    assert ("health.bsi_high_risk_24m" in gaps) is (expected is None)


def test_a_new_draft_needs_every_new_question() -> None:
    a = Assessment(assessed_on=START)
    paths = {m.path for m in missing(a)}
    assert set(NEW_CAUTION_QUESTIONS) <= paths and "health.bsi_high_risk_24m" in paths
    assert not_asked(a) == []


def test_old_balance_results_are_capped_and_marked_as_the_old_protocol() -> None:
    raw = v2()
    raw["self_tests"]["single_leg_balance"] = {"left": 60, "right": 30}
    a = parse_assessment(json.dumps(raw)).assessment
    assert a is not None
    balance = a.self_tests.single_leg_balance
    assert (balance.left, balance.right, balance.old_protocol) == (45, 30, True)
    table = norms_table(a, load_rules().norms)
    title = table.loc[table["Self-test"].str.startswith("Single-leg balance"), "Self-test"]
    assert title.iloc[0].endswith("[old protocol]")
    assert "the average for your age" in title.iloc[0]
    raw["self_tests"]["single_leg_balance"] = {"left_skipped": True, "right_skipped": True}
    a = parse_assessment(json.dumps(raw)).assessment
    assert a is not None and a.self_tests.single_leg_balance.old_protocol is False


def test_migration_leaves_a_current_file_alone() -> None:
    text = (DATA / "hostile_strings.json").read_text()
    raw = json.loads(text)
    assert raw["schema_version"] == SCHEMA_VERSION
    assert migrate(dict(raw)) == raw
    assert loaded(DATA / "hostile_strings.json").migrated_from is None
