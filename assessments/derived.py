"""Derived measures: the vocabulary of fields that rule conditions may test.

Rules never reach into the assessment directly; they name a field of `FIELDS`, and
`measures()` computes every field once per assessment. That keeps conditions data (a coach
writes `calf_raise.below_norm eq true`) and lets loading reject an unknown field by name.

A field is None when the answer is missing or the test was skipped; conditions on a None
field never hold (see rules/README.md).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator

from .focus import FocusArea
from .model import (
    BACK_QUESTIONS,
    BONE_HEALTH_QUESTIONS,
    ENERGY_QUESTIONS,
    ENERGY_SIGN_QUESTIONS,
    HIGH_RISK_BONE_SITES,
    PARQ_QUESTIONS,
    POSTPARTUM_IMPACT_TESTS,
    POSTPARTUM_STRENGTH_TESTS,
    PREGNANCY_QUESTIONS,
    Activity,
    Aim,
    Answer,
    Assessment,
    BodyArea,
    BoneSite,
    Equipment,
    InjuryType,
    PeriodsReason,
    RaceType,
    Sex,
    SquatQuality,
    StrengthExperience,
    Terrain,
)

Value = float | bool | str | frozenset[str] | None

RECENT_MONTHS = 12  # heuristic window for "recent" injuries (evidence.md §7 uses 12 months)
BSI_WINDOW_MONTHS = 24  # high-risk-site bone stress injury window (evidence.md §7, reds2023)

# Rule fields that were renamed: a coach's copy of the rules using the old name is refused with
# a message naming the new one, rather than silently never firing.
RENAMED_FIELDS = {
    "bsi_high_risk_recent": "bsi_high_risk_24m (the window is now two years, reds2023)",
}


class Kind(StrEnum):
    number = "number"
    yes_no = "yes/no"
    choice = "choice"
    set = "set"  # several choices at once (e.g. injury types); tested with has / has_any


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    label: str  # what the runner sees in "Why?"
    choices: tuple[str, ...] = ()
    shows: tuple[str, ...] = ()  # answers shown alongside this one in "Why?"


class AgeBand(StrEnum):
    under_30 = "under_30"
    a30_39 = "30_39"
    a40_49 = "40_49"
    a50_59 = "50_59"
    a60_plus = "60_plus"


def age_band(age: int) -> AgeBand:
    if age < 30:
        return AgeBand.under_30
    if age >= 60:
        return AgeBand.a60_plus
    return AgeBand(f"{age // 10 * 10}_{age // 10 * 10 + 9}")


BAND_STARTS = (30, 40, 50, 60)  # the ages where `age_band` changes


# --- self-tests and their norms -----------------------------------------------------------

NUMERIC_SIDED = {
    "calf_raise": ("Single-leg calf raises", "reps"),
    "hamstring_bridge": ("Single-leg hamstring bridge", "reps"),
    "side_plank": ("Side plank", "s"),
    "side_lying_leg_lift": ("Side-lying leg lifts", "reps"),
    "single_leg_balance": ("Single-leg balance, eyes closed", "s"),
}
NORM_TESTS = (*NUMERIC_SIDED, "prone_plank")
TEST_TITLES = {name: title for name, (title, _) in NUMERIC_SIDED.items()} | {
    "prone_plank": "Prone plank",
    "single_leg_squat": "Single-leg squat quality",
}
QUALITY_ORDER = [q.value for q in SquatQuality]  # good, fair, poor: later is worse


def _blank_none(v: object) -> object:
    return None if v == "" else v


OptFloat = Annotated[float | None, BeforeValidator(_blank_none), Field(ge=0)]
OptAge = Annotated[int | None, BeforeValidator(_blank_none), Field(ge=0, le=120)]


class NormSex(StrEnum):
    any = "any"
    female = "female"
    male = "male"


class Norm(BaseModel):
    """One row of rules/norms.csv: cut-offs for one self-test, for a sex and age band."""

    test: str
    sex: NormSex = NormSex.any
    age_band: str = "any"
    age_from: OptAge = None  # an age range (inclusive) instead of a band, e.g. springer2007's
    age_to: OptAge = None
    low: OptFloat = None  # the weaker side below this is below the norm
    target: OptFloat = None  # reaching this meets the bar
    asymmetry_pct: OptFloat = None  # weaker side more than this % below the stronger one
    asymmetry_abs: OptFloat = None  # the sides differ by more than this, in the test's unit
    ratio_min: OptFloat = None  # left:right ratio band (side plank)
    ratio_max: OptFloat = None
    unit: str = ""
    source: str
    note: str = ""
    focus: FocusArea | None = None  # the area the test speaks for (weaker-side work in the plan)

    @field_validator("test")
    @classmethod
    def _known_test(cls, v: str) -> str:
        if v not in NORM_TESTS:
            raise ValueError(f"unknown self-test {v!r}; use one of: {', '.join(NORM_TESTS)}")
        return v

    @field_validator("age_band")
    @classmethod
    def _known_band(cls, v: str) -> str:
        bands = ["any", *AgeBand]
        if v not in bands:
            raise ValueError(f"unknown age band {v!r}; use one of: {', '.join(bands)}")
        return v

    @model_validator(mode="after")
    def _age_range(self) -> Norm:
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            raise ValueError("age_to is below age_from")
        return self

    @property
    def by_age(self) -> bool:
        return self.age_band != "any" or self.age_from is not None or self.age_to is not None

    def fits_age(self, age: int | None, band: str | None) -> bool:
        if self.age_band != "any" and self.age_band != band:
            return False
        if self.age_from is None and self.age_to is None:
            return True
        if age is None:
            return False
        return (self.age_from is None or age >= self.age_from) and (
            self.age_to is None or age <= self.age_to
        )

    def figures(self) -> str:
        """The row's figures in words, for "Why?" (messages themselves quote none)."""
        unit = f" {self.unit}" if self.unit else ""
        parts = []
        if self.low is not None:
            parts.append(f"below {self.low:g}{unit} is low")
        if self.target is not None:
            parts.append(f"target {self.target:g}{unit}")
        if self.asymmetry_pct is not None:
            parts.append(f"sides differ by more than {self.asymmetry_pct:g}%")
        if self.asymmetry_abs is not None:
            parts.append(f"sides differ by more than {self.asymmetry_abs:g}{unit}")
        if self.ratio_min is not None or self.ratio_max is not None:
            lo = f"{self.ratio_min:g}" if self.ratio_min is not None else "0"
            hi = f"{self.ratio_max:g}" if self.ratio_max is not None else "any"
            parts.append(f"left:right ratio outside {lo}-{hi}")
        who = [] if self.sex is NormSex.any else [self.sex.value]
        if self.age_from is not None or self.age_to is not None:
            lo_age = self.age_from if self.age_from is not None else 0
            who.append(f"ages {lo_age}+" if self.age_to is None else f"ages {lo_age}-{self.age_to}")
        elif self.age_band != "any":
            who.append(f"age band {self.age_band.replace('_', '-')}")
        scope = f" ({', '.join(who)})" if who else ""
        return "; ".join(parts) + scope + f"; source: {self.source}"


def norm_for(
    norms: Iterable[Norm], test: str, sex: Sex | None, band: str | None, age: int | None = None
) -> Norm | None:
    """The most specific norm row for this runner: matching sex beats matching age."""
    best: tuple[int, Norm] | None = None
    for n in norms:
        if n.test != test:
            continue
        if n.sex is not NormSex.any and (sex is None or n.sex.value != sex.value):
            continue
        if not n.fits_age(age, band):
            continue
        rank = (2 if n.sex is not NormSex.any else 0) + (1 if n.by_age else 0)
        if best is None or rank > best[0]:
            best = (rank, n)
    return best[1] if best else None


# The norm rows of every runner, per norms table: which row judges a test depends only on sex,
# age band and age, and the ages split into classes where a band or a row's age range starts
# or ends, so every age of one class gets the same rows. Worked out for every sex and class at
# once when a norms table is first used: rules data, the same for every runner (start-up work,
# so it outlives `clear_caches`). Keyed by the table itself (a reloaded rules file is another
# tuple; the entry keeps its tuple alive and is checked with `is`); a copy is handed out.
_NormRows = dict[tuple[Sex | None, int], dict[str, Norm | None]]
_TABLES: dict[int, tuple[tuple[Norm, ...], list[int], _NormRows]] = {}


def _norm_table(norms: tuple[Norm, ...]) -> tuple[list[int], _NormRows]:
    hit = _TABLES.get(id(norms))
    if hit is not None and hit[0] is norms:
        return hit[1], hit[2]
    cuts = sorted(
        {*BAND_STARTS}
        | {n.age_from for n in norms if n.age_from is not None}
        | {n.age_to + 1 for n in norms if n.age_to is not None}
    )
    # class i holds the ages from cuts[i - 1] up to cuts[i] (bisect_right); -1 is no age
    ages: list[tuple[int, int | None]] = [(-1, None), (0, cuts[0] - 1)]
    ages += [(i + 1, cut) for i, cut in enumerate(cuts)]
    rows: _NormRows = {}
    for sex in (None, *Sex):
        for i, age in ages:
            band = age_band(age).value if age is not None else None
            rows[sex, i] = {t: norm_for(norms, t, sex, band, age) for t in NORM_TESTS}
    if len(_TABLES) >= 8:
        _TABLES.clear()
    _TABLES[id(norms)] = (norms, cuts, rows)
    return cuts, rows


# The norms table each recent `scoring.score` result was judged by (the rules in use then),
# so the plan's weaker sides read the same rows without asking for the rules files again
# (five stat() calls a plan). Keyed by id(findings) with the findings kept and checked with
# `is`; a runner's result, so `clear_caches` forgets it.
_JUDGED: dict[int, tuple[object, tuple[Norm, ...]]] = {}


def remember_norms(findings: object, norms: tuple[Norm, ...]) -> None:
    """Note that `findings` were judged by `norms` (called by `scoring.score`)."""
    if len(_JUDGED) >= 64:
        _JUDGED.clear()
    _JUDGED[id(findings)] = (findings, norms)


def norms_judging(findings: object) -> tuple[Norm, ...] | None:
    """The norms `findings` were judged by, if `scoring.score` made them recently."""
    hit = _JUDGED.get(id(findings))
    return hit[1] if hit is not None and hit[0] is findings else None


def clear_caches() -> None:
    """Forget the runner-keyed results (the norm rows per sex and age are rules data and
    stay); the benchmarks call it to measure scoring from cold."""
    _JUDGED.clear()


def norms_used(a: Assessment, norms: Iterable[Norm]) -> dict[str, Norm | None]:
    """The norm row each self-test is judged by, for this runner's sex and age."""
    h = a.history
    if isinstance(norms, tuple):
        cuts, table = _norm_table(norms)
        hit = table.get((h.sex, -1 if h.age is None else bisect_right(cuts, h.age)))
        if hit is not None:
            return dict(hit)
    band = age_band(h.age).value if h.age is not None else None
    rows = list(norms)
    return {t: norm_for(rows, t, h.sex, band, h.age) for t in NORM_TESTS}


# Measures that depend on the norm row: a finding on one of these shows the row in "Why?".
NORM_DEPENDENT = ("below_norm", "below_target", "asymmetric")


def norm_test_of(field: str) -> str | None:
    """The self-test whose norm row decides this field, if any."""
    test, _, measure = field.partition(".")
    return test if test in NORM_TESTS and measure in NORM_DEPENDENT else None


# --- the field vocabulary ----------------------------------------------------------------


def _choices(enum: Iterable[StrEnum]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


def _fields() -> dict[str, FieldSpec]:
    f: list[FieldSpec] = [
        FieldSpec("age", Kind.number, "Age"),
        FieldSpec("age_band", Kind.choice, "Age band", _choices(AgeBand), ("age",)),
        FieldSpec("sex", Kind.choice, "Sex", _choices(Sex)),
        FieldSpec("years_running", Kind.number, "Years running"),
        FieldSpec(
            "started_running_age",
            Kind.number,
            "Age when you started running",
            shows=("age", "years_running"),
        ),
        FieldSpec("weekly_km", Kind.number, "Weekly distance (km)"),
        FieldSpec("longest_run_km", Kind.number, "Longest run last month (km)"),
        FieldSpec(
            "strength_experience", Kind.choice, "Strength experience", _choices(StrengthExperience)
        ),
        FieldSpec("strength_sessions_per_week", Kind.number, "Strength sessions a week now"),
        FieldSpec("other_activities", Kind.set, "Other activities", _choices(Activity)),
        FieldSpec("injury_types", Kind.set, "Injuries (ever)", _choices(InjuryType)),
        FieldSpec(
            "recent_injury_types",
            Kind.set,
            f"Injuries in the last {RECENT_MONTHS} months",
            _choices(InjuryType),
        ),
        FieldSpec("bsi_count", Kind.number, "Bone stress injuries (count)"),
        FieldSpec("bsi_sites", Kind.set, "Bone stress injury sites", _choices(BoneSite)),
        FieldSpec(
            "bsi_high_risk_24m",
            Kind.yes_no,
            "Bone stress injury at a high-risk site in the last two years",
            shows=("bsi_sites",),
        ),
        FieldSpec("current_pain", Kind.number, "Pain while running (0-10)"),
        FieldSpec("pain_areas", Kind.set, "Where it hurts", _choices(BodyArea)),
        FieldSpec(
            "pain_settles_by_morning",
            Kind.yes_no,
            "Pain settles by the next morning",
            shows=("current_pain", "pain_areas"),
        ),
        *(
            FieldSpec(name, Kind.yes_no, question)
            for name, question in (
                PARQ_QUESTIONS | BACK_QUESTIONS | ENERGY_QUESTIONS | PREGNANCY_QUESTIONS
            ).items()
            if name != "bsi_high_risk_24m"  # above, with the sites it shows
        ),
        FieldSpec(
            "missed_periods_reason",
            Kind.choice,
            "Periods stopped because of",
            _choices(PeriodsReason),
            ("missed_periods",),
        ),
        *(
            FieldSpec(name, Kind.choice, question, _choices(Answer))
            for name, question in ENERGY_SIGN_QUESTIONS.items()
        ),
        FieldSpec(
            "reds_other_signs",
            Kind.number,
            "Energy signs other than sex drive answered yes (frequent illness, unusual fatigue)",
            shows=("frequent_illness", "unusual_fatigue"),
        ),
        *(
            FieldSpec(name, Kind.yes_no, question)
            for name, question in BONE_HEALTH_QUESTIONS.items()
        ),
        FieldSpec(
            "back_symptoms",
            Kind.yes_no,
            f"Back symptoms (low-back pain now, night back pain, or a low-back injury in the "
            f"last {RECENT_MONTHS} months)",
            shows=("pain_areas", "back_night_pain", "recent_injury_types"),
        ),
        FieldSpec("weeks_since_giving_birth", Kind.number, "Weeks since giving birth"),
        FieldSpec(
            "postpartum_symptoms",
            Kind.yes_no,
            "Leaking, heaviness or pelvic pain during or after running",
            shows=("weeks_since_giving_birth",),
        ),
        FieldSpec(
            "postpartum_tests_passed",
            Kind.yes_no,
            "All return-to-running tests after giving birth passed",
            shows=("weeks_since_giving_birth",),
        ),
        FieldSpec(
            "do_not_load", Kind.set, "Areas a professional said not to load", _choices(BodyArea)
        ),
        FieldSpec("cleared", Kind.yes_no, "Cleared by a professional"),
        FieldSpec("race_types", Kind.set, "Race types", _choices(RaceType)),
        FieldSpec("a_race_type", Kind.choice, "Main (A) race type", _choices(RaceType)),
        FieldSpec("terrains", Kind.set, "Race terrain", _choices(Terrain)),
        FieldSpec("general_fitness", Kind.yes_no, "No race: general fitness"),
        FieldSpec("aim", Kind.choice, "Aim", _choices(Aim)),
        FieldSpec("equipment", Kind.choice, "Equipment", _choices(Equipment)),
        FieldSpec("runs_per_week", Kind.number, "Runs a week"),
    ]
    for test, (title, unit) in NUMERIC_SIDED.items():
        sides = (f"{test}.left", f"{test}.right")
        f += [
            FieldSpec(f"{test}.left", Kind.number, f"{title}, left ({unit})"),
            FieldSpec(f"{test}.right", Kind.number, f"{title}, right ({unit})"),
            FieldSpec(f"{test}.weaker", Kind.number, f"{title}, weaker side ({unit})", shows=sides),
            FieldSpec(
                f"{test}.asymmetry_pct",
                Kind.number,
                f"{title}: weaker side below the stronger (%)",
                shows=sides,
            ),
            FieldSpec(
                f"{test}.asymmetric",
                Kind.yes_no,
                f"{title}: sides differ by more than the threshold",
                shows=sides,
            ),
            FieldSpec(
                f"{test}.below_norm",
                Kind.yes_no,
                f"{title}: weaker side below the norm's low cut-off",
                shows=sides,
            ),
            FieldSpec(
                f"{test}.below_target",
                Kind.yes_no,
                f"{title}: weaker side below the target",
                shows=sides,
            ),
        ]
    f += [
        FieldSpec(
            "side_plank.ratio",
            Kind.number,
            "Side plank left:right ratio",
            shows=("side_plank.left", "side_plank.right"),
        ),
        FieldSpec("prone_plank.seconds", Kind.number, "Prone plank (s)"),
        FieldSpec(
            "prone_plank.below_norm",
            Kind.yes_no,
            "Prone plank below the norm's low cut-off",
            shows=("prone_plank.seconds",),
        ),
        FieldSpec(
            "prone_plank.below_target",
            Kind.yes_no,
            "Prone plank below the target",
            shows=("prone_plank.seconds",),
        ),
    ]
    squat_sides = ("single_leg_squat.left", "single_leg_squat.right")
    q = tuple(QUALITY_ORDER)
    f += [
        FieldSpec("single_leg_squat.left", Kind.choice, "Single-leg squat, left", q),
        FieldSpec("single_leg_squat.right", Kind.choice, "Single-leg squat, right", q),
        FieldSpec(
            "single_leg_squat.worse", Kind.choice, "Single-leg squat, worse side", q, squat_sides
        ),
        FieldSpec(
            "single_leg_squat.better", Kind.choice, "Single-leg squat, better side", q, squat_sides
        ),
        FieldSpec(
            "single_leg_squat.differs",
            Kind.yes_no,
            "Single-leg squat differs by side",
            (),
            squat_sides,
        ),
    ]
    return {spec.name: spec for spec in f}


FIELDS: dict[str, FieldSpec] = _fields()

# Set-valued fields of body areas: a caution may reduce load on whatever the runner listed there.
AREA_FIELDS = ("pain_areas", "do_not_load")


# --- computing the measures --------------------------------------------------------------


def asymmetry_pct(left: float, right: float) -> float:
    """How far the weaker side is below the stronger one, in % of the stronger (0 if equal)."""
    stronger = max(left, right)
    return 0.0 if stronger <= 0 else 100.0 * (stronger - min(left, right)) / stronger


_HEALTH_ANSWERS = tuple(PARQ_QUESTIONS | BACK_QUESTIONS | ENERGY_QUESTIONS | PREGNANCY_QUESTIONS)


def measures(a: Assessment, norms: Iterable[Norm]) -> dict[str, Value]:
    """Every field of `FIELDS` for this assessment (None where unanswered or skipped)."""
    h, hl, st, g = a.history, a.health, a.self_tests, a.goals
    band = age_band(h.age).value if h.age is not None else None
    m: dict[str, Value] = {
        "age": h.age,
        "age_band": band,
        "sex": h.sex.value if h.sex else None,
        "years_running": h.years_running,
        "started_running_age": (
            h.age - h.years_running if h.age is not None and h.years_running is not None else None
        ),
        "weekly_km": h.weekly_km,
        "longest_run_km": h.longest_run_km,
        "strength_experience": h.strength_experience.value if h.strength_experience else None,
        "strength_sessions_per_week": h.strength_sessions_per_week,
        "other_activities": frozenset(x.value for x in h.other_activities),
    }
    bsis = [i for i in hl.injuries if i.bone_site is not None]
    m |= {
        "injury_types": frozenset(i.type.value for i in hl.injuries),
        "recent_injury_types": frozenset(
            i.type.value
            for i in hl.injuries
            if i.months_since is not None and i.months_since <= RECENT_MONTHS
        ),
        "bsi_count": len(bsis),
        "bsi_sites": frozenset(i.bone_site.value for i in bsis if i.bone_site),
        "current_pain": hl.current_pain,
        "pain_areas": frozenset(x.value for x in hl.pain_areas),
        "pain_settles_by_morning": hl.pain_settles_by_morning,
        "weeks_since_giving_birth": hl.weeks_since_giving_birth,
        "do_not_load": frozenset(x.value for x in hl.do_not_load),
        "cleared": hl.cleared_by_professional,
    }
    for name in _HEALTH_ANSWERS:
        m[name] = getattr(hl, name)
    m["bsi_high_risk_24m"] = _bsi_high_risk_24m(a)
    m["missed_periods_reason"] = (
        hl.missed_periods_reason.value if hl.missed_periods and hl.missed_periods_reason else None
    )
    for name in ENERGY_SIGN_QUESTIONS:
        sign = getattr(hl, name)
        m[name] = sign.value if sign else None
    m["reds_other_signs"] = sum(
        1 for x in (hl.frequent_illness, hl.unusual_fatigue) if x is Answer.yes
    )
    for name in BONE_HEALTH_QUESTIONS:
        m[name] = getattr(hl, name)
    m["back_symptoms"] = _back_symptoms(a)
    m["postpartum_symptoms"] = (
        hl.postpartum_symptoms if hl.weeks_since_giving_birth is not None else None
    )
    m["postpartum_tests_passed"] = _postpartum_tests_passed(a)

    a_race = g.a_race()
    m |= {
        "race_types": frozenset(r.type.value for r in g.races),
        "a_race_type": a_race.type.value if a_race else None,
        "terrains": frozenset(r.terrain.value for r in g.races),
        "general_fitness": g.general_fitness,
        "aim": g.aim.value if g.aim else None,
        "equipment": g.equipment.value if g.equipment else None,
        "runs_per_week": g.runs_per_week,
    }

    used = norms_used(a, norms)
    for test in NUMERIC_SIDED:
        result = getattr(st, test)
        m |= sided_measures(test, result.left, result.right, used[test])
    plank = st.prone_plank
    pn = used["prone_plank"]
    m["prone_plank.seconds"] = plank
    m["prone_plank.below_norm"] = _below(plank, pn.low if pn else None)
    m["prone_plank.below_target"] = _below(plank, pn.target if pn else None)

    sq = st.single_leg_squat
    qualities = [q.value for q in (sq.left, sq.right) if q is not None]
    m |= {
        "single_leg_squat.left": sq.left.value if sq.left else None,
        "single_leg_squat.right": sq.right.value if sq.right else None,
        "single_leg_squat.worse": max(qualities, key=QUALITY_ORDER.index) if qualities else None,
        "single_leg_squat.better": min(qualities, key=QUALITY_ORDER.index) if qualities else None,
        "single_leg_squat.differs": (
            sq.left != sq.right if sq.left is not None and sq.right is not None else None
        ),
    }
    return m


def _bsi_high_risk_24m(a: Assessment) -> bool | None:
    """The runner's answer, or yes when their injury list shows one within the window."""
    listed = any(
        i.bone_site in HIGH_RISK_BONE_SITES
        and i.months_since is not None
        and i.months_since <= BSI_WINDOW_MONTHS
        for i in a.health.injuries
    )
    return True if listed else a.health.bsi_high_risk_24m


def _back_symptoms(a: Assessment) -> bool | None:
    """Low-back pain now, night back pain or a recent low-back injury (None: not yet known)."""
    hl = a.health
    if "low_back" in {x.value for x in hl.pain_areas} or hl.back_night_pain:
        return True
    if any(
        i.type is InjuryType.low_back_pain
        and i.months_since is not None
        and i.months_since <= RECENT_MONTHS
        for i in hl.injuries
    ):
        return True
    return None if hl.back_night_pain is None else False


def _postpartum_tests_passed(a: Assessment) -> bool | None:
    """Only for a runner who gave birth: every goom2019 test passed (False until then)."""
    if a.health.weeks_since_giving_birth is None:
        return None
    tests = a.self_tests.postpartum
    return all(
        getattr(tests, name) is True
        for name in (*POSTPARTUM_IMPACT_TESTS, *POSTPARTUM_STRENGTH_TESTS)
    )


def _below(value: float | None, cut: float | None) -> bool | None:
    return None if value is None or cut is None else value < cut


# Each sided test's field names, made once (measures builds them for five tests per runner).
_SIDED_KEYS = {
    test: tuple(
        f"{test}.{k}"
        for k in (
            "left",
            "right",
            "weaker",
            "asymmetry_pct",
            "asymmetric",
            "below_norm",
            "below_target",
        )
    )
    for test in NUMERIC_SIDED
}


def asymmetric(left: float | None, right: float | None, norm: Norm | None) -> bool | None:
    """Whether the sides differ past the norm row's threshold (None: a side or the row is
    missing, or the row sets no threshold)."""
    if left is None or right is None or norm is None:
        return None
    if norm.asymmetry_abs is not None:
        return abs(left - right) > norm.asymmetry_abs
    if norm.asymmetry_pct is not None:
        return asymmetry_pct(left, right) > norm.asymmetry_pct
    if norm.ratio_min is not None or norm.ratio_max is not None:
        return _ratio_outside(left, right, norm)
    return None


def sided_measures(
    test: str, left: float | None, right: float | None, norm: Norm | None
) -> dict[str, Value]:
    """Asymmetry, weaker side and norm flags for one left/right self-test."""
    both = left is not None and right is not None
    if both:
        weaker: float | None = min(left, right)  # type: ignore[type-var]
        pct: float | None = round(asymmetry_pct(left, right), 1)  # type: ignore[arg-type]
    else:
        weaker = left if right is None else right
        pct = None
    k = _SIDED_KEYS[test]
    out: dict[str, Value] = {
        k[0]: left,
        k[1]: right,
        k[2]: weaker,
        k[3]: pct,
        k[4]: asymmetric(left, right, norm),
        k[5]: _below(weaker, norm.low if norm else None),
        k[6]: _below(weaker, norm.target if norm else None),
    }
    if test == "side_plank":
        out["side_plank.ratio"] = (
            round(left / right, 2) if left is not None and right is not None and right > 0 else None
        )
    return out


def _ratio_outside(left: float | None, right: float | None, norm: Norm) -> bool | None:
    if left is None or right is None:
        return None
    if left == right:
        return False  # also 0:0 - no difference between the sides
    if right == 0:
        return True
    ratio = left / right
    lo = norm.ratio_min if norm.ratio_min is not None else 0.0
    hi = norm.ratio_max if norm.ratio_max is not None else float("inf")
    return not lo <= ratio <= hi


def format_value(v: Value) -> str:
    """An answer as the runner reads it in "Why?"."""
    if v is None:
        return "not answered / not tested"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}" if v != int(v) else str(int(v))
    if isinstance(v, frozenset):
        return ", ".join(sorted(x.replace("_", " ") for x in v)) or "none"
    return str(v).replace("_", " ")


def shown_fields(names: Iterable[str]) -> tuple[str, ...]:
    """The fields a rule tested and their companions, each once, in the order shown."""
    return tuple(dict.fromkeys(n for name in names for n in (*FIELDS[name].shows, name)))
