"""The periodized plan: splits per phase, placed on the runner's week, as dated sessions.

`make_plan(assessment, findings, start, **options)` is the one entry point. The options are
the variant controls of the compare screen; None means "the recommendation". Safety rules are
never broken by an option: a control that would break one is clamped and `Plan.clamps` says
why. Leaving an evidence range is allowed and gives a `Plan.warnings` entry with its source.

Safety rules enforced here (and checked by the hypothesis invariants in tests/):
- no strength on a day the runner marked unavailable, on a race day, or on the day before a
  hard run, the long run or a race (gap_heuristic);
- no heavy work from race day -7 to -1 (taper), and none in the 3 days before a B or C race;
  at most one light activation session in the taper, no later than race day -2
  (taper_heuristic);
- every exercise fits the equipment and experience, and respects contraindications and the
  areas not to load; a caution's areas get visibly less load.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field

from .completeness import missing
from .findings import Findings
from .focus import FOCUS_TITLES, FocusArea
from .library import Category, ExerciseRow, Library, PhaseName, PhaseRow, library
from .model import (
    WEEKDAYS,
    Aim,
    Assessment,
    BodyArea,
    Equipment,
    Goals,
    RunType,
    StrengthExperience,
)
from .season import PlanInputError, Season, build_season, monday_of

DISCLAIMER = (
    "This plan is training guidance, not a diagnosis or treatment. If something hurts more "
    "than a little, or keeps hurting, see a physiotherapist or doctor."
)
WARMUP_MIN = 8  # heuristic: minutes of warm-up before the first exercise
MAX_SESSIONS = 5  # heuristic safety cap: a running week needs days without lifting
INJURY_RECENT_MONTHS = 12  # heuristic: an injury this recent makes an exercise contraindicated
LIGHT_BEFORE_BC_RACE = 3  # no heavy work in the 3 days before a B or C race
MAX_ITEMS = {
    PhaseName.off_season: 7,
    PhaseName.pre_season: 6,
    PhaseName.in_season: 4,
    PhaseName.taper: 4,
}
EMPHASIS_BY_AIM = {Aim.performance: 0.2, Aim.both: 0.5, Aim.injury_resilience: 0.8}
# +1: performance areas, -1: injury-resilience areas (emphasis moves their rank).
_EMPHASIS_SIGN = {
    FocusArea.power: 1,
    FocusArea.quadriceps: 1,
    FocusArea.posterior_chain: 1,
    FocusArea.bone: 0,
    FocusArea.hip: -1,
    FocusArea.calf_foot: -1,
    FocusArea.trunk: -1,
    FocusArea.balance_ankle: -1,
}
LEVEL_BY_EXPERIENCE = {
    StrengthExperience.none: 1,
    StrengthExperience.under_6_months: 1,
    StrengthExperience.months_6_to_24: 2,
    StrengthExperience.over_2_years: 3,
}
_RANK_OF_RUN = {"hard": 0, "long": 1, "easy": 2, "rest": 3}
_RUN_WORDS = {"hard": "hard-run", "long": "long-run", "easy": "easy-run", "rest": "rest"}


class PlanNotAllowed(Exception):
    """A red flag without a professional's clearance: no plan, a referral instead."""

    def __init__(self, findings: Findings):
        self.findings = findings
        lines = [f.message for f in findings.red_flags]
        super().__init__(
            "No plan yet: please see a doctor or physiotherapist first. " + " ".join(lines)
        )


class PlanOptions(BaseModel):
    """Variant controls. None keeps the recommendation; values are clamped, never refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sessions_offseason: int | None = Field(None, ge=0, le=14)
    sessions_inseason: int | None = Field(None, ge=0, le=14)
    minutes: int | None = Field(None, ge=0, le=600)
    offseason_end: date | None = None
    emphasis: float | None = Field(None, ge=0, le=1)  # 0 performance ... 1 injury resilience
    plyometrics: bool = True
    equipment: Equipment | None = None


# --- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise in a session, with the reason it is there."""

    exercise_id: str
    name: str
    category: Category
    focus: FocusArea  # the focus area it was chosen for
    sets: int
    reps: str
    intensity: str
    rest_s: int
    reason: str  # plain words
    rule: str  # the rule id(s) that put it here
    source: str  # `;`-joined source ids
    note: str = ""  # load reductions, substitutions
    cues: str = ""


@dataclass(frozen=True)
class SessionTemplate:
    key: str  # "A", "B", "C"; "L" for the light activation session
    title: str
    items: tuple[Prescription, ...]
    minutes: int  # estimate, warm-up included
    heavy: bool

    @property
    def sets(self) -> int:
        return sum(p.sets for p in self.items)


@dataclass(frozen=True)
class Split:
    """The weekly template of one phase block: sessions A/B/C and their dose."""

    phase: PhaseName
    block: str
    params: PhaseRow
    sessions: tuple[SessionTemplate, ...]
    target: int  # sessions per week aimed for
    minimum: int
    maximum: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedSession:
    date: date
    week: int
    phase: PhaseName
    block: str
    weekday: str  # mon..sun
    run: str  # the run that day: rest, easy, hard, long
    key: str  # template key (A/B/C/L)
    heavy: bool
    deload: bool
    items: tuple[Prescription, ...]
    placement: str  # why this day
    notes: tuple[str, ...] = ()

    @property
    def sets(self) -> int:
        return sum(p.sets for p in self.items)


@dataclass(frozen=True, slots=True)
class WeekSummary:
    week: int
    monday: date
    phase: PhaseName  # the phase of most of the week's non-taper days (taper if none)
    sessions: int
    minimum: int
    target: int
    maximum: int
    note: str = ""  # why fewer sessions than the minimum (or target), in plain words


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """An evidence range left (on purpose by a variant, or because the calendar is short)."""

    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Clamp:
    """A control that would have broken a safety rule, and what was used instead."""

    control: str
    asked: str
    used: str
    why: str
    source: str


@dataclass(frozen=True)
class Plan:
    runner_name: str
    assessed_on: date
    season: Season
    options: PlanOptions
    emphasis: float
    equipment: Equipment
    minutes: int
    focus: tuple[tuple[FocusArea, int], ...]  # ranked as planned (after emphasis)
    splits: tuple[Split, ...]
    activation: SessionTemplate
    sessions: tuple[PlannedSession, ...]
    weeks: tuple[WeekSummary, ...]
    warnings: tuple[PlanWarning, ...] = ()
    clamps: tuple[Clamp, ...] = ()
    notes: tuple[str, ...] = ()
    substitutes: tuple[str, ...] = ()
    week_runs: dict[str, str] = field(default_factory=dict)  # weekday -> the runner's usual run
    _by_date: dict[date, PlannedSession] = field(default_factory=dict, repr=False, compare=False)
    # Figures derived from the sessions, computed once: a plan is shared (cached) and frozen, and
    # the compare screen asks for plan A's again on every slider move. Not copied by replace().
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def split(self, phase: PhaseName) -> Split | None:
        """The main split of a phase (its last block: the one most of the phase uses)."""
        found = [s for s in self.splits if s.phase is phase]
        return found[-1] if found else None

    def session_on(self, d: date) -> PlannedSession | None:
        if not self._by_date:
            self._by_date.update({s.date: s for s in self.sessions})
        return self._by_date.get(d)

    def _once(self, name: str, build: Callable[[], Any]) -> Any:
        hit = self._derived.get(name)
        if hit is None:
            hit = self._derived[name] = build()
        return hit

    @property
    def heavy_weeks(self) -> int:
        """Weeks with heavy loading (strength blocks of off-season and pre-season)."""
        return cast(
            int,
            self._once(
                "heavy_weeks",
                lambda: len({s.week for s in self.sessions if s.heavy and s.block == "strength"}),
            ),
        )

    def week_totals(self) -> Mapping[int, tuple[int, int]]:
        """(sessions, sets) per week that has sessions."""
        return cast(Mapping[int, tuple[int, int]], self._once("week_totals", self._week_totals))

    def _week_totals(self) -> Mapping[int, tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        for s in self.sessions:
            n, sets = out.get(s.week, (0, 0))
            out[s.week] = (n + 1, sets + s.sets)
        return MappingProxyType(out)

    def focus_sets(self) -> Mapping[FocusArea, int]:
        """Sets over the season per focus area (every area, 0 for those not worked)."""
        return cast(Mapping[FocusArea, int], self._once("focus_sets", self._focus_sets))

    def _focus_sets(self) -> Mapping[FocusArea, int]:
        counts: Counter[FocusArea] = Counter()
        for s in self.sessions:
            for p in s.items:
                counts[p.focus] += p.sets
        return MappingProxyType({a: counts.get(a, 0) for a in FocusArea})

    def weekly_load(self) -> list[dict[str, Any]]:
        """Sets per week per focus area: the data of the weekly load chart and comparisons."""
        load: dict[tuple[int, FocusArea], int] = {}
        for s in self.sessions:
            for p in s.items:
                load[(s.week, p.focus)] = load.get((s.week, p.focus), 0) + p.sets
        first = self.season.first_monday
        return [
            {
                "week": w,
                "monday": first + timedelta(weeks=w - 1),
                "focus": area.value,
                "sets": n,
            }
            for (w, area), n in sorted(load.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
        ]

    def summary(self) -> dict[str, Any]:
        """The figures a comparison of two plans needs (issue 5's difference table)."""
        return {
            "sessions": len(self.sessions),
            "sessions_by_phase": {p.value: n for p, n in self.sessions_by_phase().items()},
            "sets_by_focus": {a.value: n for a, n in self.focus_sets().items()},
            "easy_or_rest_days": self._once(
                "easy_or_rest_days",
                lambda: sum(1 for s in self.sessions if s.run in ("easy", "rest")),
            ),
            "heavy_weeks": self.heavy_weeks,
            "warnings": len(self.warnings),
            "clamps": len(self.clamps),
        }

    def sessions_by_phase(self) -> dict[PhaseName, int]:
        return dict(self._once("sessions_by_phase", self._sessions_by_phase))

    def _sessions_by_phase(self) -> dict[PhaseName, int]:
        counts = Counter(s.phase for s in self.sessions)
        return {p: counts.get(p, 0) for p in self.season.phases()}


# --- context -------------------------------------------------------------------------------


@dataclass
class _Ctx:
    lib: Library
    assessment: Assessment
    findings: Findings
    experience: StrengthExperience
    level: int
    equipment: Equipment
    minutes: int
    emphasis: float
    plyometrics: bool
    ranked: list[tuple[FocusArea, int]]
    rule_of: dict[FocusArea, tuple[str, list[str]]]
    caution_of: dict[BodyArea, str]  # area -> why its load is reduced
    no_load: frozenset[BodyArea]
    recent_injuries: frozenset[str]
    covered: dict[FocusArea, str]  # area -> substitute activity that covers it
    plyo_blocked: str = ""  # why jumps are out, when they are
    allowed_memo: dict[tuple[str, int], bool] = field(default_factory=dict)
    by_area: dict[FocusArea, list[ExerciseRow]] = field(default_factory=dict)
    rank_of: dict[FocusArea, tuple[int, int]] = field(default_factory=dict)  # (rank, score)
    # Everything above that build_session reads, apart from the minutes (see _TemplateMemo):
    # the key of the session templates memo. A new input read by build_session goes in here.
    template_inputs: tuple[Any, ...] = ()


def _ranked_focus(findings: Findings, emphasis: float) -> list[tuple[FocusArea, int]]:
    shift = (0.5 - emphasis) * 40  # heuristic: up to 20 points either way
    scored = [(f.area, f.score, f.score + shift * _EMPHASIS_SIGN[f.area]) for f in findings.focus]
    order = {a: i for i, a in enumerate(f.area for f in findings.focus)}
    scored.sort(key=lambda t: (-t[2], order[t[0]]))
    return [(a, s) for a, s, _ in scored]


def _context(
    a: Assessment, findings: Findings, lib: Library, opts: PlanOptions, clamps: list[Clamp]
) -> _Ctx:
    g, h = a.goals, a.health
    experience = a.history.strength_experience or StrengthExperience.none
    equipment = opts.equipment or g.equipment or Equipment.none
    minutes = opts.minutes if opts.minutes is not None else (g.minutes_per_session or 45)
    if not 10 <= minutes <= 180:
        used = min(max(minutes, 10), 180)
        clamps.append(
            Clamp(
                "minutes",
                str(minutes),
                str(used),
                "A session needs 10 to 180 minutes: less cannot hold a warm-up and one "
                "exercise, more is not a strength session for a runner.",
                "heuristic",
            )
        )
        minutes = used
    emphasis = opts.emphasis
    if emphasis is None:
        emphasis = EMPHASIS_BY_AIM.get(g.aim or Aim.both, 0.5)
    rule_of: dict[FocusArea, tuple[str, list[str]]] = {}
    for f in findings.focus:
        if f.rules:
            top = max(f.rules, key=lambda r: r.points)
            rule_of[f.area] = (top.rule_id, [e.id for e in top.sources])
    caution_of: dict[BodyArea, str] = {}
    for c in findings.cautions:
        for area in c.areas:
            try:
                caution_of.setdefault(BodyArea(area), f"{c.message} ({c.rule_id})")
            except ValueError:
                continue
    if h.current_pain and h.current_pain > 0:
        for area in h.pain_areas:
            caution_of.setdefault(
                area,
                f"you have pain ({h.current_pain}/10) in the {area.value.replace('_', ' ')} "
                "when you run (silbernagel2007)",
            )
    recent = frozenset(
        i.type.value
        for i in h.injuries
        if i.months_since is None or i.months_since <= INJURY_RECENT_MONTHS
    )
    covered: dict[FocusArea, str] = {}
    subs = [e for e in lib.exercises.values() if e.activity in a.history.other_activities]
    for ex in subs:
        for area in ex.focus:
            covered.setdefault(area, ex.name)
    plyo_blocked = ""
    if not opts.plyometrics:
        plyo_blocked = "plyometrics are switched off for this variant"
    ranked = _ranked_focus(findings, emphasis)
    by_area: dict[FocusArea, list[ExerciseRow]] = {a: [] for a in FocusArea}
    for ex in lib.exercises.values():
        for fa in ex.focus:
            by_area[fa].append(ex)
    no_load = frozenset(h.do_not_load)
    template_inputs = (
        lib,
        experience,
        LEVEL_BY_EXPERIENCE[experience],
        equipment,
        emphasis,
        opts.plyometrics,
        tuple(ranked),
        frozenset(covered),
        tuple(caution_of.items()),
        no_load,
        recent,
        tuple((area, rid, tuple(src)) for area, (rid, src) in rule_of.items()),
    )
    return _Ctx(
        template_inputs=template_inputs,
        by_area=by_area,
        rank_of={fa: (i, sc) for i, (fa, sc) in enumerate(ranked, start=1)},
        lib=lib,
        assessment=a,
        findings=findings,
        experience=experience,
        level=LEVEL_BY_EXPERIENCE[experience],
        equipment=equipment,
        minutes=minutes,
        emphasis=emphasis,
        plyometrics=opts.plyometrics,
        ranked=ranked,
        rule_of=rule_of,
        caution_of=caution_of,
        no_load=no_load,
        recent_injuries=recent,
        covered=covered,
        plyo_blocked=plyo_blocked,
    )


# --- choosing exercises ------------------------------------------------------------------


_EQUIPMENT_LEVEL = {e: i for i, e in enumerate(Equipment)}


def allowed(ex: ExerciseRow, ctx: _Ctx, *, max_level: int | None = None) -> bool:
    """Equipment, experience, contraindications and areas not to load: the hard filters."""
    key = (ex.id, max_level or ctx.level)
    hit = ctx.allowed_memo.get(key)
    if hit is None:
        hit = ctx.allowed_memo[key] = _allowed(ex, ctx, max_level)
    return hit


def _allowed(ex: ExerciseRow, ctx: _Ctx, max_level: int | None) -> bool:
    if ex.activity is not None:
        return False  # substitutes are the runner's own sessions, not plan exercises
    if _EQUIPMENT_LEVEL[ex.equipment] > _EQUIPMENT_LEVEL[ctx.equipment]:
        return False
    if ex.level > (max_level or ctx.level):
        return False
    if ctx.no_load.intersection(ex.loads):
        return False
    if any(c.value in ctx.recent_injuries for c in ex.contraindications):
        return False
    if ex.category is Category.power and not ctx.plyometrics:
        return False
    return True


def _cautioned(ex: ExerciseRow, ctx: _Ctx) -> str:
    for area in ex.loads:
        if area in ctx.caution_of:
            return ctx.caution_of[area]
    return ""


_LEADING_INT = re.compile(r"\d+")


def _dose(
    ex: ExerciseRow, row: PhaseRow, phase: PhaseName, contacts: int
) -> tuple[int, str, str, int, str]:
    """(sets, reps, intensity, rest_s, note) for an exercise in a phase block."""
    per_leg = " per leg" if "per leg" in ex.reps else (" per side" if "per side" in ex.reps else "")
    if phase is PhaseName.taper:
        if ex.category is Category.heavy_strength:
            return row.sets + 1, row.reps + per_leg, row.intensity, row.rest_s, ""
        return min(ex.sets, 2), ex.reps, "easy, crisp", min(ex.rest_s, 60), ""
    if ex.category is Category.heavy_strength:
        if ex.equipment is Equipment.none:
            note = (
                "bodyweight: when the reps feel easy, slow the lowering or use the harder variant"
            )
            return row.sets, row.reps + per_leg, ex.intensity, row.rest_s, note
        return row.sets, row.reps + per_leg, row.intensity, row.rest_s, ""
    if ex.category is Category.power and ex.equipment is Equipment.none:
        m = _LEADING_INT.search(ex.reps)
        per_set = (int(m.group()) if m else 8) * (2 if per_leg else 1)
        sets = max(1, min(5, round(contacts / per_set)))
        return sets, ex.reps, ex.intensity, ex.rest_s, f"about {sets * per_set} foot contacts"
    sets = min(ex.sets, row.sets) if phase is PhaseName.in_season else ex.sets
    return sets, ex.reps, ex.intensity, ex.rest_s, ""


def _seconds(sets: int, rest_s: int) -> int:
    return sets * (40 + rest_s) + 60  # heuristic: 40 s of work a set, a minute to set up


@dataclass
class _Builder:
    ctx: _Ctx
    used: Counter[str] = field(default_factory=Counter)  # exercise use across the split
    ranked_memo: dict[tuple[FocusArea, tuple[Category, ...], int | None], list[ExerciseRow]] = (
        field(default_factory=dict)
    )

    def candidates(
        self,
        area: FocusArea,
        categories: Iterable[Category],
        max_level: int | None,
        *,
        taken: set[str],
    ) -> list[ExerciseRow]:
        """Allowed exercises for an area, least used in this split first, then best fit."""
        cats = tuple(categories)
        key = (area, cats, max_level)
        ranked = self.ranked_memo.get(key)
        if ranked is None:
            resilience = self.ctx.emphasis > 0.5
            prefer = {
                Category.heavy_strength: 0 if not resilience else 1,
                Category.power: 0 if not resilience else 2,
                Category.endurance: 1 if not resilience else 0,
                Category.stability: 1 if not resilience else 0,
                Category.trunk: 1,
                Category.mobility: 3,
            }
            top = max_level or self.ctx.level
            ranked = [
                ex
                for ex in self.ctx.by_area[area]
                if ex.category in cats and allowed(ex, self.ctx, max_level=max_level)
            ]
            ranked.sort(key=lambda ex: (ex.focus.index(area), prefer[ex.category], top - ex.level))
            self.ranked_memo[key] = ranked
        used = self.used
        out = [ex for ex in ranked if ex.id not in taken]
        out.sort(key=lambda ex: used[ex.id])  # stable: keeps the best-fit order within ties
        return out

    def swap_for_caution(self, ex: ExerciseRow, max_level: int | None) -> tuple[ExerciseRow, str]:
        """A caution on an area the exercise loads: heavy and jump work become easier."""
        why = _cautioned(ex, self.ctx)
        if not why:
            return ex, ""
        if ex.category in (Category.heavy_strength, Category.power):
            easier = self.ctx.lib.exercises.get(ex.easier)
            if easier is not None and allowed(easier, self.ctx, max_level=max_level):
                return easier, f"easier variant instead of {ex.name}: {why}"
            return ex, f"drop: {why}"
        return ex, f"one set fewer: {why}"


def _prescription(
    ex: ExerciseRow,
    area: FocusArea,
    row: PhaseRow,
    phase: PhaseName,
    ctx: _Ctx,
    role: str,
    dose: tuple[int, str, str, int, str],
    caution: str,
) -> Prescription:
    sets, reps, intensity, rest_s, note = dose
    notes = [n for n in (caution, note) if n]
    rank, score = ctx.rank_of[area]
    rule_id, rule_sources = ctx.rule_of.get(area, (f"phase:{phase.value}/{row.block}", []))
    sources = list(dict.fromkeys([*ex.source, *rule_sources, *row.source]))
    reason = f"{role} for {FOCUS_TITLES[area].lower()} (focus #{rank}, score {score})"
    return Prescription(
        exercise_id=ex.id,
        name=ex.name,
        category=ex.category,
        focus=area,
        sets=sets,
        reps=reps,
        intensity=intensity,
        rest_s=rest_s,
        reason=reason,
        rule=rule_id,
        source=";".join(sources),
        note="; ".join(notes),
        cues=ex.cues,
    )


@dataclass
class _Budget:
    """A session's time budget in seconds, and the range of budgets that choose the same.

    Every check against the budget goes through `fits`, which narrows [lo, hi) to the budgets
    that answer it the same way: a session built for one budget is the same for any budget in
    that range (nothing else in build_session depends on the minutes).
    """

    seconds: int
    lo: float = -math.inf
    hi: float = math.inf

    def fits(self, need: int) -> bool:
        if need <= self.seconds:
            self.lo = max(self.lo, need)
            return True
        self.hi = min(self.hi, need)
        return False


class _TemplateMemo:
    """Session templates already built, by their inputs, each for a range of budgets.

    A compare-screen variant often leaves a split's templates as they were: moving the
    minutes mostly stays within a range of budgets, and the sessions per week of one phase
    leave the other phases' splits alone. Keyed on every input build_session reads (`_Ctx.
    template_inputs`, the phase block, how many templates): only the same inputs can hit.
    Bounded: MAX_KEYS inputs (least recently used dropped), MAX_RANGES budget ranges each.
    """

    MAX_KEYS = 256  # ~3 KiB a range: at most ~10 MB in all
    MAX_RANGES = 12

    def __init__(self) -> None:
        self._data: OrderedDict[Hashable, list[tuple[float, float, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, budget: int) -> Any:
        with self._lock:
            ranges = self._data.get(key)
            if ranges is None:
                return None
            self._data.move_to_end(key)
            return next((v for lo, hi, v in ranges if lo <= budget < hi), None)

    def put(self, key: Hashable, budget: _Budget, value: Any) -> None:
        with self._lock:
            ranges = self._data.setdefault(key, [])
            self._data.move_to_end(key)
            ranges.append((budget.lo, budget.hi, value))
            del ranges[: -self.MAX_RANGES]
            while len(self._data) > self.MAX_KEYS:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_TEMPLATES = _TemplateMemo()


def clear_memos() -> None:
    """Forget the shared season and template memos (benchmarks measure plans from cold)."""
    _calendar.cache_clear()
    _TEMPLATES.clear()


def _budget_seconds(ctx: _Ctx, light: bool) -> int:
    return (min(ctx.minutes, 30) if light else ctx.minutes) * 60 - WARMUP_MIN * 60


def split_sessions(
    ctx: _Ctx, builder: _Builder, row: PhaseRow, phase: PhaseName, n: int
) -> tuple[SessionTemplate, ...]:
    """Sessions A, B, C (the first `n`) of a phase block; they share the exercise rotation."""
    # The row belongs to the library, which the key holds (ctx.template_inputs): its id is its.
    key = (ctx.template_inputs, phase, id(row), n)
    seconds = _budget_seconds(ctx, light=False)
    hit = _TEMPLATES.get(key, seconds)
    if hit is not None:
        return cast(tuple[SessionTemplate, ...], hit)
    budget = _Budget(seconds)
    builder.used.clear()
    title = f"{phase.value}, {row.block}"
    templates = tuple(
        build_session(
            ctx,
            builder,
            row,
            phase,
            "ABC"[i],
            f"Session {'ABC'[i]} ({title})",
            index=i,
            budget=budget,
        )
        for i in range(n)
    )
    _TEMPLATES.put(key, budget, templates)
    return templates


def activation_session(ctx: _Ctx, row: PhaseRow) -> SessionTemplate:
    """The light activation session of the taper (and before B and C races)."""
    key = (ctx.template_inputs, PhaseName.taper, id(row), "L")
    seconds = _budget_seconds(ctx, light=True)
    hit = _TEMPLATES.get(key, seconds)
    if hit is not None:
        return cast(SessionTemplate, hit)
    budget = _Budget(seconds)
    tpl = build_session(
        ctx,
        _Builder(ctx),
        row,
        PhaseName.taper,
        "L",
        "Light activation",
        light=True,
        budget=budget,
    )
    _TEMPLATES.put(key, budget, tpl)
    return tpl


def build_session(
    ctx: _Ctx,
    builder: _Builder,
    row: PhaseRow,
    phase: PhaseName,
    key: str,
    title: str,
    *,
    index: int = 0,
    light: bool = False,
    budget: _Budget | None = None,
) -> SessionTemplate:
    """One session: a main lift, jumps when allowed, then the ranked focus areas in order."""
    max_level = 1 if row.block == "competency" or light else None
    if budget is None:
        budget = _Budget(_budget_seconds(ctx, light))
    max_items = MAX_ITEMS[PhaseName.taper if light else phase]
    items: list[Prescription] = []
    taken: set[str] = set()
    covered: set[FocusArea] = set()
    spent = 0
    contacts = round(row.plyo_contacts * min(1.3, max(0.5, 1.5 - ctx.emphasis)))

    def add(ex: ExerciseRow, area: FocusArea, role: str, n_power: int = 1) -> bool:
        nonlocal spent
        original = ex
        ex, caution = builder.swap_for_caution(ex, max_level)
        if caution.startswith("drop") or ex.id in taken:
            taken.add(original.id)
            return False
        if light and ex.equipment is not Equipment.none:
            return False
        dose = _dose(ex, row, phase, contacts // n_power)
        if caution.startswith("one set fewer"):
            dose = (max(1, dose[0] - 1), *dose[1:])
        cost = _seconds(dose[0], dose[3])
        if items and not budget.fits(spent + cost):
            return False
        items.append(_prescription(ex, area, row, phase, ctx, role, dose, caution))
        spent += cost
        taken.update({ex.id, original.id})
        covered.add(area)
        builder.used[ex.id] += 1
        return True

    areas = [a for a, _ in ctx.ranked]
    scored = [a for a, s in ctx.ranked if s > 0] or areas
    # Areas a substitute activity (power yoga, climbing) covers go to the back of the queue.
    accessory_order = [a for a in scored if a not in ctx.covered] + [
        a for a in areas if a not in scored or a in ctx.covered
    ]
    accessory_order = list(dict.fromkeys(accessory_order))

    # 1. the main lift: a big lower-body lift (eihara2022), squat and hinge in turn
    big = [a for a in areas if a in (FocusArea.quadriceps, FocusArea.posterior_chain)]
    big = big[index % 2 :] + big[: index % 2]
    for area in big + scored + areas:
        cands = builder.candidates(area, [Category.heavy_strength], max_level, taken=taken)
        if light:
            cands = [c for c in cands if c.equipment is Equipment.none]
        cands.sort(
            key=lambda ex: (
                builder.used[ex.id],
                ex.focus.index(area),
                -_EQUIPMENT_LEVEL[ex.equipment],
            )
        )
        if cands and add(cands[0], area, "Main lift"):
            break
    # 2. jumps, when the block has foot contacts and the emphasis or focus wants them
    power_rank = areas.index(FocusArea.power)
    wants_power = ctx.emphasis <= 0.75 or power_rank < 3
    if row.plyo_contacts > 0 and ctx.plyometrics and wants_power:
        cands = builder.candidates(FocusArea.power, [Category.power], max_level, taken=taken)
        cands = [c for c in cands if c.equipment is Equipment.none] if light else cands
        if cands:
            add(cands[0], FocusArea.power, "Power work")
    # 3. the ranked focus areas, each once
    accessory_cats = [c for c in Category if c is not Category.mobility]
    for area in accessory_order:
        if len(items) >= max_items or not budget.fits(spent + 150):  # nothing fits in 2.5 min
            break
        if area in covered:
            continue
        for ex in builder.candidates(area, accessory_cats, max_level, taken=taken):
            if ex.category is Category.power and (row.plyo_contacts == 0 or not wants_power):
                continue
            if add(ex, area, "Focus work"):
                break
    minutes = WARMUP_MIN + round(spent / 60)
    return SessionTemplate(
        key=key,
        title=title,
        items=tuple(items),
        minutes=minutes,
        heavy=not light,
    )


# --- placing sessions on the calendar ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Day:
    d: date
    phase: PhaseName
    run: str
    blocked: str  # why no strength at all ("" = allowed)
    light_only: str  # why only light work ("" = heavy allowed)


@lru_cache(maxsize=64)
def _calendar(
    goals_json: str, start: date, offseason_end: date | None
) -> tuple[Season, tuple[_Day, ...], tuple[tuple[int, tuple[_Day, ...]], ...]]:
    """The season, its days and the days by week, for goals given as JSON.

    None of it depends on the variant's sessions, minutes, emphasis or equipment, so the
    compare screen's variants share it. Keyed on the goals' full JSON (nothing else is read):
    only the very same goals and dates can hit. Raises PlanInputError as build_season does.
    """
    goals = Goals.model_validate_json(goals_json)
    season = build_season(goals, start, offseason_end)
    days = _days(goals, season)
    by_week: dict[int, list[_Day]] = {}
    for day in days:
        by_week.setdefault(season.week_of(day.d), []).append(day)
    return season, tuple(days), tuple((wk, tuple(wdays)) for wk, wdays in by_week.items())


def _days(goals: Goals, season: Season) -> list[_Day]:
    week = goals.week
    runs = [(week[wd].run or RunType.rest).value for wd in WEEKDAYS]
    by_pattern: list[str] = []  # why the weekly pattern blocks each weekday
    for i, wd in enumerate(WEEKDAYS):
        next_run = runs[(i + 1) % 7]
        if not week[wd].strength_ok:
            by_pattern.append("you marked it unavailable for strength")
        elif next_run == "hard":
            by_pattern.append("the day before a hard run")
        elif next_run == "long":
            by_pattern.append("the day before your long run")
        else:
            by_pattern.append("")
    race_on = {r.date: r for r in season.races}
    light_on: dict[date, str] = {}
    for r in season.races:
        if r is season.a_race:
            continue
        for gap in range(LIGHT_BEFORE_BC_RACE, 0, -1):
            label = f"{r.priority.value} race ({r.name or r.type.value}) in {gap} days"
            light_on[r.date - timedelta(days=gap)] = label
    too_close = season.a_race.date - timedelta(days=2) if season.a_race else None
    one = timedelta(days=1)
    out: list[_Day] = []
    d = season.start
    for phase in season.phase_by_day:
        i = d.weekday()
        if d in race_on:
            blocked = f"race day ({race_on[d].name or race_on[d].type.value})"
        elif d + one in race_on:
            blocked = "the day before a race"
        else:
            blocked = by_pattern[i]
        if phase is PhaseName.taper:
            light = "taper: light activation only"
            if too_close is not None and d > too_close and not blocked:
                blocked = "too close to your A race"
        else:
            light = light_on.get(d, "")
        out.append(_Day(d, phase, runs[i], blocked, light))
        d += one
    return out


def _placement_text(day: _Day, hard_used: Sequence[str]) -> str:
    if day.run == "hard":
        return "Hard-run day: lift after the run (hard days hard, easy days easy)."
    used = ", ".join(hard_used) if hard_used else "none fit"
    what = {
        "long": "Long-run day: lift after the run.",
        "easy": "Easy-run day: lift after the run, keep it controlled.",
        "rest": "Rest day.",
    }[day.run]
    return (
        f"{what} Your hard-run days that fit are used up ({used}), so this is the least bad "
        "other day: it is not the day before a hard run, long run or race."
    )


# --- make_plan -----------------------------------------------------------------------------


def _check(a: Assessment) -> None:
    gaps = missing(a)
    if gaps:
        raise PlanInputError(gaps[0].path, f"still needed: {gaps[0].label}")


def _blocks_for(
    lib: Library, phase: PhaseName, exp: StrengthExperience
) -> tuple[list[PhaseRow], PhaseRow]:
    rows = lib.blocks(phase, exp)
    lead = [r for r in rows if r.weeks is not None]
    main = [r for r in rows if r.weeks is None]
    return lead, (main[-1] if main else rows[-1])


def make_plan(
    assessment: Assessment,
    findings: Findings,
    start: date,
    *,
    options: PlanOptions | None = None,
    lib: Library | None = None,
    **overrides: Any,
) -> Plan:
    """The plan for a complete assessment from `start`; `overrides` are PlanOptions fields."""
    if not findings.plan_allowed:
        raise PlanNotAllowed(findings)
    _check(assessment)
    base = options or PlanOptions()
    opts = PlanOptions.model_validate(base.model_dump() | overrides) if overrides else base
    lib = lib or library()
    clamps: list[Clamp] = []
    warnings: list[PlanWarning] = []
    notes: list[str] = [DISCLAIMER]

    a = assessment
    off_end = opts.offseason_end
    a_race = a.goals.a_race(on_or_after=start + timedelta(days=1))
    if off_end is not None and a_race is not None:
        latest = a_race.date - timedelta(days=8)
        if off_end > latest:
            clamps.append(
                Clamp(
                    "offseason_end",
                    off_end.isoformat(),
                    latest.isoformat(),
                    "The off-season must end before the taper (race day -7): no heavy "
                    "work in the last week before the race.",
                    "taper_heuristic",
                )
            )
            off_end = latest
    season, days, by_week = _calendar(a.goals.model_dump_json(), start, off_end)
    notes += list(season.notes)
    ctx = _context(a, findings, lib, opts, clamps)
    if findings.red_flags and findings.cleared:
        notes.append(
            "Planned after a professional's clearance"
            + (f": {findings.clearance_note}" if findings.clearance_note else ".")
        )
    for area, why in ctx.caution_of.items():
        notes.append(f"Less load on the {area.value.replace('_', ' ')}: {why}.")
    if ctx.no_load:
        names = ", ".join(sorted(x.value.replace("_", " ") for x in ctx.no_load))
        notes.append(f"No exercise loads the areas you asked not to load: {names}.")
    substitutes = tuple(
        sorted({e.cues for e in lib.exercises.values() if e.activity in a.history.other_activities})
    )

    # Sessions per week: the table's target, or the variant's (clamped to the safety cap).
    def sessions_override(
        value: int | None, control: str, phase: PhaseName, src: str
    ) -> int | None:
        if value is None:
            return None
        if value > MAX_SESSIONS:
            clamps.append(
                Clamp(
                    control,
                    str(value),
                    str(MAX_SESSIONS),
                    f"At most {MAX_SESSIONS} strength sessions a week: the running week needs "
                    "days without lifting.",
                    "heuristic",
                )
            )
            value = MAX_SESSIONS
        row = _blocks_for(lib, phase, ctx.experience)[1]
        if not row.sessions_min <= value <= row.sessions_max:
            warnings.append(
                PlanWarning(
                    f"{value} sessions a week in the {phase.value} is outside the evidence "
                    f"range of {row.sessions_min}-{row.sessions_max}"
                    + (
                        ": without in-season maintenance, strength gains fade over the season."
                        if value == 0
                        else "."
                    ),
                    src,
                )
            )
        return value

    off_n = sessions_override(
        opts.sessions_offseason, "sessions_offseason", PhaseName.off_season, "phase_offseason"
    )
    in_n = sessions_override(
        opts.sessions_inseason, "sessions_inseason", PhaseName.in_season, "ronnestad2010"
    )
    if not opts.plyometrics:
        warnings.append(
            PlanWarning(
                "Plyometrics are off: jumps combined with heavy lifting improve running "
                "economy more than lifting alone.",
                "barrio2023",
            )
        )

    # Splits: one per (phase, block) in the season; the lead-in block (competency) comes first.
    lead_weeks = 0
    split_of: dict[tuple[PhaseName, str], Split] = {}
    splits: list[Split] = []
    builder = _Builder(ctx)
    for phase in season.phases():
        if phase is PhaseName.taper:
            continue
        lead, main = _blocks_for(lib, phase, ctx.experience)
        for row in [*lead, main]:
            if row.weeks is not None:
                lead_weeks = max(lead_weeks, row.weeks)
            target = row.sessions_target
            if phase is PhaseName.off_season and off_n is not None:
                target = off_n
            if phase is PhaseName.in_season and in_n is not None:
                target = in_n
            templates = split_sessions(ctx, builder, row, phase, max(1, min(target, 3)))
            split_notes: list[str] = []
            if row.note:
                split_notes.append(row.note)
            credited: dict[str, list[str]] = {}
            for focus_area, activity in ctx.covered.items():
                credited.setdefault(activity, []).append(FOCUS_TITLES[focus_area].lower())
            for activity, titles in credited.items():
                split_notes.append(
                    f"{activity} counts as strength work for: {'; '.join(titles)} (seed_article)."
                )
            sp = Split(
                phase=phase,
                block=row.block,
                params=row,
                sessions=templates,
                target=target,
                minimum=row.sessions_min,
                maximum=max(row.sessions_max, target),
                notes=tuple(split_notes),
            )
            split_of[(phase, row.block)] = sp
            splits.append(sp)

    taper_row = _blocks_for(lib, PhaseName.taper, ctx.experience)[1]
    activation = activation_session(ctx, taper_row)
    deload_items: dict[tuple[PhaseName, str, str], tuple[Prescription, ...]] = {}

    def items_for(sp: Split, tpl: SessionTemplate, deload: bool) -> tuple[Prescription, ...]:
        if not deload:
            return tpl.items
        k = (sp.phase, sp.block, tpl.key)
        if k not in deload_items:
            deload_items[k] = tuple(
                replace(p, sets=max(1, p.sets - 1), note=_join(p.note, "lighter week"))
                if p.category in (Category.heavy_strength, Category.power)
                else p
                for p in tpl.items
            )
        return deload_items[k]

    # Place week by week.
    sessions: list[PlannedSession] = []
    weeks: list[WeekSummary] = []
    last_pick: date | None = None
    blocks_memo: dict[PhaseName, tuple[list[PhaseRow], PhaseRow]] = {}
    block_week: Counter[tuple[PhaseName, str]] = Counter()
    pending: list[tuple[int, tuple[_Day, ...], list[_Day], PhaseName, int, int, int]] = []
    for wk, wdays in by_week:
        normal = [x for x in wdays if x.phase is not PhaseName.taper]
        if normal and len({x.phase for x in normal}) == 1:
            week_phase = normal[0].phase
        elif normal:
            common = Counter(x.phase for x in normal).most_common()
            top = max(n for _, n in common)
            week_phase = [p for p, n in common if n == top][-1]
        else:
            week_phase = PhaseName.taper
        if week_phase not in blocks_memo:
            blocks_memo[week_phase] = _blocks_for(lib, week_phase, ctx.experience)
        lead, main = blocks_memo[week_phase]
        row = lead[0] if lead and wk <= lead_weeks else main
        if week_phase is PhaseName.taper:
            row = taper_row
            sp_main = None
        else:
            sp_main = split_of[(week_phase, row.block)]
        target = sp_main.target if sp_main else 0
        maximum = sp_main.maximum if sp_main else taper_row.sessions_max
        minimum = sp_main.minimum if sp_main else 0
        block_week[(week_phase, row.block)] += 1
        deload = bool(
            row.deload_every and block_week[(week_phase, row.block)] % row.deload_every == 0
        )
        ok = [x for x in normal if not x.blocked]
        ok.sort(key=lambda x: (_RANK_OF_RUN[x.run], x.d))
        picks: list[_Day] = []
        for x in ok:
            if len(picks) >= target:
                break
            prev = x.d - timedelta(days=1)
            nxt = x.d + timedelta(days=1)
            if last_pick == prev or any(p.d in (prev, nxt) for p in picks):
                continue
            picks.append(x)
        picks.sort(key=lambda x: x.d)
        hard_used = [WEEKDAYS[p.d.weekday()].title() for p in picks if p.run == "hard"]
        week_sessions: list[PlannedSession] = []
        for i, x in enumerate(picks):
            day_split = split_of.get((x.phase, row.block), sp_main)
            assert day_split is not None
            tpl = day_split.sessions[i % len(day_split.sessions)]
            placement = _placement_text(x, hard_used)
            if x.light_only:
                week_sessions.append(
                    _session(
                        season,
                        x,
                        "light",
                        activation,
                        activation.items,
                        False,
                        placement,
                        (f"Light session only: {x.light_only}.",),
                    )
                )
            else:
                week_sessions.append(
                    _session(
                        season,
                        x,
                        day_split.block,
                        tpl,
                        items_for(day_split, tpl, deload),
                        deload,
                        placement,
                        ("Lighter week (every few weeks; heuristic).",) if deload else (),
                    )
                )
        week_sessions.sort(key=lambda s: s.date)
        sessions.extend(week_sessions)
        if week_sessions:
            last_pick = week_sessions[-1].date
        pending.append((wk, wdays, normal, week_phase, minimum, target, maximum))

    # The taper's single light session: a hard-run day first, as late as allowed (race -2).
    taper_days = [x for x in days if x.phase is PhaseName.taper and not x.blocked]
    taper_days.sort(key=lambda x: (_RANK_OF_RUN[x.run], -x.d.toordinal()))
    taken = {s.date for s in sessions}
    per_week = Counter(s.week for s in sessions)
    max_of = {wk: mx for wk, *_, mx in pending}
    for x in taper_days:
        wk = season.week_of(x.d)
        near = {x.d - timedelta(days=1), x.d + timedelta(days=1)}
        if near & taken or per_week[wk] >= max_of[wk]:
            continue
        placement = (
            "Hard-run day in the taper: a short activation after the run."
            if x.run == "hard"
            else _placement_text(x, [])
        )
        note = "One light activation session in the taper (taper_heuristic)."
        sessions.append(
            _session(
                season, x, "activation", activation, activation.items, False, placement, (note,)
            )
        )
        sessions.sort(key=lambda s: s.date)
        per_week[wk] += 1
        break

    for wk, wdays, normal, week_phase, minimum, target, maximum in pending:
        n = per_week[wk]
        note = ""
        if n < minimum or n < target:
            note = _shortfall(wdays, normal, n, minimum, target, season)
        weeks.append(
            WeekSummary(wk, monday_of(wdays[0].d), week_phase, n, minimum, target, maximum, note)
        )

    used = {(s.phase, s.block) for s in sessions}
    splits = [sp for sp in splits if (sp.phase, sp.block) in used]
    heavy = len({s.week for s in sessions if s.block == "strength" and s.heavy})
    if (
        heavy
        and heavy < 10
        and any(p in season.phases() for p in (PhaseName.off_season, PhaseName.pre_season))
    ):
        warnings.append(
            PlanWarning(
                f"The heavy block is {heavy} weeks: blocks of 10 weeks or more improve running "
                "economy about twice as much as 6-8 week blocks.",
                "block_length;eihara2022",
            )
        )
    notes.append(
        "Progress: add 2-10% load when you can do 1-2 reps more than the target (acsm2009)."
    )
    return Plan(
        runner_name=a.runner_name,
        assessed_on=a.assessed_on,
        season=season,
        options=opts,
        emphasis=ctx.emphasis,
        equipment=ctx.equipment,
        minutes=ctx.minutes,
        focus=tuple(ctx.ranked),
        splits=tuple(splits),
        activation=activation,
        sessions=tuple(sessions),
        weeks=tuple(weeks),
        warnings=tuple(warnings),
        clamps=tuple(clamps),
        notes=tuple(notes),
        substitutes=substitutes,
        week_runs={d: (a.goals.week[d].run or RunType.rest).value for d in WEEKDAYS},
    )


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _session(
    season: Season,
    x: _Day,
    block: str,
    tpl: SessionTemplate,
    items: tuple[Prescription, ...],
    deload: bool,
    placement: str,
    notes: tuple[str, ...],
) -> PlannedSession:
    return PlannedSession(
        date=x.d,
        week=season.week_of(x.d),
        phase=x.phase,
        block=block,
        weekday=WEEKDAYS[x.d.weekday()],
        run=x.run,
        key=tpl.key,
        heavy=tpl.heavy,
        deload=deload,
        items=items,
        placement=placement,
        notes=notes,
    )


def _shortfall(
    wdays: Sequence[_Day], normal: list[_Day], n: int, minimum: int, target: int, season: Season
) -> str:
    parts: list[str] = []
    if len(wdays) < 7:
        parts.append(f"only {len(wdays)} days of this week are in the season")
    if len(normal) < len(wdays):
        parts.append("the taper allows one light session at most")
    reasons = Counter(x.blocked for x in normal if x.blocked)
    if reasons:
        parts.append(
            "the other days are "
            + "; ".join(f"{why} ({k}×)" if k > 1 else why for why, k in reasons.most_common())
        )
    if not parts:
        parts.append("strength days need a day between them")
    goal = f"{target} planned" if target >= minimum else f"at least {minimum}"
    return (
        f"{n} session{'s' if n != 1 else ''} this week instead of {goal}: " + "; ".join(parts) + "."
    )
