"""Choosing exercises and doses for a phase block's sessions, within the session's minutes.

Session templates are memoised across plans (the compare screen's variants rebuild the same
splits); `_Budget` records which budgets would choose the same, so a hit is always exact.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple, cast

from ..focus import FOCUS_TITLES, FocusArea
from ..model import BodyArea, Equipment
from .coverage import is_direct
from .dose import Dose, base_dose, dose_type
from .library import (
    COMPOUND_PATTERNS,
    Category,
    DoseType,
    ExerciseRow,
    Library,
    Pattern,
    PhaseName,
    PhaseRow,
    per_library,
)
from .plan_context import _by_area, _Ctx
from .plan_model import Gap, Prescription, SessionTemplate

WARMUP_MIN = 8  # heuristic: minutes of warm-up before the first exercise
TEMPLATES_PER_SPLIT = 2  # templates A and B rotate across the weeks (heuristic)
MAX_ITEMS = {
    PhaseName.off_season: 7,
    PhaseName.pre_season: 6,
    PhaseName.in_season: 4,
    PhaseName.taper: 4,
}

_EQUIPMENT_LEVEL = {e: i for i, e in enumerate(Equipment)}
_ACCESSORY_CATS = tuple(c for c in Category if c is not Category.mobility)


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
    if ctx.no_load and ctx.no_load.intersection(ex.loads):
        return False
    if (
        ex.contraindications
        and ctx.recent_injuries
        and any(c.value in ctx.recent_injuries for c in ex.contraindications)
    ):
        return False
    if ex.category is Category.power and not ctx.plyometrics:
        return False
    if ex.spinal_flexion and ctx.no_spinal_flexion:
        return False  # a bone-health caution: no loaded spinal flexion (beck2017)
    return True


def _cautioned(ex: ExerciseRow, ctx: _Ctx) -> str:
    if not ctx.caution_of:
        return ""
    for area in ex.loads:
        if area in ctx.caution_of:
            return ctx.caution_of[area]
    return ""


def _seconds(sets: int, rest_s: int) -> int:
    return sets * (40 + rest_s) + 60  # heuristic: 40 s of work a set, a minute to set up


def _cost(dose: Dose) -> int:
    return _seconds(dose.sets, dose.rest_s)


# The order of categories for an area's candidates, by whether the emphasis leans to
# injury resilience (True) or performance (False).
_PREFER = {
    resilience: {
        Category.heavy_strength: 0 if not resilience else 1,
        Category.power: 0 if not resilience else 2,
        Category.endurance: 1 if not resilience else 0,
        Category.stability: 1 if not resilience else 0,
        Category.trunk: 1,
        Category.mobility: 3,
    }
    for resilience in (False, True)
}


class _LibTables:
    """What choosing exercises reads from the rules library alone, worked out once per library.

    Start-up work, the same for every runner, so it outlives `clear_memos` (as
    `plan_context._by_area` does): candidate lists sorted once, main-lift orders, the heavy
    compound lifts and each exercise's block dose. The runner's own filters (`allowed`) and
    the split's use counts are applied per plan on top.
    """

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.by_area = _by_area(lib)[0]
        # (area, categories, resilience, level, equipment) -> (id, exercise) within that level
        # and equipment, best fit first
        self.pairs: dict[tuple[Any, ...], list[tuple[str, ExerciseRow]]] = {}
        # (area, resilience, level, equipment) -> main lifts, each with whether it is not a
        # loaded compound lift: loaded ones first, then best fit, then most equipment
        self.mains: dict[tuple[Any, ...], list[tuple[bool, ExerciseRow]]] = {}
        # (level, equipment) -> the heavy compound lifts within them, heaviest equipment first
        self.compound: dict[tuple[int, Equipment], list[ExerciseRow]] = {}
        # Only a jump's dose reads the block's foot contacts (the runner's emphasis moves
        # them): every other dose is the library's, by (block row, phase, high volume).
        self.by_contacts = frozenset(
            ex.id for ex in lib.exercises.values() if dose_type(ex) is DoseType.plyometric
        )
        self.doses: dict[tuple[int, PhaseName, bool], tuple[PhaseRow, dict[str, _Item]]] = {}
        # (exercise id, id(block row), the rule's sources) -> (row, a prescription's sources)
        self.sources: dict[tuple[str, int, tuple[str, ...]], tuple[PhaseRow, str]] = {}
        # The exercises each of the runner's own filters leaves out (see `allowed`).
        self.contraindicated: dict[str, set[str]] = {}
        self.loading: dict[BodyArea, set[str]] = {}
        for ex in lib.exercises.values():
            for c in ex.contraindications:
                self.contraindicated.setdefault(c.value, set()).add(ex.id)
            for a in ex.loads:
                self.loading.setdefault(a, set()).add(ex.id)
        self.jumps = frozenset(e.id for e in lib.exercises.values() if e.category is Category.power)
        self.flexion = frozenset(e.id for e in lib.exercises.values() if e.spinal_flexion)

    def excluded(self, ctx: _Ctx) -> frozenset[str]:
        """The exercises the runner's answers leave out: what `allowed` checks beyond the
        equipment and level, as one set."""
        out: set[str] = set()
        for injury in ctx.recent_injuries:
            out |= self.contraindicated.get(injury, set())
        for area in ctx.no_load:
            out |= self.loading.get(area, set())
        if not ctx.plyometrics:
            out |= self.jumps
        if ctx.no_spinal_flexion:
            out |= self.flexion
        return frozenset(out)

    def pairs_for(
        self,
        area: FocusArea,
        cats: tuple[Category, ...],
        resilience: bool,
        top: int,
        equipment: Equipment,
    ) -> list[tuple[str, ExerciseRow]]:
        """The area's exercises within that level and equipment, best fit first, each with
        its id (an ExerciseRow's attributes are slow to read: a pydantic model)."""
        key = (area, cats, resilience, top, equipment)
        pairs = self.pairs.get(key)
        if pairs is None:
            prefer = _PREFER[resilience]
            most = _EQUIPMENT_LEVEL[equipment]
            ranked = [
                ex
                for ex in self.by_area[area]
                if ex.category in cats
                and ex.activity is None
                and _EQUIPMENT_LEVEL[ex.equipment] <= most
                and ex.level <= top
            ]
            ranked.sort(key=lambda ex: (ex.focus.index(area), prefer[ex.category], top - ex.level))
            pairs = self.pairs[key] = [(ex.id, ex) for ex in ranked]
        return pairs

    def mains_for(
        self, area: FocusArea, resilience: bool, top: int, equipment: Equipment
    ) -> list[tuple[bool, ExerciseRow]]:
        key = (area, resilience, top, equipment)
        mains = self.mains.get(key)
        if mains is None:
            pairs = self.pairs_for(area, _HEAVY, resilience, top, equipment)
            mains = [(dose_type(ex) is not DoseType.compound, ex) for _, ex in pairs]
            mains.sort(
                key=lambda m: (m[0], m[1].focus.index(area), -_EQUIPMENT_LEVEL[m[1].equipment])
            )
            self.mains[key] = mains
        return mains

    def compound_for(self, top: int, equipment: Equipment) -> list[ExerciseRow]:
        key = (top, equipment)
        lifts = self.compound.get(key)
        if lifts is None:
            most = _EQUIPMENT_LEVEL[equipment]
            lifts = [
                ex
                for ex in self.lib.exercises.values()
                if ex.category is Category.heavy_strength
                and ex.pattern in COMPOUND_PATTERNS
                and ex.activity is None
                and _EQUIPMENT_LEVEL[ex.equipment] <= most
                and ex.level <= top
            ]
            lifts.sort(key=lambda ex: -_EQUIPMENT_LEVEL[ex.equipment])
            self.compound[key] = lifts
        return lifts

    def doses_for(self, row: PhaseRow, phase: PhaseName, high_volume: bool) -> dict[str, _Item]:
        """The block's doses by exercise id, each with its prescription's library fields,
        filled as they are asked for."""
        key = (id(row), phase, high_volume)
        hit = self.doses.get(key)
        if hit is None or hit[0] is not row:  # a row not the library's: never a stale hit
            hit = self.doses[key] = (row, {})
        return hit[1]

    def source(self, ex: ExerciseRow, row: PhaseRow, cited: tuple[str, ...]) -> str:
        """A prescription's sources: the exercise's, the rule's that chose it, the block's."""
        key = (ex.id, id(row), cited)
        hit = self.sources.get(key)
        if hit is None or hit[0] is not row:
            if len(self.sources) > 8192:  # rows not the library's (tests) keep it bounded
                self.sources.clear()
            hit = self.sources[key] = (
                row,
                ";".join(dict.fromkeys((*ex.source, *cited, *row.source))),
            )
        return hit[1]


_tables = per_library(_LibTables)


class _Item(NamedTuple):
    """An exercise at a block's dose: what build_session reads of it, worked out once."""

    dose: Dose
    cost: int  # seconds
    # Prescription fields in their order, those of the exercise and dose filled: a prescription
    # copies this and sets the runner's (focus, reason, rule, source, note).
    fields: dict[str, Any]


def _item(ex: ExerciseRow, dose: Dose) -> _Item:
    sets, reps, intensity, rest_s, note, cue = dose
    fields = {
        "exercise_id": ex.id,
        "name": ex.name,
        "category": ex.category,
        "focus": None,
        "sets": sets,
        "reps": reps,
        "intensity": intensity,
        "rest_s": rest_s,
        "reason": "",
        "rule": "",
        "source": "",
        "note": note,
        "cues": ex.cues,
        "load_cue": cue,
        "reps_range": reps,
        "protocol": "",
    }
    return _Item(dose, _seconds(sets, rest_s), fields)


_HEAVY = (Category.heavy_strength,)
_POWER = (Category.power,)


@dataclass
class _Builder:
    ctx: _Ctx
    used: Counter[str] = field(default_factory=Counter)  # exercise use across the split
    ranked_memo: dict[
        tuple[FocusArea, tuple[Category, ...], int | None], list[tuple[str, ExerciseRow]]
    ] = field(default_factory=dict)
    order_memo: dict[int, tuple[list[FocusArea], list[FocusArea], bool, list[FocusArea]]] = field(
        default_factory=dict
    )
    mains_memo: dict[tuple[FocusArea, int | None], list[tuple[bool, ExerciseRow]]] = field(
        default_factory=dict
    )
    # A jump's dose reads the block's foot contacts, which the runner's emphasis moves: kept
    # per plan, by (id(block row), phase, exercise id).
    jump_items: dict[tuple[int, PhaseName, str], _Item] = field(default_factory=dict)
    # Per (role, area): the reason a prescription gives, the rule it cites and its sources.
    cite_memo: dict[tuple[str, FocusArea], tuple[str, str | None, tuple[str, ...]]] = field(
        default_factory=dict
    )
    # Splits built this plan by what choosing reads of their block row (_equal_split): an
    # equal row of the other phase chooses the same exercises (see split_sessions).
    chosen_memo: dict[tuple[Any, ...], tuple[_Budget, list[Any], Counter[str]]] = field(
        default_factory=dict
    )
    tables: _LibTables = field(init=False)
    excluded: frozenset[str] = field(init=False)  # left out by the runner's own filters

    def __post_init__(self) -> None:
        self.tables = _tables(self.ctx.lib)
        self.excluded = self.tables.excluded(self.ctx)

    def _ranked(
        self, area: FocusArea, cats: tuple[Category, ...], max_level: int | None
    ) -> list[tuple[str, ExerciseRow]]:
        """Allowed exercises for an area in best-fit order (the library's list, filtered),
        each with its id."""
        key = (area, cats, max_level)
        pairs = self.ranked_memo.get(key)
        if pairs is None:
            ctx = self.ctx
            pairs = self.tables.pairs_for(
                area, cats, ctx.emphasis > 0.5, max_level or ctx.level, ctx.equipment
            )
            if self.excluded:
                pairs = [p for p in pairs if p[0] not in self.excluded]
            self.ranked_memo[key] = pairs
        return pairs

    def mains(self, area: FocusArea, max_level: int | None) -> list[tuple[bool, ExerciseRow]]:
        """The area's allowed main lifts, each with whether it is not a loaded compound lift."""
        key = (area, max_level)
        mains = self.mains_memo.get(key)
        if mains is None:
            ctx = self.ctx
            mains = self.tables.mains_for(
                area, ctx.emphasis > 0.5, max_level or ctx.level, ctx.equipment
            )
            if self.excluded:
                mains = [m for m in mains if m[1].id not in self.excluded]
            self.mains_memo[key] = mains
        return mains

    def candidates(
        self,
        area: FocusArea,
        cats: tuple[Category, ...],
        max_level: int | None,
        *,
        taken: set[str],
    ) -> list[ExerciseRow]:
        """Allowed exercises for an area, least used in this split first, then best fit."""
        pairs = self._ranked(area, cats, max_level)
        used = self.used
        if not used:
            return [ex for i, ex in pairs if i not in taken]
        # Least used first, the best-fit order kept within a count: the unused ones as they
        # are, then the few used ones by their count (a stable sort).
        fresh: list[ExerciseRow] = []
        again: list[tuple[int, ExerciseRow]] = []
        for i, ex in pairs:
            if i not in taken:
                if i in used:
                    again.append((used[i], ex))
                else:
                    fresh.append(ex)
        if not again:
            return fresh
        again.sort(key=itemgetter(0))
        return fresh + [ex for _, ex in again]

    def order(self, parity: int) -> tuple[list[FocusArea], list[FocusArea], bool, list[FocusArea]]:
        """The ranked areas, the scored ones, whether power work is wanted, and the other
        areas in the order a template of this parity (A: 0, B: 1) takes them."""
        # Read from ctx only, which a builder keeps: the same for every template it builds.
        hit = self.order_memo.get(parity)
        if hit is None:
            ctx = self.ctx
            areas = [a for a, _ in ctx.ranked]
            scored = [a for a, s in ctx.ranked if s > 0] or areas
            accessory_order = _accessory_order(ctx, areas, scored)
            power_rank = areas.index(FocusArea.power)
            wants_power = ctx.emphasis <= 0.75 or power_rank < 3 or FocusArea.bone in ctx.top
            rest = [a for a in accessory_order if a not in ctx.top]
            mine = [a for i, a in enumerate(x for x in rest if x in scored) if i % 2 == parity]
            others = list(dict.fromkeys(mine + rest))
            hit = self.order_memo[parity] = (areas, scored, wants_power, others)
        return hit

    def cites(self, role: str, area: FocusArea) -> tuple[str, str | None, tuple[str, ...]]:
        """The reason, the rule (None: the block's) and the rule's sources of a prescription."""
        hit = self.cite_memo.get((role, area))
        if hit is None:
            rank, score = self.ctx.rank_of[area]
            rule = self.ctx.rule_of.get(area)
            hit = self.cite_memo[(role, area)] = (
                f"{role} for {_TITLE[area]} (focus #{rank}, score {score})",
                rule[0] if rule is not None else None,
                tuple(rule[1]) if rule is not None else (),
            )
        return hit

    def swap_for_caution(self, ex: ExerciseRow, max_level: int | None) -> tuple[ExerciseRow, str]:
        """A caution on an area the exercise loads: heavy and jump work become easier."""
        why = _cautioned(ex, self.ctx)
        if not why:
            return ex, ""
        if ex.category in (Category.heavy_strength, Category.power):
            easier = self.ctx.lib.exercises.get(ex.easier)
            # A jump's easier jump often loads the same area: walk on to one that does not.
            seen = {ex.id}
            while (
                easier is not None
                and ex.category is Category.power
                and easier.category is Category.power
                and _cautioned(easier, self.ctx)
                and easier.id not in seen
            ):
                seen.add(easier.id)
                easier = self.ctx.lib.exercises.get(easier.easier)
            if easier is not None and allowed(easier, self.ctx, max_level=max_level):
                return easier, f"easier variant instead of {ex.name}: {why}"
            return ex, f"drop: {why}"
        return ex, f"one set fewer: {why}"


def monitor_note(ex: ExerciseRow, ctx: _Ctx) -> str:
    """The pain-monitoring rule on an exercise that loads an area whose pain settles."""
    if not ctx.pain_monitor:
        return ""
    return next((ctx.pain_monitor[a] for a in ex.loads if a in ctx.pain_monitor), "")


def weaker_note(ex: ExerciseRow, reps: str, ctx: _Ctx) -> str:
    """The extra set on the weaker side, for unilateral work of an area whose test differed."""
    if not ctx.weaker:
        return ""
    unit = "leg" if "per leg" in reps else ("side" if "per side" in reps else "")
    if not unit:
        return ""
    weaker = ctx.weaker
    for a in ex.focus[:2]:
        if a in weaker:
            side = weaker[a]
            if not side:
                return ""
            return f"+1 set on your {side} {unit}; based on one home test, retest to confirm"
    return ""


def _prescription(
    ex: ExerciseRow,
    area: FocusArea,
    row: PhaseRow,
    phase: PhaseName,
    builder: _Builder,
    role: str,
    item: _Item,
    sets: int,
    caution: str,
) -> Prescription:
    ctx = builder.ctx
    note = item.dose.note
    if caution or note or ctx.pain_monitor or ctx.weaker:
        notes = [n for n in (caution, note) if n]
        monitor = monitor_note(ex, ctx)
        if monitor:
            notes.append(monitor)
        extra = weaker_note(ex, item.dose.reps, ctx)
        if extra:
            notes.append(extra)
        note = "; ".join(notes)
    reason, rule_id, cited = builder.cites(role, area)
    # The library's fields come filled (_Item.fields); only the runner's are set here. Into
    # the instance's own __dict__ (as plan_model.copy_with does): it shares its keys with
    # every Prescription, which later copies and reads are faster on than a plain dict.
    p = object.__new__(Prescription)
    fields = p.__dict__
    fields.update(item.fields)
    fields["focus"] = area
    fields["sets"] = sets
    fields["reason"] = reason
    fields["rule"] = rule_id if rule_id is not None else f"phase:{phase.value}/{row.block}"
    fields["source"] = builder.tables.source(ex, row, cited)
    fields["note"] = note
    return p


_TITLE = {a: t.lower() for a, t in FOCUS_TITLES.items()}


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
            if need > self.lo:
                self.lo = need
            return True
        if need < self.hi:
            self.hi = need
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


def _budget_seconds(ctx: _Ctx, light: bool) -> int:
    return (min(ctx.minutes, 30) if light else ctx.minutes) * 60 - WARMUP_MIN * 60


def split_sessions(
    ctx: _Ctx, builder: _Builder, row: PhaseRow, phase: PhaseName, n: int
) -> tuple[SessionTemplate, ...]:
    """Templates A and B of a phase block (always two, so weeks rotate them).

    `n` is the sessions a week the split aims for: at one a week, each template keeps both a
    squat and a hinge main lift (maintenance trains every main pattern weekly: ronnestad2010).
    """
    # The row belongs to the library, which the key holds (ctx.template_inputs): its id is its.
    key = (ctx.template_inputs, phase, id(row), n)
    seconds = _budget_seconds(ctx, light=False)
    hit = _TEMPLATES.get(key, seconds)
    if hit is not None:
        return cast(tuple[SessionTemplate, ...], hit)
    title = f"{phase.value}, {row.block}"
    equal = _equal_split(phase, row, n)
    done = builder.chosen_memo.get(equal) if equal is not None else None
    if done is not None:
        replayed = _replay(builder, row, phase, title, *done)
        if replayed is not None:
            _TEMPLATES.put(key, done[0], replayed)
            return replayed
    budget = _Budget(seconds)
    builder.used.clear()
    log: list[Any] | None = [] if equal is not None else None
    templates = tuple(
        build_session(
            ctx,
            builder,
            row,
            phase,
            "AB"[i],
            f"Session {'AB'[i]} ({title})",
            index=i,
            budget=budget,
            both_main=n <= 1,
            log=log,
        )
        for i in range(TEMPLATES_PER_SPLIT)
    )
    if equal is not None and log is not None:
        builder.chosen_memo[equal] = (budget, log, Counter(builder.used))
    _TEMPLATES.put(key, budget, templates)
    return templates


def _equal_split(phase: PhaseName, row: PhaseRow, n: int) -> tuple[Any, ...] | None:
    """What choosing a split's exercises reads of its block row, for the off- and pre-season.

    Their doses differ only in the intensity and load cue (dose.base_dose: a compound lift
    takes the row's sets, reps and rest; a jump its contacts; the rest the library's, the same
    outside the season), and the phase's item cap is checked by build_session's log. So an
    off-season and a pre-season block with these equal choose the same exercises, sets,
    minutes and gaps: the second split is rebuilt from the first's choices (a runner at 6-24
    months or under 6 months of lifting has both).
    """
    if phase is not PhaseName.off_season and phase is not PhaseName.pre_season:
        return None
    # n only as build_session reads it: whether both main patterns go in each template
    return (row.block, row.sets, row.reps, row.rest_s, row.plyo_contacts, n <= 1)


def _replay(
    builder: _Builder,
    row: PhaseRow,
    phase: PhaseName,
    title: str,
    budget: _Budget,
    log: list[Any],
    used: Counter[str],
) -> tuple[SessionTemplate, ...] | None:
    """The split's templates from another phase's equal split's choices, at this row's dose;
    None when this phase's item cap would have chosen differently."""
    cap = MAX_ITEMS[phase]
    if any(not lo < cap <= hi for *_, lo, hi in log):
        return None
    ctx = builder.ctx
    contacts = foot_contacts(row, ctx)
    templates = []
    for i, (recipe, minutes, gaps, _, _) in enumerate(log):
        items = tuple(
            _prescription(
                ex,
                area,
                row,
                phase,
                builder,
                role,
                _item_at(builder, ex, row, phase, contacts),
                sets,
                caution,
            )
            for ex, area, role, sets, caution in recipe
        )
        k = "AB"[i]
        templates.append(
            SessionTemplate(
                key=k,
                title=f"Session {k} ({title})",
                items=items,
                minutes=minutes,
                heavy=True,
                gaps=gaps,
            )
        )
    builder.used.clear()
    builder.used.update(used)
    return tuple(templates)


def foot_contacts(row: PhaseRow, ctx: _Ctx) -> int:
    """The block's foot contacts for this runner: up to 1.3x with a performance emphasis,
    down to 0.5x with a resilience one (heuristic)."""
    return round(row.plyo_contacts * min(1.3, max(0.5, 1.5 - ctx.emphasis)))


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
    both_main: bool = False,
    log: list[Any] | None = None,
) -> SessionTemplate:
    """One session: main lift(s), direct work for the top areas, jumps, then the other areas.

    The top three areas come before jumps and the other areas and are not limited by the
    phase's item count (only by the minutes); lower-ranked scored areas alternate between
    templates A and B, so each appears at least every second session.
    """
    lib = ctx.lib
    max_level = 1 if row.block == "competency" or light else None
    if budget is None:
        budget = _Budget(_budget_seconds(ctx, light))
    max_items = MAX_ITEMS[PhaseName.taper if light else phase]
    items: list[Prescription] = []
    chosen: list[tuple[ExerciseRow, str]] = []  # each item's exercise and reps, in step
    taken: set[str] = set()
    covered: set[FocusArea] = set()
    spent = 0
    contacts = foot_contacts(row, ctx)
    gaps: list[Gap] = []
    recipe: list[tuple[ExerciseRow, FocusArea, str, int, str]] = []  # how each item was chosen
    # The item counts the phase's item cap was checked at: any cap in (cap_lo, cap_hi] chooses
    # the same (see _equal_split).
    cap_lo, cap_hi = -1, math.inf

    doses = builder.tables.doses_for(row, phase, ctx.high_volume)

    def item_of(ex: ExerciseRow) -> _Item:
        item = doses.get(ex.id)
        if item is None:
            item = _item_at(builder, ex, row, phase, contacts)
        return item

    def dose_of(ex: ExerciseRow) -> Dose:
        return item_of(ex).dose

    cautions = bool(ctx.caution_of)

    def add(
        ex: ExerciseRow,
        area: FocusArea,
        role: str,
        *,
        need: FocusArea | None = None,
        instead: str = "",
    ) -> bool:
        nonlocal spent
        original = ex
        if cautions:
            ex, caution = builder.swap_for_caution(ex, max_level)
            caution = caution or instead
            if caution.startswith("drop"):
                taken.add(original.id)
                return False
        else:
            caution = instead
        if ex.id in taken:
            taken.add(original.id)
            return False
        if light and ex.equipment is not Equipment.none:
            return False
        item = item_of(ex)
        dose = item.dose
        sets, cost = dose.sets, item.cost
        if cautions and caution.startswith("one set fewer"):
            sets = max(1, sets - 1)
            cost = _seconds(sets, dose.rest_s)
        if items and spent + cost >= budget.hi:
            return False  # known not to fit: budget.fits would answer no and learn nothing
        if need is not None and not is_direct(ex, need, dose.reps, lib, ctx.equipment):
            return False
        if items and not budget.fits(spent + cost):
            return False
        items.append(_prescription(ex, area, row, phase, builder, role, item, sets, caution))
        recipe.append((ex, area, role, sets, caution))
        chosen.append((ex, dose.reps))
        spent += cost
        taken.update({ex.id, original.id})
        covered.add(area)
        builder.used[ex.id] += 1
        return True

    def has_direct(area: FocusArea) -> bool:
        for ex, reps in chosen:
            if is_direct(ex, area, reps, lib, ctx.equipment):
                return True
        return False

    areas, scored, wants_power, others = builder.order(index % 2)
    jumps_ok = row.plyo_contacts > 0 and ctx.plyometrics and wants_power and not light

    # 1. the main lift: a big lower-body lift (eihara2022), squat and hinge in turn; both at
    # one session a week
    big = [a for a in areas if a in (FocusArea.quadriceps, FocusArea.posterior_chain)]
    big = big[index % 2 :] + big[: index % 2]
    for area in big + scored + areas:
        cands = _main_lifts(builder, area, max_level, taken, light)
        fit = _MAIN_FIT.get(area)
        if fit is not None:  # a leg press is not the posterior chain's main lift
            cands = [c for c in cands if c.pattern in fit]
        if cands and add(cands[0], area, "Main lift"):
            break
    # 2. direct work for each top area (not limited by the item count)
    for area in ctx.top:
        if light or has_direct(area):
            continue
        cands = builder.candidates(area, _ACCESSORY_CATS, max_level, taken=taken)
        if both_main and area in big:  # its main lift serves as the second main lift too
            want = _MAIN_PATTERN[area]
            mains = [
                c for c in _main_lifts(builder, area, max_level, taken, light) if c.pattern in want
            ]
            if any(add(ex, area, "Main lift", need=area) for ex in mains):
                continue
        if area is FocusArea.bone:
            cands = _bone_candidates(builder, max_level, taken) + cands
        if not jumps_ok:
            cands = [c for c in cands if c.category is not Category.power]
        if not _add_first(
            cands,
            lambda ex, why, area=area: add(ex, area, "Focus work", need=area, instead=why),
            ctx,
        ):
            gaps.append(_gap(ctx, builder, row, area, cands, jumps_ok, budget, spent, dose_of))
    gaps = _minutes_that_fit(gaps, spent)
    # 2b. at one session a week, the other main pattern too (after the top areas: they come
    # first when minutes are short)
    if both_main and not light:
        main_patterns = {
            lib.exercises[p.exercise_id].pattern for p in items if p.reason.startswith("Main")
        }
        for area in big:
            want = _MAIN_PATTERN[area]
            if want & main_patterns:
                continue
            cands = [
                c for c in _main_lifts(builder, area, max_level, taken, light) if c.pattern in want
            ]
            if cands and add(cands[0], area, "Main lift"):
                break
    # 3. jumps, when the block has foot contacts and the emphasis or focus wants them
    if jumps_ok and not any(p.category is Category.power for p in items):
        cands = builder.candidates(FocusArea.power, _POWER, max_level, taken=taken)
        if cands:
            # A jump loading a cautioned area gives way to one that does not, said in its note.
            first = cands[0]
            why = _cautioned(first, ctx)
            alt = next((c for c in cands if not _cautioned(c, ctx)), None) if why else None
            if alt is not None:
                add(alt, FocusArea.power, "Power work", instead=f"instead of {first.name}: {why}")
            else:
                add(first, FocusArea.power, "Power work")
    # 4. the other ranked areas, each once: this template's half of the scored ones first
    eq = ctx.equipment
    for area in others:
        # nothing more fits in 2.5 min; an empty session still takes its first exercise
        if len(items) >= max_items:
            cap_hi = min(cap_hi, len(items))
            break
        cap_lo = max(cap_lo, len(items))
        if items and not budget.fits(spent + 150):
            break
        if area in covered:
            continue
        for ex in builder.candidates(area, _ACCESSORY_CATS, max_level, taken=taken):
            if ex.category is Category.power and not jumps_ok:
                continue
            if cautions and _cautioned(ex, ctx):
                continue  # lower-ranked work does not add load on a cautioned area
            if area is FocusArea.bone and not is_direct(ex, area, dose_of(ex).reps, lib, eq):
                continue  # a bodyweight box squat is no bone loading: not labelled as one
            if add(ex, area, "Focus work"):
                break
    minutes = WARMUP_MIN + round(spent / 60)
    # Main lifts first, then jumps (fresh legs), then the rest in the order chosen.
    items.sort(
        key=lambda p: (
            0 if p.reason.startswith("Main") else (1 if p.category is Category.power else 2)
        )
    )
    if log is not None:
        order = sorted(range(len(recipe)), key=lambda i: _item_rank(recipe[i]))
        log.append(([recipe[i] for i in order], minutes, tuple(gaps), cap_lo, cap_hi))
    return SessionTemplate(
        key=key,
        title=title,
        items=tuple(items),
        minutes=minutes,
        heavy=not light,
        gaps=tuple(gaps),
    )


def _item_rank(r: tuple[ExerciseRow, FocusArea, str, int, str]) -> int:
    """build_session's order of items (main lifts, jumps, the rest), read from a recipe."""
    return 0 if r[2].startswith("Main") else (1 if r[0].category is Category.power else 2)


def _item_at(
    builder: _Builder, ex: ExerciseRow, row: PhaseRow, phase: PhaseName, contacts: int
) -> _Item:
    """An exercise at the block's dose, kept: per library, or per plan for a jump."""
    tables = builder.tables
    ctx = builder.ctx
    doses = tables.doses_for(row, phase, ctx.high_volume)
    item = doses.get(ex.id)
    if item is not None:
        return item
    jump_key = (id(row), phase, ex.id)
    item = builder.jump_items.get(jump_key)
    if item is None:
        item = _item(ex, base_dose(ctx.lib, ex, row, phase, contacts, high_volume=ctx.high_volume))
        if ex.id in tables.by_contacts:
            builder.jump_items[jump_key] = item
        else:
            doses[ex.id] = item
    return item


def _add_first(cands: list[ExerciseRow], add: Any, ctx: _Ctx | None = None) -> bool:
    """Add the first candidate that fits; one taken after a cautioned one says so in its note."""
    skipped = ""
    for ex in cands:
        if add(ex, skipped):
            return True
        if not skipped:
            why = _cautioned(ex, ctx) if ctx is not None else ""
            skipped = f"instead of {ex.name}: {why}" if why else ""
    return False


_MAIN_PATTERN = {
    FocusArea.posterior_chain: frozenset({Pattern.hinge}),
    FocusArea.quadriceps: frozenset({Pattern.squat, Pattern.lunge}),
}
# The patterns a big area's main lift may have: direct work for it (the definition: a
# hinge or bridge for the posterior chain), so a squat-pattern row whose second focus is the
# posterior chain is never its "Main lift" (where no hinge fits, the session's main lift is
# the quadriceps' and the posterior chain gets its bridge as focus work).
_MAIN_FIT = {
    FocusArea.posterior_chain: frozenset({Pattern.hinge, Pattern.bridge}),
    FocusArea.quadriceps: frozenset({Pattern.squat, Pattern.lunge}),
}


def _bone_candidates(
    builder: _Builder, max_level: int | None, taken: set[str]
) -> list[ExerciseRow]:
    """Loaded compound lifts (heaviest equipment first) and jumps: the bone-loading options."""
    ctx = builder.ctx
    excluded = builder.excluded
    lifts = [
        ex
        for ex in builder.tables.compound_for(max_level or ctx.level, ctx.equipment)
        if ex.id not in taken and ex.id not in excluded
    ]
    jumps = builder.candidates(FocusArea.power, _POWER, max_level, taken=taken)
    return lifts + [j for j in jumps if j.pattern is Pattern.jump]


def _minutes_that_fit(gaps: list[Gap], spent: int) -> list[Gap]:
    """One minutes figure for every gap the minutes cause: room for all of them at once."""
    extra = [g.fix[1] for g in gaps if g.fix and g.fix[0] == "seconds"]
    if not extra:
        return gaps
    minutes = min(180, WARMUP_MIN + math.ceil((spent + sum(extra)) / 60) + 1)
    return [
        Gap(g.area, g.why, f"Sessions of {minutes} minutes would.", ("minutes", minutes))
        if g.fix and g.fix[0] == "seconds"
        else g
        for g in gaps
    ]


def _gap(
    ctx: _Ctx,
    builder: _Builder,
    row: PhaseRow,
    area: FocusArea,
    cands: list[ExerciseRow],
    jumps_ok: bool,
    budget: _Budget,
    spent: int,
    dose_of: Any,
) -> Gap:
    """Why no direct work for a top area fits this template, and the change that would."""
    lib = ctx.lib
    fitting = []  # what add() would have taken, had the minutes allowed
    for ex in cands:
        swapped, caution = builder.swap_for_caution(ex, None if row.block != "competency" else 1)
        if caution.startswith("drop"):
            continue
        if is_direct(swapped, area, dose_of(swapped).reps, lib, ctx.equipment):
            fitting.append(swapped)
    if fitting:
        cost = min(_seconds(dose_of(ex).sets, dose_of(ex).rest_s) for ex in fitting)
        # Not the runner's minutes: the template memo shares this across a range of budgets.
        # ("seconds", cost) becomes ("minutes", m) once every gap is known (_minutes_that_fit).
        return Gap(area, "the session's minutes cannot hold it", "", ("seconds", cost))
    wants_jump = area in (FocusArea.power, FocusArea.bone)
    if wants_jump and row.plyo_contacts == 0:
        return Gap(
            area,
            "the learning block has no jumps or heavy lifts yet",
            "It starts with the next block.",
        )
    if wants_jump and not ctx.plyometrics:
        return Gap(
            area,
            "plyometrics are switched off",
            "Switching jumps back on would fit it.",
            ("plyometrics", True),
        )
    max_level = 1 if row.block == "competency" else ctx.level
    mine = _EQUIPMENT_LEVEL[ctx.equipment]
    for eq in Equipment:
        if _EQUIPMENT_LEVEL[eq] <= mine:
            continue
        # What build_session would take with that equipment: new to the runner (an exercise
        # they can already do is not held back by equipment), no mobility (never direct work).
        more = [
            ex
            for ex in lib.exercises.values()
            if ex.activity is None
            and mine < _EQUIPMENT_LEVEL[ex.equipment] <= _EQUIPMENT_LEVEL[eq]
            and ex.category is not Category.mobility
            and ex.level <= max_level
            and not ctx.no_load.intersection(ex.loads)
            and not any(c.value in ctx.recent_injuries for c in ex.contraindications)
            and (jumps_ok or ex.category is not Category.power)
            and not (
                _cautioned(ex, ctx) and ex.category in (Category.heavy_strength, Category.power)
            )
            and is_direct(ex, area, dose_of(ex).reps, lib, eq)
        ]
        if more:
            what = {
                Equipment.bands: "bands",
                Equipment.dumbbells: "dumbbells",
                Equipment.gym: "a gym",
            }[eq]
            why = f"no exercise for it fits your equipment ({ctx.equipment.value})"
            # Through the budget, so the template memo's range stays exact.
            fits = [ex for ex in more if budget.fits(spent + _cost(dose_of(ex)))]
            if fits:
                change = f"With {what} it would fit ({fits[0].name})."
                return Gap(area, why, change, ("equipment", eq.value))
            # Two changes: no one control restores it, so no fix to apply alone.
            return Gap(area, why, f"With {what} and longer sessions it would fit ({more[0].name}).")
    return Gap(
        area,
        "no exercise for it suits your recent injuries, the areas you asked not to load, "
        "your experience or this block",
        "A physiotherapist can tell you when it is safe to add.",
    )


def _main_lifts(
    builder: _Builder, area: FocusArea, max_level: int | None, taken: set[str], light: bool
) -> list[ExerciseRow]:
    """Main-lift candidates for an area: a loaded lift (not a band or bodyweight one) first,
    then least used, then best fit, then most equipment."""
    mains = builder.mains(area, max_level)
    if light:
        mains = [m for m in mains if m[1].equipment is Equipment.none]
    if not builder.used:
        return [ex for _, ex in mains if ex.id not in taken]
    used = builder.used.get
    ordered = [m for m in mains if m[1].id not in taken]
    ordered.sort(key=lambda m: (m[0], used(m[1].id, 0)))  # stable: the library's order within
    return [ex for _, ex in ordered]


def _accessory_order(ctx: _Ctx, areas: list[FocusArea], scored: list[FocusArea]) -> list[FocusArea]:
    """Scored areas first; areas a substitute activity (power yoga, climbing) covers go last."""
    accessory_order = [a for a in scored if a not in ctx.covered] + [
        a for a in areas if a not in scored or a in ctx.covered
    ]
    return list(dict.fromkeys(accessory_order))
