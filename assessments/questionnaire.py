"""What the questionnaire asks and how: labels, choices, help and self-test instructions.

The screens draw widgets from these definitions, so wording and ranges live in one place and the
bounds come straight from the model's own field constraints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from .model import (
    BALANCE_CAP_S,
    Activity,
    Aim,
    Answer,
    BodyArea,
    BoneSite,
    DistanceUnit,
    Equipment,
    InjuryType,
    PeriodsReason,
    Priority,
    RaceType,
    RunType,
    Sex,
    Side,
    SquatQuality,
    StrengthExperience,
    Terrain,
)

LABELS: dict[type[StrEnum], dict[str, str]] = {
    Sex: {"female": "Female", "male": "Male", "prefer_not_to_say": "Prefer not to say"},
    DistanceUnit: {"km": "Kilometres", "mi": "Miles"},
    StrengthExperience: {
        "none": "None",
        "under_6_months": "Under 6 months",
        "6_to_24_months": "6 to 24 months",
        "over_2_years": "Over 2 years",
    },
    Activity: {
        "power_yoga": "Power yoga",
        "climbing": "Climbing / bouldering",
        "cycling": "Cycling",
        "swimming": "Swimming",
        "pilates": "Pilates",
        "team_sports": "Team sports",
        "other": "Other",
    },
    InjuryType: {
        "achilles_tendinopathy": "Achilles tendon pain (tendinopathy)",
        "plantar_heel_pain": "Plantar heel pain",
        "patellofemoral_pain": "Knee-cap pain (patellofemoral)",
        "it_band_pain": "IT band pain (outside of the knee)",
        "shin_pain": "Shin pain (shin splints)",
        "hamstring_strain": "Hamstring strain",
        "hip_gluteal_pain": "Hip or gluteal pain",
        "ankle_sprain": "Ankle sprain",
        "low_back_pain": "Low-back pain",
        "bone_stress_injury": "Bone stress injury (stress fracture)",
        "other": "Other",
    },
    Side: {"left": "Left", "right": "Right", "both": "Both", "not_applicable": "Not one side"},
    BoneSite: {
        "femoral_neck": "Hip (femoral neck)",
        "anterior_tibia": "Front of the shin bone (anterior tibia)",
        "navicular": "Top of the midfoot (navicular)",
        "fifth_metatarsal_base": "Outside of the foot (base of 5th metatarsal)",
        "medial_malleolus": "Inner ankle bone (medial malleolus)",
        "talus": "Ankle (talus)",
        "sacrum": "Sacrum",
        "pelvis": "Pelvis",
        "posteromedial_tibia": "Inner edge of the shin bone",
        "metatarsal_shaft": "Middle of a foot bone (metatarsal)",
        "fibula": "Outer lower-leg bone (fibula)",
        "calcaneus": "Heel bone (calcaneus)",
        "other": "Somewhere else",
    },
    BodyArea: {
        "foot": "Foot",
        "ankle": "Ankle",
        "achilles_calf": "Achilles / calf",
        "shin": "Shin",
        "knee": "Knee",
        "thigh_front": "Front of thigh",
        "hamstring": "Hamstring",
        "hip": "Hip / buttock",
        "groin": "Groin",
        "low_back": "Low back",
        "upper_body": "Upper body",
    },
    SquatQuality: {"good": "Good", "fair": "Fair", "poor": "Poor"},
    Answer: {"yes": "Yes", "no": "No", "prefer_not_to_say": "Prefer not to say"},
    PeriodsReason: {
        "pregnancy": "Pregnancy",
        "breastfeeding": "Breastfeeding",
        "hormonal_contraception": "Hormonal contraception",
        "menopause": "Menopause",
        "none_of_these": "None of these",
    },
    RaceType: {
        "road_5k": "5 km road",
        "road_10k": "10 km road",
        "half_marathon": "Half marathon",
        "marathon": "Marathon",
        "trail": "Trail (up to ~30 km)",
        "ultra_trail": "Ultra trail",
    },
    Terrain: {"flat": "Flat", "hilly": "Hilly", "technical": "Technical"},
    Priority: {"A": "A (main goal)", "B": "B (important)", "C": "C (training race)"},
    Aim: {
        "performance": "Run faster",
        "injury_resilience": "Stay injury-free",
        "both": "Both",
    },
    RunType: {"rest": "Rest", "easy": "Easy", "hard": "Hard", "long": "Long"},
    Equipment: {
        "none": "None (body weight)",
        "bands": "Resistance bands",
        "dumbbells": "Dumbbells / kettlebells",
        "gym": "Full gym",
    },
}


def label(enum: type[StrEnum], value: Any) -> str:
    return LABELS[enum].get(str(value), str(value))


def choices(enum: type[StrEnum]) -> list[str]:
    return [e.value for e in enum]


def bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """The (ge, le) range a field accepts, read from the model so ranges live in one place."""
    low = high = None
    for meta in model.model_fields[name].metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


# A race added in the questionnaire starts this far ahead, a typical build; the runner sets the
# real date (heuristic default, not a recommendation).
NEW_RACE_WEEKS_AHEAD = 16


@dataclass(frozen=True)
class SelfTest:
    id: str
    title: str
    unit: str  # "reps", "seconds" or "quality"
    sided: bool
    how_to: str


SELF_TESTS = (
    SelfTest(
        "calf_raise",
        "Single-leg calf raises to fatigue",
        "reps",
        True,
        "Stand on one leg on the edge of a step, fingertips on a wall for balance only. Rise as "
        "high as you can onto the ball of the foot, then lower the heel below the step. "
        "**A rep** is one full rise and lower at about one rep every two seconds. **Stop** when "
        "you can no longer rise fully or you lose the rhythm. Then the other leg.",
    ),
    SelfTest(
        "hamstring_bridge",
        "Single-leg hamstring bridge",
        "reps",
        True,
        "Lie on your back with one heel on a box or chair about 60 cm high, knee slightly bent; "
        "the other leg points straight up. Arms crossed on your chest. **A rep** is pushing the "
        "heel down to lift your bottom until it touches the floor again. **Stop** when you can "
        "no longer lift fully or your form breaks. Then the other leg.",
    ),
    SelfTest(
        "side_plank",
        "Side plank hold",
        "seconds",
        True,
        "Lie on your side, forearm under your shoulder, feet stacked. Lift your hips so your "
        "body is one straight line. **Time** how long you hold it. **Stop** when your hip drops "
        "and you cannot lift it back. Then the other side.",
    ),
    SelfTest(
        "prone_plank",
        "Prone (front) plank hold",
        "seconds",
        False,
        "Forearms and toes on the floor, body one straight line from head to heels. **Time** "
        "the hold. **Stop** when your hips sag or rise and you cannot correct them.",
    ),
    SelfTest(
        "side_lying_leg_lift",
        "Side-lying leg lifts",
        "reps",
        True,
        "Lie on your side, bottom knee bent, top leg straight and slightly behind your body, "
        "toes pointing forward. **A rep** is lifting the top leg to about 45° and lowering it "
        "with control. **Stop** when you cannot lift it to the same height or your hip rolls "
        "back. Then the other side.",
    ),
    SelfTest(
        "single_leg_balance",
        "Single-leg balance, eyes closed",
        "seconds",
        True,
        "Barefoot, arms crossed over your chest, someone nearby. Stand on one leg, close your "
        "eyes and **time** how long you stay, up to "
        f"{BALANCE_CAP_S} seconds. **Stop** when the lifted foot touches down, your arms "
        "uncross, the standing foot moves or you open your eyes. **Best of three** tries; "
        "then the other leg. (This is the protocol of the study the age averages come from.)",
    ),
    SelfTest(
        "single_leg_squat",
        "Single-leg squat quality",
        "quality",
        True,
        "Stand on one leg, arms forward, and squat down as far as is comfortable, about 5 "
        "times, ideally in front of a mirror or filmed. **Good**: trunk upright, pelvis level, "
        "knee over the middle of the foot. **Fair**: some wobble or the knee drifts inward a "
        "little. **Poor**: the knee falls inward clearly, the pelvis drops, or you lose "
        "balance. Stop if it hurts. Then the other leg.",
    ),
)

# goom2019's return-to-running tests after giving birth (protocols.md §7), for a runner who
# gave birth: each passes when done without pain, heaviness or leaking.
POSTPARTUM_TESTS_INTRO = (
    "If you gave birth, these tests show whether your body is ready for running impact "
    "(Goom, Donnelly & Brockwell 2019). A test **passes** when you can do all of it without "
    "pain, heaviness, dragging or leaking, during or after. Mark the ones you have not done "
    "yet as 'not yet': until all pass, leave out jumps and running impact."
)
POSTPARTUM_TESTS: dict[str, tuple[str, str]] = {
    "walk_30_min": ("Walk for 30 minutes", "Walk briskly for 30 minutes."),
    "balance_10_s": (
        "Single-leg balance, 10 seconds each leg",
        "Stand on one leg, eyes open, for 10 seconds; then the other leg.",
    ),
    "squat_10": (
        "Single-leg squat, 10 each leg",
        "Squat on one leg as far as is comfortable, 10 times with control; then the other leg.",
    ),
    "jog_on_spot_1_min": ("Jog on the spot for 1 minute", "Jog on the spot for one minute."),
    "forward_bounds_10": (
        "Forward bounds, 10",
        "Bound forwards from one leg to the other, 10 times in all.",
    ),
    "hop_in_place_10": (
        "Hop in place, 10 each leg",
        "Hop on one leg 10 times on the spot; then the other leg.",
    ),
    "running_man_10": (
        "'Running man', 10 each leg",
        "Stand on one leg and swing the opposite arm and other leg forward and back like a "
        "running stride, 10 times; then the other leg.",
    ),
    "calf_raise_20": (
        "Single-leg calf raise, 20 each leg",
        "Rise onto the ball of one foot and lower slowly, 20 times; then the other leg.",
    ),
    "bridge_20": (
        "Single-leg bridge, 20 each leg",
        "Lie on your back, one knee bent with the foot on the floor, the other leg straight; "
        "lift your hips 20 times; then the other leg.",
    ),
    "sit_to_stand_20": (
        "Single-leg sit to stand, 20 each leg",
        "From a chair, stand up on one leg and sit down with control, 20 times; then the "
        "other leg.",
    ),
    "side_lying_abduction_20": (
        "Side-lying leg lift, 20 each side",
        "Lie on your side and lift the top leg, straight and slightly behind you, 20 times; "
        "then the other side.",
    ),
}

SELF_TESTS_INTRO = (
    "These home tests show where you are strong and where one side lags behind the other. "
    "Warm up first, rest a minute between sides, and skip any test that hurts: mark it "
    "'not tested'. Results are for guidance only."
)

HEALTH_INTRO = (
    "These questions are a safety check, not a diagnosis. A 'yes' to some of them means a "
    "health professional should see you before you start a new strength plan; the app will "
    "tell you which and why."
)
