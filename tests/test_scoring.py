"""Scoring against hand-made answers: derived measures, each rule family, red flags, gating."""

from __future__ import annotations

import pytest

from assessments.derived import Norm, age_band, asymmetry_pct, measures, norm_for
from assessments.examples import EXAMPLES, load_example
from assessments.focus import FocusArea
from assessments.model import Assessment, Sex
from assessments.rules import load_rules
from assessments.scoring import IncompleteAssessment, score, score_of_points
from tests.scoring_support import build, neutral_dict


def fired(a: Assessment) -> set[str]:
    f = score(a)
    return (
        {r.rule_id for fs in f.focus for r in fs.rules}
        | {r.rule_id for r in f.red_flags}
        | {c.rule_id for c in f.cautions}
    )


# --- derived measures ---------------------------------------------------------------------


def test_asymmetry_is_relative_to_the_stronger_side() -> None:
    assert asymmetry_pct(18, 20) == pytest.approx(10.0)
    assert asymmetry_pct(20, 18) == pytest.approx(10.0)
    assert asymmetry_pct(0, 0) == 0.0
    assert asymmetry_pct(0, 5) == 100.0


@pytest.mark.parametrize(
    ("age", "band"),
    [(12, "under_30"), (29, "under_30"), (30, "30_39"), (49, "40_49"), (60, "60_plus")],
)
def test_age_band(age: int, band: str) -> None:
    assert age_band(age).value == band


def test_measures_of_a_runner() -> None:
    a = build(
        **{
            "history.distance_unit": "mi",
            "history.weekly_distance": 25,
            "self_tests.side_plank": {"left": 45, "right": 60},
            "self_tests.calf_raise": {"left": 20, "right_skipped": True},
            "self_tests.single_leg_squat": {"left": "fair", "right": "poor"},
        }
    )
    m = measures(a, load_rules().norms)
    assert m["weekly_km"] == pytest.approx(40.23, abs=0.01)
    assert m["side_plank.ratio"] == 0.75
    assert m["side_plank.asymmetric"] is True
    assert m["side_plank.below_norm"] is True  # 45 s < 60 s
    assert m["calf_raise.weaker"] == 20 and m["calf_raise.asymmetry_pct"] is None
    assert m["calf_raise.asymmetric"] is None and m["calf_raise.below_norm"] is True
    assert m["single_leg_squat.worse"] == "poor" and m["single_leg_squat.better"] == "fair"
    assert m["single_leg_squat.differs"] is True
    assert m["age_band"] == "30_39"


def test_norm_lookup_prefers_the_runners_sex() -> None:
    norms = load_rules().norms
    assert norm_for(norms, "prone_plank", Sex.male, "30_39").target == 124  # type: ignore[union-attr]
    assert norm_for(norms, "prone_plank", Sex.female, "30_39").target == 83  # type: ignore[union-attr]
    assert norm_for(norms, "prone_plank", Sex.prefer_not_to_say, None).sex.value == "any"  # type: ignore[union-attr]
    specific = Norm(test="calf_raise", age_band="60_plus", low=15, source="heuristic")
    assert norm_for([*norms, specific], "calf_raise", Sex.male, "60_plus") is specific
    assert norm_for([*norms, specific], "calf_raise", Sex.male, "30_39") is not specific


# --- rule families --------------------------------------------------------------------------


def test_neutral_runner_has_no_self_test_findings() -> None:
    ids = fired(build())
    assert not {i for i in ids if i.split("_")[0] in ("calf", "hamstring", "leg", "squat")}
    assert not score(build()).red_flags and score(build()).plan_allowed


@pytest.mark.parametrize(
    ("test", "values", "rules", "area"),
    [
        ("calf_raise", {"left": 20, "right": 24}, {"calf_low", "calf_below_target"}, "calf_foot"),
        ("calf_raise", {"left": 30, "right": 36}, {"calf_asymmetry"}, "calf_foot"),
        ("hamstring_bridge", {"left": 15, "right": 15}, {"hamstring_low"}, "posterior_chain"),
        ("hamstring_bridge", {"left": 30, "right": 40}, {"hamstring_asymmetry"}, "posterior_chain"),
        ("side_plank", {"left": 90, "right": 100}, {"side_plank_ratio"}, "trunk"),
        ("side_plank", {"left": 40, "right": 40}, {"side_plank_low"}, "trunk"),
        ("side_lying_leg_lift", {"left": 12, "right": 14}, {"leg_lift_low"}, "hip"),
        (
            "single_leg_balance",
            {"left": 8, "right": 20},
            {"balance_low", "balance_asymmetry"},
            "balance_ankle",
        ),
        (
            "single_leg_squat",
            {"left": "poor", "right": "good"},
            {"squat_poor", "squat_sides_differ"},
            "hip",
        ),
        ("single_leg_squat", {"left": "poor", "right": "poor"}, {"squat_both_poor"}, "hip"),
    ],
)
def test_self_test_rules(test: str, values: dict, rules: set[str], area: str) -> None:
    before = score(build()).score_of(FocusArea(area))
    a = build(**{f"self_tests.{test}": values})
    assert rules <= fired(a)
    assert score(a).score_of(FocusArea(area)) > before


def test_a_skipped_test_adds_no_points() -> None:
    skipped = build(**{"self_tests.calf_raise": {"left_skipped": True, "right_skipped": True}})
    assert not {i for i in fired(skipped) if i.startswith("calf_")}


def test_prone_plank_norm_depends_on_sex() -> None:
    male = build(**{"self_tests.prone_plank": 60})
    female = build(**{"self_tests.prone_plank": 60, "history.sex": "female"})
    assert "prone_plank_below_average" in fired(male)
    assert "prone_plank_below_average" in fired(female)  # 60 < 83
    assert "prone_plank_low" not in fired(male) and "prone_plank_low" not in fired(female)
    assert "prone_plank_low" in fired(build(**{"self_tests.prone_plank": 40}))  # < 52 s


@pytest.mark.parametrize(
    ("injury", "rule", "area"),
    [
        ("achilles_tendinopathy", "injury_achilles", "calf_foot"),
        ("plantar_heel_pain", "injury_plantar", "calf_foot"),
        ("patellofemoral_pain", "injury_pfp_quads", "quadriceps"),
        ("it_band_pain", "injury_itb", "hip"),
        ("shin_pain", "injury_shin", "calf_foot"),
        ("hamstring_strain", "injury_hamstring", "posterior_chain"),
        ("hip_gluteal_pain", "injury_hip", "hip"),
        ("ankle_sprain", "injury_ankle", "balance_ankle"),
        ("low_back_pain", "injury_back", "trunk"),
    ],
)
def test_injury_rules(injury: str, rule: str, area: str) -> None:
    old = build(**{"health.injuries": [{"type": injury, "months_since": 40}]})
    recent = build(**{"health.injuries": [{"type": injury, "months_since": 3}]})
    assert rule in fired(old)
    assert score(old).score_of(FocusArea(area)) > score(build()).score_of(FocusArea(area))
    assert score(recent).score_of(FocusArea(area)) >= score(old).score_of(FocusArea(area))
    assert "caution_recent_injury" in fired(recent) and "caution_recent_injury" not in fired(old)


def test_old_single_bone_stress_injury_is_a_caution_not_a_red_flag() -> None:
    a = build(
        **{
            "health.injuries": [
                {"type": "bone_stress_injury", "months_since": 30, "bone_site": "metatarsal_shaft"}
            ]
        }
    )
    f = score(a)
    assert not f.red_flags and f.plan_allowed
    caution = next(c for c in f.cautions if c.rule_id == "caution_old_bone_stress")
    assert caution.slow == [FocusArea.power]
    assert "injury_bone" in fired(a)


def test_other_injury_suggests_a_professional() -> None:
    assert "caution_other_injury" in fired(
        build(**{"health.injuries": [{"type": "other", "months_since": 30}]})
    )


@pytest.mark.parametrize(
    ("race", "terrain", "rule", "area"),
    [
        ("road_5k", "flat", "goal_5k_power", "power"),
        ("road_10k", "flat", "goal_10k_power", "power"),
        ("half_marathon", "flat", "goal_long_road_calf", "calf_foot"),
        ("marathon", "flat", "goal_marathon_hip", "hip"),
        ("trail", "hilly", "terrain_hilly_quads", "quadriceps"),
        ("ultra_trail", "technical", "terrain_technical_balance", "balance_ankle"),
    ],
)
def test_goal_and_terrain_rules(race: str, terrain: str, rule: str, area: str) -> None:
    races = [{"date": "2026-05-01", "type": race, "terrain": terrain, "priority": "A"}]
    a = build(**{"goals.general_fitness": False, "goals.races": races})
    assert rule in fired(a)
    assert "general_fitness_bone" not in fired(a)


def test_masters_and_female_runners_get_more_bone_loading() -> None:
    young = score(build()).score_of(FocusArea.bone)
    masters = build(**{"history.age": 58, "history.years_running": 10})
    assert {"masters_quads", "masters_bone", "age_50_bone", "late_start_bone"} <= fired(masters)
    female = build(**{"history.age": 58, "history.years_running": 10, "history.sex": "female"})
    assert {"female_bone", "female_50_bone"} <= fired(female)
    assert young < score(masters).score_of(FocusArea.bone) < score(female).score_of(FocusArea.bone)


def test_strength_experience_changes_power_and_progression() -> None:
    new = build(**{"history.strength_experience": "none"})
    assert "caution_new_lifter" in fired(new) and "experienced_power" not in fired(new)
    assert "experienced_power" in fired(build(**{"history.strength_experience": "over_2_years"}))


def test_negative_points_lower_a_priority_but_not_below_zero() -> None:
    base = build(**{"self_tests.prone_plank": 60})
    climber = build(
        **{"self_tests.prone_plank": 60, "history.other_activities": ["climbing", "pilates"]}
    )
    assert score(climber).score_of(FocusArea.trunk) == max(
        0, score(base).score_of(FocusArea.trunk) - 15
    )
    assert score(build(**{"history.other_activities": ["climbing"]})).score_of(FocusArea.trunk) == 0


def test_score_formula() -> None:
    assert score_of_points(-20) == 0
    assert score_of_points(37.4) == 37
    assert score_of_points(250) == 100


def test_fired_rule_carries_values_sources_and_grades() -> None:
    a = build(**{"self_tests.calf_raise": {"left": 20, "right": 30}})
    calf = next(fs for fs in score(a).focus if fs.area is FocusArea.calf_foot)
    rule = next(r for r in calf.rules if r.rule_id == "calf_asymmetry")
    assert rule.values["calf_raise.left"] == "20" and rule.values["calf_raise.right"] == "30"
    assert rule.values["calf_raise.asymmetric"] == "yes"
    assert [(s.id, s.grade) for s in rule.sources] == [("lunsford1995", "M/W")]
    assert calf.score == sum(r.points for r in calf.rules)


def test_focus_is_ranked_and_complete() -> None:
    for name in EXAMPLES:
        f = score(load_example(name))
        assert [x.area for x in f.focus] != [] and {x.area for x in f.focus} == set(FocusArea)
        scores = [x.score for x in f.focus]
        assert scores == sorted(scores, reverse=True)


# --- red flags, cautions and the gate --------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"health.heart_condition": True}, "rf_heart_condition"),
        ({"health.saddle_numbness": True}, "rf_saddle_numbness"),
        ({"health.bone_stress_current": True}, "rf_bone_stress_current"),
        (
            {
                "health.current_pain": 6,
                "health.pain_areas": ["knee"],
                "health.pain_settles_by_morning": True,
            },
            "rf_pain_high",
        ),
        (
            {"health.weeks_since_giving_birth": 8, "health.postpartum_symptoms": False},
            "rf_postpartum",
        ),
        (
            {
                "health.injuries": [
                    {"type": "bone_stress_injury", "months_since": 6, "bone_site": "navicular"}
                ]
            },
            "rf_bone_stress_high_risk",
        ),
        (
            {
                "health.injuries": [
                    {"type": "bone_stress_injury", "months_since": 60, "bone_site": "fibula"}
                ]
                * 2
            },
            "rf_bone_stress_repeat",
        ),
    ],
)
def test_red_flags_stop_the_plan_until_cleared(changes: dict, rule: str) -> None:
    f = score(build(**changes))
    assert rule in {r.rule_id for r in f.red_flags}
    assert not f.plan_allowed and not f.clearance_note
    flag = next(r for r in f.red_flags if r.rule_id == rule)
    assert "Please see" in flag.message and flag.see and flag.sources
    cleared = score(
        build(
            **changes,
            **{
                "health.cleared_by_professional": True,
                "health.cleared_on": "2026-01-02",
                "health.clearance_note": "Physio OK",
            },
        )
    )
    assert cleared.plan_allowed and cleared.red_flags
    assert "2 January 2026" in cleared.clearance_note and "Physio OK" in cleared.clearance_note


def test_pain_five_or_less_is_a_caution_on_the_painful_area() -> None:
    not_settling = build(
        **{
            "health.current_pain": 4,
            "health.pain_areas": ["knee", "achilles_calf"],
            "health.pain_settles_by_morning": False,
        }
    )
    f = score(not_settling)
    assert f.plan_allowed and not f.red_flags
    caution = next(c for c in f.cautions if c.rule_id == "caution_pain_not_settling")
    assert caution.areas == ["achilles_calf", "knee"]
    settling = build(
        **{
            "health.current_pain": 4,
            "health.pain_areas": ["knee"],
            "health.pain_settles_by_morning": True,
        }
    )
    c2 = next(c for c in score(settling).cautions if c.rule_id == "caution_pain_settles")
    assert c2.areas == []


def test_do_not_load_areas_become_caution_areas() -> None:
    f = score(build(**{"health.do_not_load": ["low_back", "hamstring"]}))
    caution = next(c for c in f.cautions if c.rule_id == "caution_do_not_load")
    assert caution.areas == ["hamstring", "low_back"]


def test_examples() -> None:
    red = score(load_example("red_flag_bone_stress"))
    assert not red.plan_allowed
    assert {"rf_bone_stress_current", "rf_missed_periods"} <= {r.rule_id for r in red.red_flags}
    cleared = score(load_example("cleared_after_bone_stress"))
    assert cleared.plan_allowed and cleared.cleared and "femoral neck" in cleared.clearance_note
    assert score(load_example("trail_ankle_sprains")).focus[0].area is FocusArea.balance_ankle
    assert score(load_example("road_5k_weak_hamstrings")).focus[0].area is FocusArea.posterior_chain


def test_a_draft_is_not_scored_and_names_what_is_missing() -> None:
    data = neutral_dict()
    del data["history"]["age"]
    data["self_tests"]["calf_raise"] = {"left": 20}
    with pytest.raises(IncompleteAssessment) as exc:
        score(Assessment.model_validate(data))
    paths = {m.path for m in exc.value.missing}
    assert paths == {"history.age", "self_tests.calf_raise.right"}
    assert "your age" in str(exc.value)
