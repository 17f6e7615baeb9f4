"""Condition protocols (rules/protocols.csv) chosen for a runner and placed on their season.

Protocol work is its own kind (rehab): it joins a day's strength session, or takes an easy or
rest day after the run (a session of key "R"), never a race day, an unavailable day or the day
before a hard run, long run or race (the day rules of placement.py). Its ramp is a sequence of
sessions: when fewer days fit than a week asks, the next week carries on where it stopped, so
the ramp spreads over more weeks instead of skipping doses. Taper and light days (the 3 days
before a B or C race) repeat the previous dose with bodyweight only. Doses are built once per
plan, one tuple of prescriptions per (protocol, step, bodyweight).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter, itemgetter

from ..model import WEEKDAYS, Assessment, Equipment, Priority, RunType
from .dose import load_cue
from .downhill import PROTOCOL as DOWNHILL
from .downhill import downhill_note
from .library import Library, PhaseName, per_library
from .placement import _Day, _week_phase
from .plan_context import _Ctx
from .plan_model import REHAB_KEY, PlannedSession, Prescription, copy_with
from .protocol_table import Protocol, Stage, Step
from .season import Season, week_spans
from .sessions import WARMUP_MIN, _seconds, weaker_note

_Items = tuple[Prescription, ...]
REHAB_BLOCK = "rehab"
MAX_PROTOCOLS = 2  # heuristic: at most two protocols run at once
_LIGHT_KEYS = ("L",)
_ONE_DAY = timedelta(days=1)
JOIN_NOTE = "Protocol work joins this session."
_RUN_RANK = {"easy": 1, "rest": 2}  # after strength days, _pick prefers hard/long, easy, rest
_BY_DATE = attrgetter("d")
_DATE = attrgetter("date")
_PHASE = attrgetter("phase")
_EXERCISE = attrgetter("exercise_id")
_DOSE = itemgetter(2)
_TAPER = PhaseName.taper  # enum members read per week and per day: looked up once
_SEASON_PHASES = (PhaseName.in_season, PhaseName.taper)
_RM = re.compile(r"(\d+)RM")  # a repetition-maximum intensity ("6RM")
PLACEMENT_NOTE = (
    "Protocol (rehab) work joins a strength session, or goes on an easy or rest day after the "
    "run; never on a race day, a day you marked unavailable, or the day before a hard run, "
    "long run or race. Before a hard run only that day before is kept clear: a relaxation of "
    "the 48 hours from any key run in the Nordic evidence, so the ramps can be placed "
    "(heuristic). In the taper and the 3 days before a B or C race: bodyweight only, the "
    "previous week's dose."
)


@dataclass
class _Chosen:
    p: Protocol
    pain_now: bool
    recency: float  # months since the injury (0 for pain now; inf for races and unknown)
    order: int
    exercises: tuple[tuple[int, str], ...]  # (index in the cell, exercise id) that are allowed
    bodyweight: tuple[tuple[int, str], ...]
    dropped: tuple[str, ...] = ()


@dataclass
class _Placed:
    """What placing one protocol gave: (date, step, bodyweight) per session, and its story."""

    sessions: list[tuple[_Day, Step, bool]] = field(default_factory=list)
    ramp_weeks: list[int] = field(default_factory=list)  # calendar weeks with ramp sessions
    short_weeks: list[int] = field(default_factory=list)
    left: int = 0  # protocol weeks of the ramp not done when the season ends
    finished: int | None = None  # the calendar week after its last ramp session (ramp-only)
    first_week: int | None = None


def _match(p: Protocol, a: Assessment, season: Season) -> tuple[bool, float] | None:
    """(pain now, months since) when the runner meets the trigger; None when not."""
    h = a.health
    hits: list[tuple[bool, float]] = []
    for t in p.trigger:
        if t.kind == "injury":
            for i in h.injuries:
                if i.type.value != t.what:
                    continue
                if t.months is None or i.months_since is None or i.months_since <= t.months:
                    hits.append((False, math.inf if i.months_since is None else i.months_since))
        elif t.kind == "pain":
            pain = h.current_pain or 0
            if pain > 0 and t.what in {x.value for x in h.pain_areas}:
                if t.max_pain is None or (pain <= t.max_pain and h.pain_settles_by_morning):
                    hits.append((True, 0.0))
        else:
            for r in season.races:
                if r.priority not in (Priority.A, Priority.B):
                    continue
                value = r.type.value if t.kind == "race" else r.terrain.value
                if value == t.what:
                    hits.append((False, math.inf))
    if not hits:
        return None
    return min(hits, key=lambda h: (not h[0], h[1]))


def _usable(p: Protocol, equipment: Equipment, ctx: _Ctx) -> tuple[tuple[int, str], ...]:
    """A cell's exercises that pass the contraindications and areas not to load.

    The protocol overrides the level filter for its own exercises, never these two.
    """
    out = []
    for i, eid in enumerate(p.exercises[equipment]):
        ex = ctx.lib.exercises[eid]
        if ctx.no_load.intersection(ex.loads):
            continue
        if any(c.value in ctx.recent_injuries for c in ex.contraindications):
            continue
        out.append((i, eid))
    return tuple(out)


def chosen(ctx: _Ctx, season: Season) -> list[_Chosen]:
    """Every protocol the runner's answers trigger, in priority order.

    Pain now first, then the most recent injury, then table order (heuristic).
    """
    out: list[_Chosen] = []
    for order, p in enumerate(ctx.lib.protocols):
        hit = _match(p, ctx.assessment, season)
        if hit is None:
            continue
        usable = _usable(p, ctx.equipment, ctx)
        bodyweight = _usable(p, Equipment.none, ctx)
        dropped = tuple(
            ctx.lib.exercises[e].name
            for e in p.exercises[ctx.equipment]
            if e not in {x for _, x in usable}
        )
        out.append(_Chosen(p, hit[0], hit[1], order, usable, bodyweight, dropped))
    out.sort(key=lambda c: (not c.pain_now, c.recency, c.order))
    return out


class _Days:
    """The season's day facts a protocol reads: runs, races, the A race."""

    def __init__(self, a: Assessment, season: Season, days: Sequence[_Day]):
        self.days = days
        self.races = {r.date for r in season.races}
        self.a_race = season.a_race.date if season.a_race else None
        self.runs = [(a.goals.week[wd].run or RunType.rest).value for wd in WEEKDAYS]
        self._by_date: dict[date, _Day] | None = None  # built when a protocol first asks

    def run_on(self, d: date) -> str:
        if self._by_date is None:
            self._by_date = {x.d: x for x in self.days}
        x = self._by_date.get(d)
        return x.run if x else self.runs[d.weekday()]

    def clear_before(self, d: date, n: int) -> bool:
        """No race and no long run in the n days after d."""
        for k in range(1, n + 1):
            later = d + timedelta(days=k)
            if later in self.races or self.run_on(later) == "long":
                return False
        return True


# A calendar week as _place_one reads it: its phase (that of its non-taper days), whether it
# has taper days, and the days protocol work may go on before any protocol's own limits, each
# in date order and in _pick's order (strength days first, then hard or long, easy, rest; by
# date within): strength days, the same ranked; strength/easy/rest days, the same ranked.
_Week = tuple[PhaseName, bool, list[_Day], list[_Day], list[_Day], list[_Day]]


def _week(wdays: Sequence[_Day], main: dict[date, PlannedSession]) -> _Week:
    """One pass over a week's days, shared by every protocol placed (what _ok asks of every
    protocol alike: not blocked; a strength day, or an easy or rest day)."""
    phases = list(map(_PHASE, wdays))  # a list: an enum member's hash is Python code
    phase = phases[0]
    if phases.count(phase) == len(phases):  # the usual week: one phase (taper is its own)
        taper = phase is _TAPER
    else:
        taper = _TAPER in phases
        phase = _week_phase([x for x in wdays if x.phase is not _TAPER] if taper else wdays)
    mains: list[_Day] = []
    base: list[_Day] = []
    ranks: tuple[list[_Day], ...] = ([], [], [], [], [])  # main rank 0-2, easy, rest
    rank = _RUN_RANK
    for x in wdays:
        if x.blocked:
            continue
        if x.d in main:
            mains.append(x)
            ranks[rank.get(x.run, 0)].append(x)
        elif x.run == "easy":
            ranks[3].append(x)
        elif x.run == "rest":
            ranks[4].append(x)
        else:
            continue
        base.append(x)
    a, b, c, easy, rest = ranks
    top = a + b + c if b or c else a
    return phase, taper, mains, top, base, top + easy + rest


def _pick(
    cands: Sequence[_Day], ranked: Sequence[_Day], n: int, last: date | None
) -> Sequence[_Day]:
    """Up to n days, never two of one protocol in a row: strength days first, then by date.
    `ranked`: the candidates in that order (strength days first, then hard/long, easy, rest)."""
    if n <= 0 or not cands:
        return ()
    if len(cands) <= n and _apart(cands, last):  # greedy would take every one, by date
        return cands
    first = _greedy(ranked, n, last)
    if len(first) < n:
        by_date = _greedy(cands, n, last)
        if len(by_date) > len(first):
            first = by_date
    return sorted(first, key=_BY_DATE)


def _greedy(order: Sequence[_Day], n: int, last: date | None) -> list[_Day]:
    """The first n days in `order` that are not the day after `last` nor next to a pick."""
    picks: list[_Day] = []
    taken: set[date] = set()
    for x in order:
        if len(picks) >= n:
            break
        before = x.d - _ONE_DAY
        if last == before or before in taken or x.d + _ONE_DAY in taken:
            continue
        picks.append(x)
        taken.add(x.d)
    return picks


def _ok(
    x: _Day,
    p: Protocol,
    facts: _Days,
    each: bool,
    started: bool,
    no_start: tuple[date, date] | None,
    stop_after: date | None,
) -> bool:
    """Whether protocol p's own limits allow day x (one of _week's days). `no_start`: the
    days (after, up to) it may not start on; `stop_after`: the last day it may run on."""
    if not started and no_start is not None and no_start[0] < x.d <= no_start[1]:
        return False
    if each:
        return True
    if p.keep_clear_days > 1 and not facts.clear_before(x.d, p.keep_clear_days):
        return False
    if stop_after is not None and x.d > stop_after:
        return False
    return True


def _apart(cands: Sequence[_Day], last: date | None) -> bool:
    """Whether the days (in date order) are none the day after another, nor after `last`."""
    before = last
    for x in cands:
        if before is not None and (x.d - before).days <= 1:
            return False
        before = x.d
    return True


def _expand(steps: Sequence[Step]) -> list[Step]:
    """A ramp as its sessions: each week's step repeated as often as it asks."""
    out: list[Step] = []
    for s in steps:
        out += [s] * (s.sessions if isinstance(s.sessions, int) else 1)
    return out


def _place_one(
    p: Protocol,
    start_wk: int,
    season: Season,
    by_week: Sequence[tuple[int, Sequence[_Day]]],
    main: dict[date, PlannedSession],
    facts: _Days,
    weeks: list[_Week | None],
) -> _Placed:
    ramp = _expand(p.ramp)
    start = _expand(p.in_season_start)
    i = j = 0
    in_season_start: bool | None = None
    last: date | None = None
    prev: Step | None = None
    out = _Placed()
    a_race = facts.a_race
    no_start = stop_after = None
    if a_race is not None and p.no_start_days_before_a:
        no_start = (a_race - timedelta(days=p.no_start_days_before_a), a_race)
    if a_race is not None and p.stop_days_before_a:
        stop_after = a_race - timedelta(days=p.stop_days_before_a)
    for w, (wk, wdays) in enumerate(by_week):
        if wk < start_wk:
            continue
        week = weeks[w]
        if week is None:
            week = weeks[w] = _week(wdays, main)
        phase, has_taper, mains, mains_ranked, days_ok, days_ranked = week
        season_week = p.in_season is not None and phase in _SEASON_PHASES
        if in_season_start is None:
            in_season_start = season_week
        if season_week and in_season_start and j < len(start):
            mode, step = "start", start[j]
        elif season_week:
            assert p.in_season is not None
            mode, step = "in", p.in_season
        elif i < len(ramp):
            mode, step = "ramp", ramp[i]
        elif p.after is not None:
            mode, step = "after", p.after
        else:
            break
        each = step.sessions == "each"
        started = bool(out.sessions)
        cands, ranked = (mains, mains_ranked) if each else (days_ok, days_ranked)
        # This protocol's own limits, where they can bite (most weeks: none).
        if (
            (not started and no_start is not None)
            or (not each and p.keep_clear_days > 1)
            or (not each and stop_after is not None and wdays[-1].d > stop_after)
        ):
            limits = (p, facts, each, started, no_start, stop_after)
            cands = [x for x in cands if _ok(x, *limits)]
            ranked = [x for x in ranked if _ok(x, *limits)]
        n = len(cands) if each else int(step.sessions)
        picks = _pick(cands, ranked, n, last)
        full = 0
        for x in picks:
            s = main.get(x.d)
            if x.phase is _TAPER or x.light_only or (s is not None and s.key in _LIGHT_KEYS):
                out.sessions.append((x, prev or step, True))
                continue
            if mode == "ramp":
                if i >= len(ramp):
                    break
                step = ramp[i]
                i += 1
                out.ramp_weeks.append(wk)
            elif mode == "start":
                if j >= len(start):
                    break
                step = start[j]
                j += 1
            out.sessions.append((x, step, False))
            prev = step
            full += 1
        if out.first_week is None and out.sessions:
            out.first_week = wk
        if mode in ("ramp", "start") and full < n and not has_taper:
            out.short_weeks.append(wk)
        if picks:
            last = picks[-1].d
        if mode == "ramp" and i >= len(ramp) and p.after is None and out.finished is None:
            out.finished = wk + 1
    if i < len(ramp) and ramp and (p.in_season is None or not in_season_start):
        out.left = len(p.ramp) - ramp[i].week + 1
    return out


# A protocol step's prescription of one exercise: the rules library's data alone, so kept per
# library (start-up work, like the ladders); with a weaker-side note, by the note's text too.
_ItemKey = tuple[str, int, bool, int, str] | tuple[str, int, bool, int, str, str]


@per_library
def _library_items(lib: Library) -> dict[_ItemKey, Prescription]:
    return {}


def _dose(c: _Chosen, step: Step, bodyweight: bool, ctx: _Ctx) -> _Items:
    """A step's prescriptions: place builds them once per plan and (step, bodyweight), so one
    tuple stands for the dose (_merge keys its joins by the tuple's id)."""
    made = _library_items(ctx.lib)
    items = []
    for idx, eid in c.bodyweight if bodyweight else c.exercises:
        at = (c.p.id, id(step), bodyweight, idx, eid)
        item = made.get(at)
        if item is None:
            item = made[at] = _item(c.p, step, bodyweight, idx, eid, ctx.lib)
        weaker = weaker_note(ctx.lib.exercises[eid], item.reps, ctx) if ctx.weaker else ""
        if weaker:  # one of a few sides and units: kept by its text, like the item
            noted = made.get((*at, weaker))
            if noted is None:
                note = f"{weaker}; {item.note}" if item.note else weaker
                noted = made[(*at, weaker)] = copy_with(item, note=note)
            item = noted
        items.append(item)
    return tuple(items)


def _item(
    p: Protocol, step: Step, bodyweight: bool, idx: int, eid: str, lib: Library
) -> Prescription:
    """One exercise's prescription of a protocol step (no weaker-side note: _dose adds it)."""
    if step.stage is Stage.ramp:
        label = f"protocol week {step.week} of {len(p.ramp)}"
    elif step.stage is Stage.in_season_start:
        label = f"in-season start, week {step.week} of {len(p.in_season_start)}"
    elif step.stage is Stage.in_season:
        label = "in-season dose"
    else:
        label = "ongoing dose" if not p.ramp else "weekly dose after the ramp"
    intensity = own = p.intensity_of(step, idx)
    if bodyweight:
        label += "; taper or race week: bodyweight only, the previous dose"
        intensity = "bodyweight only"
    notes = " ".join(x for x in (step.note, p.pain_rule) if x)  # two sentences
    rm = _RM.fullmatch(own)
    if p.tempo:
        intensity = f"{intensity}; {p.tempo}"
    ex = lib.exercises[eid]
    reps = p.reps_of(step, idx)
    if bodyweight:
        cue = ""
    elif rm:  # a repetition maximum: loaded until that many is all the runner can do
        cue = f"a weight you could lift {rm[1]} times and no more"
    else:
        cue = load_cue(lib, ex, reps, "3")
    return Prescription(
        exercise_id=ex.id,
        name=ex.name,
        category=ex.category,
        focus=ex.focus[0],
        sets=step.sets,
        reps=reps,
        intensity=intensity,
        rest_s=ex.rest_s,
        reason=f"{p.title} ({label})",
        rule=f"protocol:{p.id}",
        source=";".join(dict.fromkeys([*step.source, *ex.source])),
        note=notes,
        cues=ex.cues,
        load_cue=cue,
        protocol=p.id,
    )


def _start_week(c: _Chosen, season: Season, earliest: int) -> tuple[int | None, str]:
    """The first week a protocol may start, and why it is later than asked ("" if not)."""
    p = c.p
    if not p.no_start_days_before_a or season.a_race is None:
        return earliest, ""
    monday = season.first_monday + timedelta(weeks=earliest - 1)
    start = max(monday, season.start)
    race = season.a_race.date
    if start <= race and (race - start).days < p.no_start_days_before_a:
        after = season.week_of(race) + 1
        why = (
            f"{p.title} does not start within {p.no_start_days_before_a // 7} weeks of your A race"
        )
        if after > season.weeks:
            return None, why + ": start it after the race."
        return after, why + f": it starts in week {after}."
    return earliest, ""


Joins = dict[int, tuple[_Items, str]]  # id(session) -> its items with protocol work, note
_Work = tuple[_Chosen, bool, _Items]  # a day's protocol work: protocol, bodyweight only, dose


def place(
    ctx: _Ctx,
    season: Season,
    days: Sequence[_Day],
    by_week: Sequence[tuple[int, Sequence[_Day]]],
    sessions: list[PlannedSession],
) -> tuple[list[PlannedSession], list[str], Joins]:
    """The sessions with every triggered protocol's days of protocol work only added, the
    plan's notes on it, and the items (and note) of each session protocol work joins: given
    to fit_minutes.fit with the sessions, which makes each such session once, fitted."""
    picked = chosen(ctx, season)
    if not picked:
        return sessions, [], {}
    notes: list[str] = []
    main = dict(zip(map(_DATE, sessions), sessions, strict=True))
    facts = _Days(ctx.assessment, season, days)
    weeks: list[_Week | None] = [None] * len(by_week)  # each week's facts, when first asked
    slots: list[tuple[float, str]] = []  # (the week its slot frees, title) per running protocol
    work: dict[date, list[_Work]] = {}
    day_of: dict[date, _Day] = {}
    for c in picked:
        p = c.p
        if not c.exercises:
            notes.append(
                f"{p.title} is not planned: its exercises load an area you asked not to load "
                "or do not suit a recent injury. A physiotherapist can adapt it."
            )
            continue
        earliest, waited_for = 1, ""
        if len(slots) >= MAX_PROTOCOLS:
            free = min(slots)
            if math.isinf(free[0]):
                notes.append(
                    f"{p.title} waits: at most {MAX_PROTOCOLS} protocols run at once "
                    f"(heuristic), and {' and '.join(t for _, t in slots)} run all season."
                )
                continue
            slots.remove(free)
            earliest, waited_for = int(free[0]), free[1]
        start, why = _start_week(c, season, earliest)
        if why:
            notes.append(why)
        if start is None:
            if waited_for:  # it never starts: the slot it waited for stays with its owner
                slots.append(free)
            continue
        if waited_for:
            notes.append(
                f"{p.title} waits: at most {MAX_PROTOCOLS} protocols run at once (heuristic); "
                f"it starts in week {start}, when {waited_for} ends."
            )
        got = _place_one(p, start, season, by_week, main, facts, weeks)
        if waited_for and not got.sessions:
            notes.append(f"{p.title} finds no week left this season.")
        slots.append((got.finished if got.finished is not None else math.inf, p.title))
        dose_of: dict[tuple[int, bool], _Items] = {}  # a step's sessions share its dose
        for x, step, bw in got.sessions:
            dose = dose_of.get((id(step), bw))
            if dose is None:
                dose = dose_of[id(step), bw] = _dose(c, step, bw, ctx)
            work.setdefault(x.d, []).append((c, bw, dose))
            day_of[x.d] = x
        notes.append(_summary(c, got))
    for c in picked:  # downhill running is advice for any runner the descents protocol fits
        hill = downhill_note(c.p, season, ctx.lib.settings) if c.p.id == DOWNHILL else None
        if hill:
            notes.append(hill)
    if not work:
        return sessions, notes, {}
    notes.append(PLACEMENT_NOTE)
    out, joins = _merge(season, sessions, main, work, day_of)
    return out, notes, joins


def _summary(c: _Chosen, got: _Placed) -> str:
    p = c.p
    how = f"{p.title} ({', '.join(x for x in p.source if x != 'heuristic')})"
    parts = [f"{how}: from week {got.first_week}." if got.first_week else f"{how}."]
    if p.plan_note:
        parts.append(p.plan_note)
    if p.pain_rule:
        parts.append(p.pain_rule)
    if c.dropped:
        parts.append(
            f"Left out for your injuries or the areas not to load: {', '.join(c.dropped)}."
        )
    if got.short_weeks and got.ramp_weeks:
        span = got.ramp_weeks[-1] - got.ramp_weeks[0] + 1
        done = len(p.ramp) - got.left
        what = f"its {done} weeks" if not got.left else f"{done} of its {len(p.ramp)} weeks"
        parts.append(
            f"Fewer days fit than it asks in weeks {week_spans(got.short_weeks)}: the ramp "
            f"spreads over more weeks ({what} take {span} calendar weeks)."
        )
    elif got.short_weeks:
        parts.append(f"Fewer days fit than it asks in weeks {week_spans(got.short_weeks)}.")
    if got.left:
        parts.append(
            f"{got.left} of its {len(p.ramp)} weeks are left when this season ends: carry "
            "them on after it."
        )
    return " ".join(parts)


def _merge(
    season: Season,
    sessions: list[PlannedSession],
    main: dict[date, PlannedSession],
    work: dict[date, list[_Work]],
    day_of: dict[date, _Day],
) -> tuple[list[PlannedSession], Joins]:
    """Protocol work joins the day's session (the items it then has, by id of the session),
    or makes a rehab session."""
    joined: dict[tuple[int, ...], tuple[_Items, str]] = {}  # a template step + doses, once
    joins: Joins = {}
    for s in sessions:
        todo = work.get(s.date)
        if todo is None:
            continue
        # The ladder shares one items tuple per (template, step): the join is built once for it
        # (_join reads the session's items alone; a dose is one tuple per plan, see _dose).
        if len(todo) == 1:  # the usual day: one protocol's work
            key: tuple[int, ...] = (id(s.items), id(todo[0][2]))
        else:
            key = (id(s.items), *map(id, map(_DOSE, todo)))
        hit = joined.get(key)
        if hit is None:
            ongoing = {p.exercise_id for c, bw, got in todo if not bw and not c.p.ramp for p in got}
            extra = [p for _, _, got in todo for p in got]
            hit = joined[key] = _join(s, extra, ongoing)
        joins[id(s)] = hit
    out = list(sessions)
    for d, todo in work.items() if not main.keys() >= work.keys() else ():  # rehab-only days
        if d in main:
            continue
        x = day_of[d]
        extra = [p for _, _, got in todo for p in got]
        minutes = WARMUP_MIN + round(sum(_seconds(p.sets, p.rest_s) for p in extra) / 60)
        what = "Rest day" if x.run == "rest" else f"{x.run.title()}-run day, after the run"
        out.append(
            PlannedSession(
                date=d,
                week=season.week_of(d),
                phase=x.phase,
                block=REHAB_BLOCK,
                weekday=WEEKDAYS[d.weekday()],
                run=x.run,
                key=REHAB_KEY,
                heavy=False,
                deload=False,
                items=tuple(extra),
                placement=(
                    f"{what}: protocol work only (rehab). Not the day before a hard run, long "
                    "run or race."
                ),
                notes=(f"Protocol work only: about {minutes} minutes with a warm-up.",),
            )
        )
    if len(out) > len(sessions):
        out.sort(key=lambda s: s.date)
    return out, joins


def _join(s: PlannedSession, extra: list[Prescription], ongoing: set[str]) -> tuple[_Items, str]:
    """The session with protocol work added (fit_minutes.py then keeps it to the minutes).

    A ramp protocol's dose replaces the session's own dose of the same exercise (the ramp must
    hold: never near-maximal in week 1). The exercise of a protocol without a ramp (descents,
    kneecap) that is already the session's main lift keeps the main lift's dose and counts as
    the protocol's work.
    """
    shared: dict[str, Prescription] = {}
    if ongoing and not ongoing.isdisjoint(map(_EXERCISE, s.items)):
        both = ongoing.intersection(p.exercise_id for p in s.items if p.reason.startswith("Main"))
        shared = {p.exercise_id: p for p in extra if p.exercise_id in both}
    if not shared:  # the usual case: nothing to rewrite
        ids = set(map(_EXERCISE, extra))
        return tuple([p for p in s.items if p.exercise_id not in ids] + extra), JOIN_NOTE
    extra = [p for p in extra if p.exercise_id not in shared]
    ids = {p.exercise_id for p in extra}
    items = [
        copy_with(
            p,
            protocol=shared[p.exercise_id].protocol,
            note="; ".join(x for x in (p.note, f"also your {shared[p.exercise_id].reason}") if x),
        )
        if p.exercise_id in shared
        else p
        for p in s.items
        if p.exercise_id not in ids
    ]
    return tuple(items + extra), JOIN_NOTE
