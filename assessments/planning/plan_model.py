"""The plan's data: what make_plan returns, the variant options it takes, and its refusals.

Free of planning logic so the planning modules (plan_context, sessions, placement) share
these types without importing make_plan, and screens read a plan that cannot change under them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Findings
from ..focus import FocusArea
from ..model import Equipment
from .library import Category, PhaseName, PhaseRow
from .season import Season

REHAB_KEY = "R"  # the key of a day of protocol work only

_T = TypeVar("_T")
_Date = date


def copy_with(obj: _T, **changes: Any) -> _T:
    """A copy of a Prescription, PlannedSession or WeekSummary with a few fields changed.

    dataclasses.replace without its per-call checks and __init__: the planning stages copy
    hundreds of these a plan. One dict copy; an unknown field name raises as replace() does.
    """
    new = object.__new__(type(obj))
    state = new.__dict__
    old = obj.__dict__  # the fields, and nothing else (frozen: set by __init__ or here)
    state.update(old)
    state.update(changes)
    if len(state) != len(old):
        raise TypeError(f"{type(obj).__name__} has no field {sorted(set(state) - set(old))}")
    return new


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


# Prescription, PlannedSession and WeekSummary: frozen dataclasses without slots, each with a
# hand-written __init__ that fills the instance dict in one call. The generated __init__ of a
# frozen dataclass sets every field through object.__setattr__ by name, at twice the cost, and
# a plan builds hundreds of these. The same signature and defaults as the generated one
# (tests/test_plan_model_init.py checks it against the fields, so a new field is not missed).


@dataclass(frozen=True)
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
    # Plain-language load cue for runners new to lifting ("a weight you could lift 12 times with
    # 2 to spare"); "" for bodyweight rows that need none.
    load_cue: str = ""
    # The block's full rep range ("8-12 per leg") when `reps` is this week's step of it.
    reps_range: str = ""
    # The condition protocol (rules/protocols.csv id) this is the work of; "" for main work.
    protocol: str = ""

    def __init__(
        self,
        exercise_id: str,
        name: str,
        category: Category,
        focus: FocusArea,
        sets: int,
        reps: str,
        intensity: str,
        rest_s: int,
        reason: str,
        rule: str,
        source: str,
        note: str = "",
        cues: str = "",
        load_cue: str = "",
        reps_range: str = "",
        protocol: str = "",
    ) -> None:
        self.__dict__.update(
            exercise_id=exercise_id,
            name=name,
            category=category,
            focus=focus,
            sets=sets,
            reps=reps,
            intensity=intensity,
            rest_s=rest_s,
            reason=reason,
            rule=rule,
            source=source,
            note=note,
            cues=cues,
            load_cue=load_cue,
            reps_range=reps_range,
            protocol=protocol,
        )


@dataclass(frozen=True, slots=True)
class Gap:
    """Why a session template holds no direct work for a top focus area, and what would fit it.

    `fix` is a PlanOptions change (field, value) that makes room alone, or None when no one
    variant control can (contraindications, areas not to load, the learning block, or two
    changes at once, which `change` names).
    """

    area: FocusArea
    why: str
    change: str
    fix: tuple[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Retest:
    """A day the plan proposes to redo the self-tests (planning/retests.py)."""

    date: date
    why: str  # where it sits and why there


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A top focus area the plan cannot hold in some weeks: the plan names it (coverage.py)."""

    area: FocusArea
    weeks: tuple[int, ...]
    message: str
    # The PlanOptions changes (field, value) that restore it together, checked by planning
    # again with them (planner._checked_fix); empty when no change of controls does.
    fix: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class SessionTemplate:
    key: str  # "A", "B", "C"; "L" for the light activation session
    title: str
    items: tuple[Prescription, ...]
    minutes: int  # estimate, warm-up included
    heavy: bool
    gaps: tuple[Gap, ...] = ()  # top focus areas it could not hold, and why

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


@dataclass(frozen=True)
class PlannedSession:
    date: date
    week: int
    phase: PhaseName
    block: str
    weekday: str  # mon..sun
    run: str  # the run that day: rest, easy, hard, long
    key: str  # template key (A/B/C/L); "R" for a day of protocol (rehab) work only
    heavy: bool
    deload: bool
    items: tuple[Prescription, ...]
    placement: str  # why this day
    notes: tuple[str, ...] = ()

    def __init__(
        self,
        date: _Date,  # the field's name hides the type inside the class
        week: int,
        phase: PhaseName,
        block: str,
        weekday: str,
        run: str,
        key: str,
        heavy: bool,
        deload: bool,
        items: tuple[Prescription, ...],
        placement: str,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.__dict__.update(
            date=date,
            week=week,
            phase=phase,
            block=block,
            weekday=weekday,
            run=run,
            key=key,
            heavy=heavy,
            deload=deload,
            items=items,
            placement=placement,
            notes=notes,
        )

    @property
    def sets(self) -> int:
        return sum(p.sets for p in self.items)

    @property
    def rehab(self) -> bool:
        """A day of condition-protocol work only (rules/protocols.csv), not a main session."""
        return self.key == REHAB_KEY

    def with_items(self, items: tuple[Prescription, ...], note: str = "") -> PlannedSession:
        """The session with other items (and one more note), for the later planning stages
        that change most sessions of a season."""
        # copy_with, with the two fields named here (half its cost: two stages call it on
        # most sessions)
        new = object.__new__(PlannedSession)
        state = new.__dict__
        state.update(self.__dict__)
        state["items"] = items
        if note:
            state["notes"] = (*self.notes, note)
        return new


@dataclass(frozen=True)
class WeekSummary:
    week: int
    monday: date
    phase: PhaseName  # the phase of most of the week's non-taper days (taper if none)
    sessions: int
    minimum: int
    target: int
    maximum: int
    note: str = ""  # why fewer sessions than the minimum (or target), in plain words

    def __init__(
        self,
        week: int,
        monday: date,
        phase: PhaseName,
        sessions: int,
        minimum: int,
        target: int,
        maximum: int,
        note: str = "",
    ) -> None:
        self.__dict__.update(
            week=week,
            monday=monday,
            phase=phase,
            sessions=sessions,
            minimum=minimum,
            target=target,
            maximum=maximum,
            note=note,
        )


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """An evidence range left (on purpose by a variant, or because the calendar is short)."""

    text: str
    source: str
    control: str = ""  # the variant control it is about (a PlanOptions field), if any


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
    # One message when the runner's own day choices cut sessions below the phase minimum: what
    # happened and the one change that fixes it; None when nothing was cut.
    shortfall: str | None = None
    shortfall_days: tuple[str, ...] = ()  # the weekdays the shortfall message says to open
    # Top focus areas left without direct work in some weeks, each with the change that fits it.
    left_out: tuple[LeftOut, ...] = ()
    retests: tuple[Retest, ...] = ()  # proposed retest days (calendar events, not sessions)
    # The assessment file's id (Assessment.file_id): calendar UIDs stay the same across
    # downloads of the same file's plan and differ between runners.
    file_id: str = ""
    cautions: tuple[str, ...] = ()  # the findings' cautions, in words, for the printed plan
    _by_date: dict[date, PlannedSession] = field(default_factory=dict, repr=False, compare=False)
    # Figures derived from the sessions, computed once: a plan is shared (cached) and frozen, and
    # the compare screen asks for plan A's again on every slider move. Not copied by replace().
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def main_sessions(self) -> tuple[PlannedSession, ...]:
        """The strength sessions the phases and the controls count: days of protocol work only
        (rehab) left out."""
        return cast(
            tuple[PlannedSession, ...],
            self._once("main_sessions", lambda: tuple(s for s in self.sessions if not s.rehab)),
        )

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
        main = self.main_sessions
        return {
            "sessions": len(main),
            "sessions_by_phase": {p.value: n for p, n in self.sessions_by_phase().items()},
            "sets_by_focus": {a.value: n for a, n in self.focus_sets().items()},
            "easy_or_rest_days": self._once(
                "easy_or_rest_days",
                lambda: sum(1 for s in main if s.run in ("easy", "rest")),
            ),
            "heavy_weeks": self.heavy_weeks,
            "warnings": len(self.warnings),
            "clamps": len(self.clamps),
        }

    def sessions_by_phase(self) -> dict[PhaseName, int]:
        return dict(self._once("sessions_by_phase", self._sessions_by_phase))

    def _sessions_by_phase(self) -> dict[PhaseName, int]:
        """Main sessions per phase (what the sessions-a-week controls set; not protocol days)."""
        counts = Counter(s.phase for s in self.main_sessions)
        return {p: counts.get(p, 0) for p in self.season.phases()}
