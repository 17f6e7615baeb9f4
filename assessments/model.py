"""The assessment file: one pydantic model for drafts and complete assessments alike.

Every answer is optional so that a half-filled draft is still a valid file to save and resume;
`assessments.completeness` says which answers scoring still needs. Validation checks ranges and
cross-field consistency of the answers that are present, and never looks at today's date.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

SCHEMA_VERSION: Final = 5
# Namespace of the ids derived from a file's content (files saved before ids existed).
FILE_ID_NAMESPACE: Final = uuid.UUID("6f1e8a52-3c1b-5d0a-9a57-2f2d3b8c4e61")


def content_file_id(data: dict[str, Any]) -> uuid.UUID:
    """UUIDv5 of the file's canonical JSON: the same old file always gets the same id."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str
    )
    return uuid.uuid5(FILE_ID_NAMESPACE, canonical)


def new_file_id() -> uuid.UUID:
    """A new assessment's id: random, kept through every save of the file."""
    return uuid.uuid4()


# Characters with no place in a one-line answer: controls (Cc, tab and line breaks included),
# line and paragraph separators (Zl, Zp), and the format characters that hide or reorder text
# (soft hyphen, bidi marks, embeddings, overrides and isolates, BOM). ZWJ and ZWNJ (U+200C,
# U+200D) stay: emoji sequences and many scripts need them. A note may also hold line breaks.
_HIDDEN = "\u00ad\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_NOT_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_HIDDEN}]")
_NOT_NOTE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_HIDDEN}]")


def _no_control_chars(value: str) -> str:
    if _NOT_ONE_LINE.search(value):
        raise ValueError(
            "contains control characters (a line break, tab or invisible mark); remove them"
        )
    return value


def _note_chars(value: str) -> str:
    if _NOT_NOTE.search(value):
        raise ValueError("contains control characters (a tab or invisible mark); remove them")
    return value


def clean_line(text: str) -> str:
    """Typed text made fit for a one-line answer: the refused characters are dropped."""
    return _NOT_ONE_LINE.sub("", text)


def clean_note(text: str) -> str:
    """Typed text made fit for a note: as `clean_line`, but line breaks stay (CRLF -> LF)."""
    return _NOT_NOTE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# Checked per field, so the message names the field the character is in.
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=80), AfterValidator(_no_control_chars)
]
NoteText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_note_chars)
]


@cache
def _number_fields(model: type[BaseModel]) -> frozenset[str]:
    def numeric(t: Any) -> bool:
        return t in (int, float) or any(numeric(a) for a in get_args(t))

    return frozenset(n for n, f in model.model_fields.items() if numeric(f.annotation))


# The names of the number fields of the models below (tests/test_model.py checks that
# the list is complete): the check runs on these fields only, not on each of a file's ~130
# fields (a Python call per field, ~2% of a batch CLI run with the other per-file savings).
NUMBER_FIELD_NAMES = (
    "age",
    "current_pain",
    "left",
    "longest_run_last_month",
    "migrated_from",
    "minutes_per_session",
    "months_since",
    "prone_plank",
    "right",
    "strength_sessions_per_week",
    "weekly_distance",
    "weeks_since_giving_birth",
    "years_running",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, use_enum_values=False)

    @field_validator(*NUMBER_FIELD_NAMES, mode="before", check_fields=False)
    @classmethod
    def _plain_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """A number field takes a finite number: not true/false, NaN or Infinity."""
        if info.field_name not in _number_fields(cls):
            return value
        if isinstance(value, bool):
            raise ValueError(f"expected a number, not {str(value).lower()}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"expected a finite number, not {value}")
        return value


# --- Step 1: running history -------------------------------------------------------------


class Sex(StrEnum):
    female = "female"
    male = "male"
    prefer_not_to_say = "prefer_not_to_say"


class DistanceUnit(StrEnum):
    km = "km"
    mi = "mi"


KM_PER_MILE = 1.609344


class StrengthExperience(StrEnum):
    none = "none"
    under_6_months = "under_6_months"
    months_6_to_24 = "6_to_24_months"
    over_2_years = "over_2_years"


class Activity(StrEnum):
    power_yoga = "power_yoga"
    climbing = "climbing"
    cycling = "cycling"
    swimming = "swimming"
    pilates = "pilates"
    team_sports = "team_sports"
    other = "other"


class RunningHistory(_Strict):
    age: int | None = Field(None, ge=12, le=100, description="Age in years")
    sex: Sex | None = None
    years_running: float | None = Field(None, ge=0, le=90)
    distance_unit: DistanceUnit = DistanceUnit.km
    weekly_distance: float | None = Field(None, ge=0, le=400, description="Usual weekly distance")
    longest_run_last_month: float | None = Field(None, ge=0, le=400)
    strength_experience: StrengthExperience | None = None
    strength_sessions_per_week: int | None = Field(None, ge=0, le=14)
    other_activities: list[Activity] = Field(default_factory=list, max_length=len(Activity))

    @model_validator(mode="after")
    def _consistent(self) -> RunningHistory:
        if self.age is not None and self.years_running is not None:
            if self.years_running > self.age:
                raise ValueError("years running cannot be more than your age")
        if len(set(self.other_activities)) != len(self.other_activities):
            raise ValueError("other activities are listed twice")
        return self

    @property
    def weekly_km(self) -> float | None:
        return _to_km(self.weekly_distance, self.distance_unit)

    @property
    def longest_run_km(self) -> float | None:
        return _to_km(self.longest_run_last_month, self.distance_unit)


def _to_km(value: float | None, unit: DistanceUnit) -> float | None:
    if value is None:
        return None
    return value * KM_PER_MILE if unit is DistanceUnit.mi else value


# --- Step 2: injuries and health ---------------------------------------------------------


class InjuryType(StrEnum):
    achilles_tendinopathy = "achilles_tendinopathy"
    plantar_heel_pain = "plantar_heel_pain"
    patellofemoral_pain = "patellofemoral_pain"
    it_band_pain = "it_band_pain"
    shin_pain = "shin_pain"
    hamstring_strain = "hamstring_strain"
    hip_gluteal_pain = "hip_gluteal_pain"
    ankle_sprain = "ankle_sprain"
    low_back_pain = "low_back_pain"
    bone_stress_injury = "bone_stress_injury"
    other = "other"


class Side(StrEnum):
    left = "left"
    right = "right"
    both = "both"
    not_applicable = "not_applicable"


class BoneSite(StrEnum):
    """Bone stress injury sites; the first eight are high-risk (evidence.md §6, bsi_sites)."""

    femoral_neck = "femoral_neck"
    anterior_tibia = "anterior_tibia"
    navicular = "navicular"
    fifth_metatarsal_base = "fifth_metatarsal_base"
    medial_malleolus = "medial_malleolus"
    talus = "talus"
    sacrum = "sacrum"
    pelvis = "pelvis"
    posteromedial_tibia = "posteromedial_tibia"
    metatarsal_shaft = "metatarsal_shaft"
    fibula = "fibula"
    calcaneus = "calcaneus"
    other = "other"


HIGH_RISK_BONE_SITES = frozenset(list(BoneSite)[:8])


class BodyArea(StrEnum):
    foot = "foot"
    ankle = "ankle"
    achilles_calf = "achilles_calf"
    shin = "shin"
    knee = "knee"
    thigh_front = "thigh_front"
    hamstring = "hamstring"
    hip = "hip"
    groin = "groin"
    low_back = "low_back"
    upper_body = "upper_body"


class Injury(_Strict):
    type: InjuryType
    side: Side = Side.not_applicable
    months_since: int | None = Field(None, ge=0, le=600, description="Months since it started")
    bone_site: BoneSite | None = None
    note: ShortText = ""

    @model_validator(mode="after")
    def _site_only_for_bone(self) -> Injury:
        if self.type is InjuryType.bone_stress_injury and self.bone_site is None:
            raise ValueError("a bone stress injury needs its site")
        if self.type is not InjuryType.bone_stress_injury and self.bone_site is not None:
            raise ValueError("a bone site only goes with a bone stress injury")
        return self


# The red-flag screen of evidence.md §7, as yes/no questions. None means not yet answered.
PARQ_QUESTIONS = {
    "heart_condition": "Has a doctor ever said you have a heart condition?",
    "chest_pain": "Do you get chest pain at rest or when you are active?",
    "dizziness_or_fainting": "Do you lose your balance from dizziness, or have you lost "
    "consciousness, in the last 12 months?",
    "condition_limits_activity": "Has a doctor said a chronic condition or a medicine "
    "limits how active you should be?",
}
BACK_QUESTIONS = {
    "back_night_pain": "Back pain at night or when lying down that does not ease?",
    "saddle_numbness": "Numbness around the saddle area (between the legs, buttocks)?",
    "bladder_bowel_change": "A new change in bladder or bowel control?",
    "unexplained_weight_loss": "Weight loss you did not intend or cannot explain?",
    "fever": "Fever or feeling generally unwell together with back pain?",
    "progressive_leg_weakness": "Leg weakness that is getting worse?",
    "major_trauma": "Back pain that started with a major fall or accident?",
    "cancer_history": "Have you ever had cancer?",
}
ENERGY_QUESTIONS = {
    "bone_stress_current": "Do you have a bone stress injury (stress fracture) now, or "
    "suspect one?",
    "bsi_high_risk_24m": "In the last two years, have you had a bone stress injury at the hip, "
    "front of the shin, top of the midfoot, base of the fifth toe bone, inner ankle bone, "
    "talus, sacrum or pelvis?",
    "missed_periods": "Have your periods stopped for three months or more?",
}
# Why periods may have stopped that is not a sign of low energy availability (evidence.md §7).
MISSED_PERIODS_REASON_QUESTION = "Is that because of any of these?"
# Low energy availability signs asked of every sex (protocols.md §11, reds2023; LEAM-Q, lundy2022).
# Each takes yes, no or "prefer not to say"; dizziness is asked once, in the PAR-Q questions.
ENERGY_SIGN_QUESTIONS = {
    "low_sex_drive": "Has your sex drive been lower than usual for you lately?",
    "frequent_illness": "Have you been ill (colds, infections) more often than usual lately?",
    "unusual_fatigue": "Have you felt unusually tired in training lately, even after rest days?",
}
BONE_HEALTH_QUESTIONS = {
    "osteoporosis_or_fragility_fracture": "Have you been told you have osteoporosis, or broken "
    "a bone in a fall from standing height or less?",
}
POSTPARTUM_SYMPTOMS_QUESTION = (
    "During or after running, do you notice leaking, heaviness or pain in the pelvic area?"
)
PREGNANCY_QUESTIONS = {
    "pregnant": "Are you pregnant?",
}
SCREEN_QUESTIONS = PARQ_QUESTIONS | BACK_QUESTIONS | ENERGY_QUESTIONS | PREGNANCY_QUESTIONS


class Answer(StrEnum):
    """A yes/no answer with a polite way out, for personal questions."""

    yes = "yes"
    no = "no"
    prefer_not_to_say = "prefer_not_to_say"


class PeriodsReason(StrEnum):
    pregnancy = "pregnancy"
    breastfeeding = "breastfeeding"
    hormonal_contraception = "hormonal_contraception"
    menopause = "menopause"
    none_of_these = "none_of_these"


class Health(_Strict):
    injuries: list[Injury] = Field(default_factory=list, max_length=30)
    current_pain: int | None = Field(None, ge=0, le=10, description="Pain while running, 0-10")
    pain_areas: list[BodyArea] = Field(default_factory=list, max_length=len(BodyArea))
    pain_settles_by_morning: bool | None = None

    heart_condition: bool | None = None
    chest_pain: bool | None = None
    dizziness_or_fainting: bool | None = None
    condition_limits_activity: bool | None = None

    back_night_pain: bool | None = None
    saddle_numbness: bool | None = None
    bladder_bowel_change: bool | None = None
    unexplained_weight_loss: bool | None = None
    fever: bool | None = None
    progressive_leg_weakness: bool | None = None
    major_trauma: bool | None = None
    cancer_history: bool | None = None

    bone_stress_current: bool | None = None
    bsi_high_risk_24m: bool | None = None
    missed_periods: bool | None = None
    # Follow-up answers: only read when their question holds (missed periods yes, weeks given),
    # so a stale one left by a changed answer is harmless and the form never traps the runner.
    missed_periods_reason: PeriodsReason | None = None
    low_sex_drive: Answer | None = None
    frequent_illness: Answer | None = None
    unusual_fatigue: Answer | None = None
    osteoporosis_or_fragility_fracture: bool | None = None
    pregnant: bool | None = None
    weeks_since_giving_birth: int | None = Field(
        None, ge=0, le=520, description="Only if you gave birth in the last two years or so"
    )
    postpartum_symptoms: bool | None = None

    do_not_load: list[BodyArea] = Field(default_factory=list, max_length=len(BodyArea))
    cleared_by_professional: bool = False
    cleared_on: date | None = None
    clearance_note: NoteText = ""

    @model_validator(mode="after")
    def _consistent(self) -> Health:
        if self.current_pain == 0 and self.pain_areas:
            raise ValueError("pain areas are listed but pain while running is 0")
        if self.cleared_by_professional and self.cleared_on is None:
            raise ValueError("give the date a professional cleared you to train")
        if self.cleared_on is not None and not self.cleared_by_professional:
            raise ValueError("a clearance date is set but clearance is not ticked")
        if self.pregnant and self.weeks_since_giving_birth is not None:
            raise ValueError("weeks since giving birth does not go with being pregnant now")
        return self


# --- Step 3: self-tests ------------------------------------------------------------------


class SquatQuality(StrEnum):
    good = "good"
    fair = "fair"
    poor = "poor"


class _Sided(_Strict):
    """One self-test, per side. A side is measured, explicitly skipped, or not yet answered."""

    left_skipped: bool = False
    right_skipped: bool = False

    @model_validator(mode="after")
    def _skip_xor_value(self) -> _Sided:
        for side in ("left", "right"):
            if getattr(self, f"{side}_skipped") and getattr(self, side) is not None:
                raise ValueError(f"{side} side has a result and is also marked not tested")
        return self

    def side_answered(self, side: str) -> bool:
        return getattr(self, side) is not None or getattr(self, f"{side}_skipped")


class SidedReps(_Sided):
    left: int | None = Field(None, ge=0, le=300)
    right: int | None = Field(None, ge=0, le=300)


class SidedSeconds(_Sided):
    left: int | None = Field(None, ge=0, le=600)
    right: int | None = Field(None, ge=0, le=600)


# springer2007's protocol caps each try at 45 s (protocols.md §10).
BALANCE_CAP_S = 45


class SidedBalance(_Sided):
    left: int | None = Field(None, ge=0, le=BALANCE_CAP_S)
    right: int | None = Field(None, ge=0, le=BALANCE_CAP_S)
    # Set by the migration from schema 2: the times were taken hands on hips without a cap,
    # not with springer2007's protocol (arms crossed, 45 s cap) that the norms come from.
    old_protocol: bool = False


class PostpartumTests(_Strict):
    """goom2019's return-to-running tests (protocols.md §7): True passed without pain,
    heaviness or leaking; False not yet; None not done."""

    walk_30_min: bool | None = None
    balance_10_s: bool | None = None
    squat_10: bool | None = None
    jog_on_spot_1_min: bool | None = None
    forward_bounds_10: bool | None = None
    hop_in_place_10: bool | None = None
    running_man_10: bool | None = None
    calf_raise_20: bool | None = None
    bridge_20: bool | None = None
    sit_to_stand_20: bool | None = None
    side_lying_abduction_20: bool | None = None


POSTPARTUM_IMPACT_TESTS = (
    "walk_30_min",
    "balance_10_s",
    "squat_10",
    "jog_on_spot_1_min",
    "forward_bounds_10",
    "hop_in_place_10",
    "running_man_10",
)
POSTPARTUM_STRENGTH_TESTS = (
    "calf_raise_20",
    "bridge_20",
    "sit_to_stand_20",
    "side_lying_abduction_20",
)


class SidedQuality(_Sided):
    left: SquatQuality | None = None
    right: SquatQuality | None = None


class SelfTests(_Strict):
    calf_raise: SidedReps = Field(default_factory=SidedReps)
    hamstring_bridge: SidedReps = Field(default_factory=SidedReps)
    side_plank: SidedSeconds = Field(default_factory=SidedSeconds)
    prone_plank: int | None = Field(None, ge=0, le=1200, description="Hold in seconds")
    prone_plank_skipped: bool = False
    side_lying_leg_lift: SidedReps = Field(default_factory=SidedReps)
    single_leg_balance: SidedBalance = Field(default_factory=SidedBalance)
    single_leg_squat: SidedQuality = Field(default_factory=SidedQuality)
    postpartum: PostpartumTests = Field(default_factory=PostpartumTests)

    @model_validator(mode="after")
    def _plank_skip(self) -> SelfTests:
        if self.prone_plank_skipped and self.prone_plank is not None:
            raise ValueError("prone plank has a result and is also marked not tested")
        return self


SIDED_TESTS = (
    "calf_raise",
    "hamstring_bridge",
    "side_plank",
    "side_lying_leg_lift",
    "single_leg_balance",
    "single_leg_squat",
)


# --- Step 4: goals and the running week --------------------------------------------------


class RaceType(StrEnum):
    road_5k = "road_5k"
    road_10k = "road_10k"
    half_marathon = "half_marathon"
    marathon = "marathon"
    trail = "trail"
    ultra_trail = "ultra_trail"


class Terrain(StrEnum):
    flat = "flat"
    hilly = "hilly"
    technical = "technical"


class Priority(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Race(_Strict):
    name: ShortText = ""
    date: date
    type: RaceType
    terrain: Terrain = Terrain.flat
    priority: Priority = Priority.A


class Aim(StrEnum):
    performance = "performance"
    injury_resilience = "injury_resilience"
    both = "both"


class RunType(StrEnum):
    rest = "rest"
    easy = "easy"
    hard = "hard"
    long = "long"


class Equipment(StrEnum):
    """Ordered from least to most: a runner with a gym also has bands and dumbbells."""

    none = "none"
    bands = "bands"
    dumbbells = "dumbbells"
    gym = "gym"

    @property
    def level(self) -> int:
        return list(Equipment).index(self)


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Day(_Strict):
    run: RunType | None = None
    strength_ok: bool | None = None


def _empty_week() -> dict[Weekday, Day]:
    return {d: Day() for d in WEEKDAYS}


class Goals(_Strict):
    races: list[Race] = Field(default_factory=list, max_length=20)
    general_fitness: bool = Field(False, description="No race planned: train for general fitness")
    aim: Aim | None = None
    offseason_start: date | None = None
    offseason_end: date | None = None
    week: dict[Weekday, Day] = Field(default_factory=_empty_week)
    minutes_per_session: int | None = Field(None, ge=10, le=180)
    equipment: Equipment | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Goals:
        if self.general_fitness and self.races:
            raise ValueError("races are listed but 'no race, general fitness' is ticked")
        if (self.offseason_start is None) != (self.offseason_end is None):
            raise ValueError("give both the start and the end of your off-season, or neither")
        if self.offseason_start and self.offseason_end:
            if self.offseason_end <= self.offseason_start:
                raise ValueError("the off-season must end after it starts")
            if (self.offseason_end - self.offseason_start).days > 365:
                raise ValueError("the off-season cannot be longer than a year")
        for day in WEEKDAYS:
            self.week.setdefault(day, Day())
        return self

    @property
    def runs_per_week(self) -> int:
        return sum(1 for d in self.week.values() if d.run not in (None, RunType.rest))

    def a_race(self, on_or_after: date | None = None) -> Race | None:
        """The first A race (on or after a date, when given): the race the season builds to."""
        candidates = sorted(
            (r for r in self.races if r.priority is Priority.A), key=lambda r: r.date
        )
        if on_or_after is not None:
            candidates = [r for r in candidates if r.date >= on_or_after]
        return candidates[0] if candidates else None


# --- The file ----------------------------------------------------------------------------


MAX_EARLIER = 60  # retests every 6 weeks for seven years; the file cap is checked in tests
_VARIANT = re.compile(r"[A-Za-z0-9.:_~-]*")


def _variant_chars(value: str) -> str:
    if not _VARIANT.fullmatch(value):
        raise ValueError("is not a plan variant this app wrote (letters, digits and ._~:- only)")
    return value


class EarlierAssessment(_Strict):
    """An earlier assessment kept in the file for progress over time: its answers and date."""

    assessed_on: date
    history: RunningHistory = Field(default_factory=RunningHistory)
    health: Health = Field(default_factory=Health)
    self_tests: SelfTests = Field(default_factory=SelfTests)
    goals: Goals = Field(default_factory=Goals)


class PlanRecord(_Strict):
    """The plan the runner follows: its start and the variant chosen (compare's settings
    text, "" for the recommendation), so a retest changes exercises, not the season."""

    start: date
    variant: Annotated[str, StringConstraints(max_length=200), AfterValidator(_variant_chars)] = ""


class Assessment(_Strict):
    """A runner's self-assessment as saved to and loaded from a JSON file.

    The top level is the current assessment; `earlier` holds earlier ones (oldest first, each
    dated before it), so a file with one assessment looks as it always did.
    """

    schema_version: Literal[5] = SCHEMA_VERSION
    # Made with the assessment and kept through saves; calendar event ids derive from it.
    file_id: uuid.UUID = Field(
        default=uuid.UUID(int=0),
        description="Random id made with the assessment and kept through saves; a file "
        "without one gets an id derived from its content",
    )
    # The schema the answers were first given in, when older than this one: questions added
    # since then are "not asked yet" rather than missing (see completeness.not_asked).
    migrated_from: int | None = Field(None, ge=1, le=SCHEMA_VERSION - 1)
    assessed_on: date
    runner_name: ShortText = Field("", description="Name or nickname, for coaches with a group")
    history: RunningHistory = Field(default_factory=RunningHistory)
    health: Health = Field(default_factory=Health)
    self_tests: SelfTests = Field(default_factory=SelfTests)
    goals: Goals = Field(default_factory=Goals)
    earlier: list[EarlierAssessment] = Field(
        default_factory=list,
        max_length=MAX_EARLIER,
        description="Earlier assessments, oldest first, for progress over time",
    )
    plan: PlanRecord | None = None

    @model_validator(mode="after")
    def _history_in_order(self) -> Assessment:
        dates = [e.assessed_on for e in self.earlier]
        if dates != sorted(set(dates)):
            raise ValueError("earlier assessments must be oldest first, one a date")
        if dates and dates[-1] >= self.assessed_on:
            raise ValueError(
                f"an earlier assessment ({dates[-1]:%d %b %Y}) is not before this one "
                f"({self.assessed_on:%d %b %Y})"
            )
        return self

    @model_validator(mode="before")
    @classmethod
    def _id_from_content(cls, data: Any) -> Any:
        """A hand-made file without an id gets one derived from its content."""
        if isinstance(data, dict) and data.get("file_id") is None:
            return dict(data, file_id=content_file_id(data))
        return data


STEPS = ("history", "health", "self_tests", "goals")
STEP_TITLES = {
    "history": "Running history",
    "health": "Injuries and health",
    "self_tests": "Self-tests",
    "goals": "Goals and week",
}
