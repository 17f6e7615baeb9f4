"""The exercise library and the phase parameters, read from rules/ and validated once.

Both are coach-editable CSV files (rules/exercises.csv, rules/phases.csv; documented in
rules/README.md). A broken file raises `RulesError` with `file:row:column: message` lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from ..focus import FocusArea
from ..model import Activity, BodyArea, Equipment, InjuryType, StrengthExperience
from ..tables import (
    RULES_DIR,
    RulesError,
    load_table,
    paths_in,
    problem,
    read_rows,
    stamped,
    unique,
)
from .protocol_table import Protocol, load_protocols


class PhaseName(StrEnum):
    """The four phases of a season, in the order they happen (see assessments.season)."""

    off_season = "off-season"
    pre_season = "pre-season"
    in_season = "in-season"
    taper = "taper"


class Category(StrEnum):
    heavy_strength = "heavy_strength"
    power = "power"  # power and plyometric work; jumps count foot contacts
    endurance = "endurance"  # muscular endurance
    stability = "stability"  # stability and balance
    trunk = "trunk"
    mobility = "mobility"


class Pattern(StrEnum):
    """The movement an exercise trains: what "direct work" for an area is judged on."""

    squat = "squat"
    hinge = "hinge"
    bridge = "bridge"
    lunge = "lunge"
    curl = "curl"  # knee flexion (hamstring curls, Nordics)
    calf = "calf"
    foot = "foot"
    abduction = "abduction"
    jump = "jump"
    drill = "drill"
    carry = "carry"
    trunk = "trunk"
    balance = "balance"
    mobility = "mobility"
    activity = "activity"  # a substitute (power yoga, climbing), never in a session


COMPOUND_PATTERNS = frozenset({Pattern.squat, Pattern.hinge, Pattern.lunge})


class DoseType(StrEnum):
    compound = "compound"
    accessory = "accessory"
    band = "band"
    bodyweight = "bodyweight"
    plyometric = "plyometric"


CATEGORY_TITLES = {
    Category.heavy_strength: "heavy strength",
    Category.power: "power / plyometric",
    Category.endurance: "muscular endurance",
    Category.stability: "stability / balance",
    Category.trunk: "trunk",
    Category.mobility: "mobility",
}


def _split(value: Any) -> Any:
    """A `;`-separated cell becomes a list; empty cells become an empty list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _source_ids() -> frozenset[str]:
    """Valid source ids: the first column of rules/sources.csv (evidence.md's ids)."""
    _, rows = read_rows(RULES_DIR / "sources.csv")
    return frozenset(cells.get("id", "") for _, cells in rows) | {"heuristic"}


Sources = Annotated[list[str], BeforeValidator(_split), Field(min_length=1)]


def _bad_sources(path: Path, rows: list[tuple[int, Any]], known: frozenset[str]) -> list[str]:
    return [
        problem(path, line, "source", f"unknown source id {sid!r} (see rules/sources.csv)")
        for line, row in rows
        for sid in row.source
        if sid not in known
    ]


class ExerciseRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    name: str = Field(min_length=2, max_length=60)
    focus: Annotated[list[FocusArea], BeforeValidator(_split)] = Field(min_length=1)
    category: Category
    pattern: Pattern
    equipment: Equipment
    level: int = Field(ge=1, le=3)
    loads: Annotated[list[BodyArea], BeforeValidator(_split)] = Field(default_factory=list)
    contraindications: Annotated[list[InjuryType], BeforeValidator(_split)] = Field(
        default_factory=list
    )
    activity: Activity | None = None
    sets: int = Field(ge=1, le=10)
    reps: str = Field(min_length=1, max_length=40)
    intensity: str = Field(min_length=1, max_length=60)
    rest_s: int = Field(ge=0, le=600)
    easier: str = Field(min_length=1)
    harder: str = Field(min_length=1)
    source: Sources
    cues: str = Field(min_length=5, max_length=300)
    # Loads the spine while it may bend (beck2017: no loaded spinal flexion with osteoporosis);
    # a bone-health caution leaves these out (caution effect `no_spinal_flexion`).
    spinal_flexion: bool = False


class PhaseRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phase: PhaseName
    experience: Annotated[list[StrengthExperience], BeforeValidator(_split)] = Field(min_length=1)
    block: str = Field(pattern=r"^[a-z_]+$")
    sessions_min: int = Field(ge=0, le=7)
    sessions_target: int = Field(ge=0, le=7)
    sessions_max: int = Field(ge=0, le=7)
    sets: int = Field(ge=1, le=10)
    reps: str = Field(min_length=1, max_length=40)
    intensity: str = Field(min_length=1, max_length=100)
    rir: str = ""  # reps in reserve, for the load cue ("2-3")
    rest_s: int = Field(ge=0, le=600)
    plyo_contacts: int = Field(ge=0, le=400)
    weeks: int | None = Field(None, ge=1, le=52)  # block length; only for a block that ends
    deload_every: int | None = Field(None, ge=2, le=12)
    source: Sources
    note: str = ""

    @field_validator("sessions_max")
    @classmethod
    def _ordered(cls, value: int, info: Any) -> int:
        lo, target = info.data.get("sessions_min"), info.data.get("sessions_target")
        if lo is not None and target is not None and not lo <= target <= value:
            raise ValueError("need sessions_min <= sessions_target <= sessions_max")
        return value

    @property
    def sources(self) -> str:
        return ";".join(self.source)


class DoseRow(BaseModel):
    """How one type of exercise is dosed (rules/doses.csv)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: DoseType
    source_of_dose: str = Field(alias="from", pattern=r"^(phase|row|table|contacts)$")
    sets: int | None = Field(None, ge=1, le=10)
    sets_in_season: int | None = Field(None, ge=1, le=10)
    reps: str = Field("", pattern=r"^(\d+-\d+)?$")
    effort: str = ""
    rest_s: int | None = Field(None, ge=0, le=600)
    load_cue: str = ""
    source: Sources
    note: str = ""


class LadderStep(BaseModel):
    """One step of a progression ladder (rules/progression.csv)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(pattern=r"^(loaded|bodyweight|jump)$")
    step: int = Field(ge=1, le=20)
    change: str = Field(pattern=r"^(reps_low|reps_mid|reps_high|load|tempo|harder|contacts_\d+)$")
    repeat: int | None = Field(None, ge=1, le=20)
    source: Sources
    note: str = ""


class Setting(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=(
            r"^(min_block_weeks|high_volume_km|bone_max_reps|bone_max_reps_dumbbells"
            r"|slow_ladder_rate|bone_jump_days|bone_jump_contacts|retest_every_weeks"
            r"|downhill_first_weeks|downhill_every_weeks|downhill_last_days)$"
        )
    )
    value: float
    source: Sources
    note: str = ""


class ImpactStep(BaseModel):
    """One step of the graded impact ramp (rules/impact.csv, protocols.md §7)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: int = Field(ge=1, le=20)
    from_week: int = Field(ge=1, le=104)
    max_contacts: int | None = Field(None, ge=1, le=500)
    jump_days: int | None = Field(None, ge=1, le=7)
    jumps: Annotated[list[str], BeforeValidator(_split)] = Field(default_factory=list)
    source: Sources
    note: str = ""


IMPACT_PATTERNS = frozenset({Pattern.jump, Pattern.drill})  # the rows the impact ramp governs


@dataclass(frozen=True, eq=False)  # hashed and compared by identity: plan memos key on it
class Library:
    exercises: dict[str, ExerciseRow]  # by id, in file order
    phases: list[PhaseRow]  # in file order; a phase may have several blocks in sequence
    doses: dict[DoseType, DoseRow]
    ladders: dict[str, tuple[LadderStep, ...]]  # kind -> steps in order
    settings: dict[str, float]
    protocols: tuple[Protocol, ...] = ()  # rules/protocols.csv, in table order
    impact: tuple[ImpactStep, ...] = ()  # the graded impact ramp, step 1 first

    def impact_step(self, week: int) -> ImpactStep | None:
        """The ramp's step in the given week of jumping (1-based); None before week 1."""
        return next((x for x in reversed(self.impact) if x.from_week <= week), None)

    def blocks(self, phase: PhaseName, experience: StrengthExperience) -> list[PhaseRow]:
        """The blocks of a phase for one experience level, in the order they are done."""
        return [r for r in self.phases if r.phase is phase and experience in r.experience]


def _beside(path: Path | None, name: str) -> Path:
    """A table next to the given exercises file when there is one there, else the rules'."""
    if path is not None and (path.parent / name).exists():
        return path.parent / name
    return RULES_DIR / name


def load_library(exercises_path: Path | None = None, phases_path: Path | None = None) -> Library:
    """Load and cross-check the planner's tables (ids, variants, every phase x experience).

    doses.csv, progression.csv, plan_settings.csv and protocols.csv are read from beside the
    exercises file.
    """
    known = _source_ids()
    ex_path = exercises_path or RULES_DIR / "exercises.csv"
    ph_path = phases_path or RULES_DIR / "phases.csv"
    ex_rows = load_table(ex_path, ExerciseRow)
    unique(ex_path, [(line, r.id) for line, r in ex_rows])
    ids = {r.id for _, r in ex_rows}
    problems = [
        problem(ex_path, line, col, f"{getattr(r, col)!r} is not an exercise id (or '-')")
        for line, r in ex_rows
        for col in ("easier", "harder")
        if getattr(r, col) != "-" and getattr(r, col) not in ids
    ]
    problems += _bad_sources(ex_path, ex_rows, known)
    if len(ex_rows) < 40:
        problems.append(problem(ex_path, None, None, "the library needs at least 40 exercises"))
    ph_rows = load_table(ph_path, PhaseRow)
    seen: dict[tuple[PhaseName, StrengthExperience, str], int] = {}
    for line, row in ph_rows:
        for exp in row.experience:
            key = (row.phase, exp, row.block)
            if key in seen:
                problems.append(problem(ph_path, line, "block", f"{key} repeats row {seen[key]}"))
            seen[key] = line
    problems += _bad_sources(ph_path, ph_rows, known)
    present = {(p, e) for p, e, _ in seen}
    for phase in PhaseName:
        for exp in StrengthExperience:
            if (phase, exp) not in present:
                problems.append(
                    problem(ph_path, None, "phase", f"no row for {phase.value} / {exp.value}")
                )
    doses, ladders, settings = _dose_tables(ex_path, known, problems)
    protocols = load_protocols(_beside(ex_path, "protocols.csv"), ids, known, problems)
    impact = _impact_table(ex_path, {r.id: r for _, r in ex_rows}, known, problems)
    if problems:
        raise RulesError(problems)
    return Library(
        exercises={r.id: r for _, r in ex_rows},
        phases=[r for _, r in ph_rows],
        doses=doses,
        ladders=ladders,
        settings=settings,
        protocols=protocols,
        impact=impact,
    )


def _dose_tables(
    ex_path: Path, known: frozenset[str], problems: list[str]
) -> tuple[dict[DoseType, DoseRow], dict[str, tuple[LadderStep, ...]], dict[str, float]]:
    """doses.csv, progression.csv and plan_settings.csv, each checked for completeness."""
    d_path = _beside(ex_path, "doses.csv")
    d_rows = load_table(d_path, DoseRow, required=["type", "from", "source"])
    unique(d_path, [(line, r.type.value) for line, r in d_rows], "type")
    problems += _bad_sources(d_path, d_rows, known)
    doses = {r.type: r for _, r in d_rows}
    for t in DoseType:
        if t not in doses:
            problems.append(problem(d_path, None, "type", f"no row for {t.value}"))
    for line, r in d_rows:
        if r.source_of_dose == "table" and (r.sets is None or not r.reps or r.rest_s is None):
            problems.append(problem(d_path, line, "sets", "from=table needs sets, reps and rest_s"))
    l_path = _beside(ex_path, "progression.csv")
    l_rows = load_table(l_path, LadderStep)
    problems += _bad_sources(l_path, l_rows, known)
    ladders: dict[str, list[LadderStep]] = {}
    for _, step in sorted(l_rows, key=lambda lr: (lr[1].kind, lr[1].step)):
        ladders.setdefault(step.kind, []).append(step)
    for kind in ("loaded", "bodyweight", "jump"):
        steps = ladders.get(kind, [])
        if [x.step for x in steps] != list(range(1, len(steps) + 1)) or not steps:
            problems.append(problem(l_path, None, "step", f"{kind}: steps must run 1, 2, 3, ..."))
        elif any(x.repeat is not None and x.repeat > len(steps) for x in steps):
            problems.append(problem(l_path, None, "repeat", f"{kind}: repeat past the last step"))
    s_path = _beside(ex_path, "plan_settings.csv")
    s_rows = load_table(s_path, Setting)
    problems += _bad_sources(s_path, s_rows, known)
    settings = {r.name: r.value for _, r in s_rows}
    for name in (
        "min_block_weeks",
        "high_volume_km",
        "bone_max_reps",
        "bone_max_reps_dumbbells",
        "retest_every_weeks",
        "slow_ladder_rate",
        "bone_jump_days",
        "bone_jump_contacts",
        "downhill_first_weeks",
        "downhill_every_weeks",
        "downhill_last_days",
    ):
        if name not in settings:
            problems.append(problem(s_path, None, "name", f"no row for {name}"))
    return doses, {k: tuple(v) for k, v in ladders.items()}, settings


def _impact_table(
    ex_path: Path, exercises: dict[str, ExerciseRow], known: frozenset[str], problems: list[str]
) -> tuple[ImpactStep, ...]:
    """impact.csv: steps 1, 2, ... from week 1 on, naming every jump of the library once."""
    i_path = _beside(ex_path, "impact.csv")
    rows = load_table(i_path, ImpactStep)
    problems += _bad_sources(i_path, rows, known)
    rows.sort(key=lambda lr: lr[1].step)
    if [r.step for _, r in rows] != list(range(1, len(rows) + 1)):
        problems.append(problem(i_path, None, "step", "steps must run 1, 2, 3, ..."))
    named: dict[str, int] = {}
    last_week = 0
    for line, r in rows:
        if r.from_week <= last_week or (r.step == 1 and r.from_week != 1):
            problems.append(
                problem(i_path, line, "from_week", "step 1 starts in week 1; later steps later")
            )
        last_week = r.from_week
        for jump in r.jumps:
            ex = exercises.get(jump)
            if ex is None or ex.pattern not in IMPACT_PATTERNS:
                problems.append(
                    problem(i_path, line, "jumps", f"{jump!r} is not a jump or drill exercise id")
                )
            elif jump in named:
                problems.append(problem(i_path, line, "jumps", f"{jump!r} is in row {named[jump]}"))
            named.setdefault(jump, line)
    for ex in exercises.values():
        if ex.pattern in IMPACT_PATTERNS and ex.id not in named:
            problems.append(
                problem(i_path, None, "jumps", f"no step allows {ex.id!r} (a {ex.pattern.value})")
            )
    return tuple(r for _, r in rows)


_FILES = (
    "sources.csv",
    "exercises.csv",
    "phases.csv",
    "doses.csv",
    "progression.csv",
    "plan_settings.csv",
    "protocols.csv",
    "impact.csv",
)


@stamped(lambda: paths_in(RULES_DIR, _FILES))
def library() -> Library:
    """The library in use, loaded again only when one of its files changes (size, mtime)."""
    return load_library()


_T = TypeVar("_T")


def per_library(build: Callable[[Library], _T]) -> Callable[[Library], _T]:
    """`build(lib)` once per rules library: start-up work, the same for every runner, so it
    outlives `clear_memos`. Keyed by identity (the entry keeps its library alive, so a new
    library never hits an old one's entry); a few libraries at most (tests load their own)."""
    memo: dict[int, tuple[Library, _T]] = {}

    def get(lib: Library) -> _T:
        hit = memo.get(id(lib))
        if hit is not None and hit[0] is lib:
            return hit[1]
        if len(memo) > 8:
            memo.clear()
        made = build(lib)
        memo[id(lib)] = (lib, made)
        return made

    return get
