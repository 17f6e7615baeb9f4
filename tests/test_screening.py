"""The screening questions of schema 3: each referral or caution fires exactly for its answers."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest

from assessments.derived import measures
from assessments.findings import CAUTION_EFFECTS, Findings
from assessments.library import load_library
from assessments.rules import load_rules, load_rules_from
from assessments.scoring import score
from assessments.tables import RULES_DIR, RulesError
from tests.scoring_support import build


def ids(f: Findings) -> tuple[set[str], set[str]]:
    return {r.rule_id for r in f.red_flags}, {c.rule_id for c in f.cautions}


def woman(age: int = 30, **changes: Any) -> Findings:
    return score(
        build(
            **{
                "history.age": age,
                "history.sex": "female",
                "health.pregnant": False,
                **changes,
            }
        )
    )


# --- missed periods -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason", ["pregnancy", "breastfeeding", "hormonal_contraception", "menopause"]
)
def test_missed_periods_with_an_ordinary_reason_is_not_referred(reason: str) -> None:
    flags, _ = ids(
        woman(
            52 if reason == "menopause" else 30,
            **{"health.missed_periods": True, "health.missed_periods_reason": reason},
        )
    )
    assert "rf_missed_periods" not in flags


def test_missed_periods_for_no_such_reason_is_referred() -> None:
    f = woman(**{"health.missed_periods": True, "health.missed_periods_reason": "none_of_these"})
    assert ids(f)[0] == {"rf_missed_periods"}


def test_missed_periods_asks_why_before_any_plan() -> None:
    from assessments.completeness import missing

    a = build(
        **{
            "history.sex": "female",
            "health.pregnant": False,
            "health.missed_periods": True,
        }
    )
    assert [m.path for m in missing(a)] == ["health.missed_periods_reason"]


# --- energy availability, every sex ----------------------------------------------------------


@pytest.mark.parametrize("sex", ["male", "female", "prefer_not_to_say"])
def test_low_sex_drive_alone_gives_the_screening_caution(sex: str) -> None:
    changes = {"history.sex": sex, "health.low_sex_drive": "yes"}
    if sex != "male":
        changes |= {"health.pregnant": False, "health.missed_periods": False}
    flags, cautions = ids(score(build(**changes)))
    assert not flags
    assert cautions == {"caution_energy_sex_drive"}


def test_a_man_with_the_reds_signs_gets_the_caution() -> None:
    f = score(
        build(
            **{
                "history.sex": "male",
                "health.low_sex_drive": "yes",
                "health.frequent_illness": "yes",
                "health.unusual_fatigue": "yes",
            }
        )
    )
    _, cautions = ids(f)
    assert cautions == {"caution_energy_sex_drive"}  # one caution, not two saying the same
    caution = f.cautions[0]
    assert "not a diagnosis" in caution.message and "reds2023" in {e.id for e in caution.sources}


@pytest.mark.parametrize(
    ("illness", "fatigue", "fires"),
    [
        ("yes", "yes", True),
        ("yes", "no", False),
        ("no", "yes", False),
        ("yes", "prefer_not_to_say", False),
        ("prefer_not_to_say", "prefer_not_to_say", False),
    ],
)
def test_two_other_signs_are_needed_without_low_sex_drive(
    illness: str, fatigue: str, fires: bool
) -> None:
    f = score(
        build(
            **{
                "health.low_sex_drive": "prefer_not_to_say",
                "health.frequent_illness": illness,
                "health.unusual_fatigue": fatigue,
            }
        )
    )
    assert ("caution_energy_signs" in ids(f)[1]) is fires
    assert not f.red_flags


# --- bone health ------------------------------------------------------------------------------


def test_bone_health_keeps_heavy_lifting_with_a_coach_and_no_loaded_flexion() -> None:
    f = score(build(**{"health.osteoporosis_or_fragility_fracture": True}))
    (c,) = f.cautions
    assert c.rule_id == "caution_bone_health" and not f.red_flags
    assert set(c.effects) == {
        "competency_first",
        "supervised_lifting",
        "no_spinal_flexion",
        "grade_impact",
    }
    assert "Heavy lifting stays" in c.message and "coach or physio" in c.message
    assert "power" in c.slow
    assert not score(build(**{"health.osteoporosis_or_fragility_fracture": False})).cautions


def test_every_caution_effect_is_known_and_spinal_flexion_exercises_exist() -> None:
    effects = {e for c in load_rules().cautions for e in c.effects}
    assert effects <= set(CAUTION_EFFECTS)
    flexion = [e.id for e in load_library().exercises.values() if e.spinal_flexion]
    assert flexion and "back_squat" not in flexion


# --- postpartum window 12-104 weeks -----------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "red_flag", "caution"),
    [
        (0, True, False),
        (11, True, False),
        (12, False, True),
        (103, False, True),
        (104, False, False),
        (300, False, False),
    ],
)
def test_postpartum_window(weeks: int, red_flag: bool, caution: bool) -> None:
    flags, cautions = ids(
        woman(**{"health.weeks_since_giving_birth": weeks, "health.postpartum_symptoms": False})
    )
    assert ("rf_postpartum" in flags) is red_flag
    assert ("caution_postpartum" in cautions) is caution
    assert "caution_postpartum_symptoms" not in cautions


def test_postpartum_symptoms_block_impact() -> None:
    f = woman(**{"health.weeks_since_giving_birth": 30, "health.postpartum_symptoms": True})
    c = next(c for c in f.cautions if c.rule_id == "caution_postpartum_symptoms")
    assert "no_impact" in c.effects and "pelvic-health physiotherapist" in c.message
    window = next(c for c in f.cautions if c.rule_id == "caution_postpartum")
    assert "no_impact_until_tests" in window.effects


def test_postpartum_tests_pass_only_when_all_eleven_pass() -> None:
    from assessments.model import PostpartumTests

    rules = load_rules()
    names = list(PostpartumTests.model_fields)
    assert len(names) == 11
    base = {"health.weeks_since_giving_birth": 20, "health.postpartum_symptoms": False}
    a = build(**base, **{"history.sex": "female", "health.pregnant": False})
    assert measures(a, rules.norms)["postpartum_tests_passed"] is False
    all_passed = {f"self_tests.postpartum.{n}": True for n in names}
    a = build(**base, **all_passed, **{"history.sex": "female", "health.pregnant": False})
    assert measures(a, rules.norms)["postpartum_tests_passed"] is True
    one_not = all_passed | {f"self_tests.postpartum.{names[4]}": False}
    a = build(**base, **one_not, **{"history.sex": "female", "health.pregnant": False})
    assert measures(a, rules.norms)["postpartum_tests_passed"] is False
    assert measures(build(), rules.norms)["postpartum_tests_passed"] is None


# --- bone stress: two-year window -------------------------------------------------------------


def bsi(months: int, site: str = "navicular") -> dict[str, Any]:
    return {"type": "bone_stress_injury", "months_since": months, "bone_site": site}


@pytest.mark.parametrize(("months", "flagged"), [(0, True), (18, True), (24, True), (25, False)])
def test_high_risk_bone_stress_window_is_two_years(months: int, flagged: bool) -> None:
    flags, cautions = ids(score(build(**{"health.injuries": [bsi(months)]})))
    assert ("rf_bone_stress_high_risk" in flags) is flagged
    assert ("caution_old_bone_stress" in cautions) is (not flagged)


def test_the_answer_alone_flags_a_high_risk_bone_stress_injury() -> None:
    flags, _ = ids(score(build(**{"health.bsi_high_risk_24m": True})))
    assert flags == {"rf_bone_stress_high_risk"}


def test_a_rules_copy_with_the_old_field_name_is_refused_naming_the_new(tmp_path: Path) -> None:
    for path in RULES_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    red_flags = tmp_path / "red_flags.csv"
    red_flags.write_text(
        red_flags.read_text(encoding="utf-8").replace("bsi_high_risk_24m", "bsi_high_risk_recent"),
        encoding="utf-8",
    )
    with pytest.raises(RulesError) as exc:
        load_rules_from(tmp_path)
    (problem,) = exc.value.problems
    assert problem.startswith("red_flags.csv:") and ":field1: " in problem
    assert "'bsi_high_risk_recent' was renamed: use bsi_high_risk_24m" in problem


# --- chest pain and cancer history ------------------------------------------------------------


def test_chest_pain_referral_opens_with_the_emergency_line() -> None:
    (flag,) = score(build(**{"health.chest_pain": True})).red_flags
    assert flag.message.startswith(
        "If you have chest pain right now, call your local emergency number now."
    )


@pytest.mark.parametrize(
    ("changes", "red_flag"),
    [
        ({}, False),
        ({"health.current_pain": 3, "health.pain_areas": ["knee"]}, False),
        ({"health.current_pain": 3, "health.pain_areas": ["low_back"]}, True),
        ({"health.back_night_pain": True}, True),
        ({"health.injuries": [{"type": "low_back_pain", "months_since": 12}]}, True),
        ({"health.injuries": [{"type": "low_back_pain", "months_since": 13}]}, False),
    ],
)
def test_cancer_history_is_a_red_flag_only_with_back_symptoms(
    changes: dict[str, Any], red_flag: bool
) -> None:
    if "health.current_pain" in changes:
        changes = changes | {"health.pain_settles_by_morning": True}
    flags, cautions = ids(score(build(**{"health.cancer_history": True, **changes})))
    assert ("rf_cancer_history" in flags) is red_flag
    assert ("caution_cancer_history" in cautions) is (not red_flag)
    if not red_flag:
        c = next(c for c in load_rules().cautions if c.id == "caution_cancer_history")
        assert "cancer team" in c.message


def test_no_cancer_no_cancer_rule() -> None:
    flags, cautions = ids(score(build(**{"health.back_night_pain": False})))
    assert not {"rf_cancer_history", "caution_cancer_history"} & (flags | cautions)


# --- the questions are asked only once --------------------------------------------------------


def test_dizziness_is_asked_once() -> None:
    from assessments.model import ENERGY_SIGN_QUESTIONS, SCREEN_QUESTIONS

    texts = [*SCREEN_QUESTIONS.values(), *ENERGY_SIGN_QUESTIONS.values()]
    assert sum("dizz" in t.lower() for t in texts) == 1


def test_the_rules_cite_the_screening_fields() -> None:
    cells = {
        row[c]
        for name in ("red_flags.csv", "cautions.csv")
        for row in csv.DictReader((RULES_DIR / name).open(encoding="utf-8"))
        for c in ("field1", "field2", "field3")
    }
    assert {
        "low_sex_drive",
        "reds_other_signs",
        "osteoporosis_or_fragility_fracture",
        "postpartum_symptoms",
        "missed_periods_reason",
        "back_symptoms",
        "bsi_high_risk_24m",
    } <= cells


def test_a_stale_follow_up_answer_is_ignored_not_refused() -> None:
    f = woman(**{"health.missed_periods": False, "health.missed_periods_reason": "none_of_these"})
    assert "rf_missed_periods" not in ids(f)[0]
    a = build(**{"health.postpartum_symptoms": True})  # no birth given: the answer is moot
    assert measures(a, load_rules().norms)["postpartum_symptoms"] is None
    assert not score(a).cautions
