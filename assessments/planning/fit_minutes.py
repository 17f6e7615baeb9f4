"""Every session within the runner's minutes: protocol work and the ladder's extra sets count.

A session grows past its template when protocol work joins it (rules/protocols.csv) or when
the progression ladder adds sets. Its own accessories then give way, lowest-ranked first; the
main lifts, protocol doses and the direct work that keeps a top area covered stay. What still
does not fit is said once in the plan's notes, with the days and the longest session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress
from typing import NamedTuple

from ..focus import FocusArea
from . import bone_days
from .coverage import prescription_direct
from .library import IMPACT_PATTERNS
from .plan_context import _Ctx
from .plan_model import REHAB_KEY, PlannedSession, Prescription
from .progression import VariantDates
from .sessions import WARMUP_MIN, _seconds

_Items = tuple[Prescription, ...]


def estimated_minutes(items: Sequence[Prescription]) -> int:
    """A session's minutes, warm-up included: the estimate session templates use."""
    return WARMUP_MIN + round(sum(_seconds(p.sets, p.rest_s) for p in items) / 60)


def session_minutes(plan_minutes: int, s: PlannedSession) -> int:
    """The minutes the screen, the calendar and the printout give a session: the runner's own
    minutes (30 at most for a light session), or the estimate when the session needs longer
    (the over-minutes note says which); a day of protocol work only is its estimate."""
    if s.key == bone_days.KEY:
        return bone_days.MINUTES  # a jump-only day: its own short figure (rules/README.md)
    estimate = estimated_minutes(s.items)
    if s.rehab:
        return estimate
    slot = min(plan_minutes, 30) if s.key == "L" else plan_minutes
    return max(slot, estimate)


def _keeps(ctx: _Ctx, p: Prescription) -> bool:
    """Main lifts and protocol doses stay; so do jumps on the graded impact ramp, whose clock
    (planner._place_weeks) has already counted their week: leaving them out here would move
    the runner up the ramp without the jumps."""
    if p.reason.startswith("Main") or p.protocol:
        return True
    if ctx.impact == "graded":
        ex = ctx.lib.exercises.get(p.exercise_id)
        return ex is not None and ex.pattern in IMPACT_PATTERNS
    return False


def _covers_alone(
    i: int, items: Sequence[Prescription], keep: list[bool], direct: list[set[FocusArea]]
) -> bool:
    """Whether items[i] is the only kept direct work for one of the top areas in the session
    (`direct`: the top areas each item is direct work for)."""
    p = items[i]
    for area in direct[i]:
        if not any(
            k and q is not p and area in d for q, k, d in zip(items, keep, direct, strict=True)
        ):
            return True
    return False


def _direct_areas(
    ctx: _Ctx, p: Prescription, memo: dict[tuple[str, str], set[FocusArea]]
) -> set[FocusArea]:
    """The top areas p is direct work for. Memo by (exercise, reps): all that
    prescription_direct reads of p, the rest (library, equipment, top areas) is the plan's."""
    key = (p.exercise_id, p.reps_range or p.reps)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = {a for a in ctx.top if prescription_direct(p, a, ctx.lib, ctx.equipment)}
    return hit


class _Info(NamedTuple):
    """What fit needs of an items tuple (weeks of one ladder step share it), in one walk."""

    protocols: tuple[str, ...]
    minutes: int
    must: tuple[bool, ...]
    cost: tuple[int, ...]  # seconds
    spent: int  # their sum


def _info(ctx: _Ctx, items: _Items) -> _Info:
    # Each item's facts read inline (no per-item memo): most items of the joined tuples are
    # met once, and _keeps' impact check is needed only on the graded ramp.
    if ctx.impact == "graded":
        must = tuple([_keeps(ctx, p) for p in items])
    else:  # _keeps without the ramp
        must = tuple([p.reason.startswith("Main") or p.protocol != "" for p in items])
    cost = tuple([_seconds(p.sets, p.rest_s) for p in items])
    spent = sum(cost)
    return _Info(
        tuple(sorted({p.protocol for p in items if p.protocol})),
        WARMUP_MIN + round(spent / 60),  # estimated_minutes
        must,
        cost,
        spent,
    )


def _kept(
    ctx: _Ctx,
    items: _Items,
    info: _Info,
    budget: int,
    also: frozenset[str],
    areas: dict[tuple[str, str], set[FocusArea]],
) -> tuple[list[bool], list[str], int]:
    """Whether each item stays within `budget` minutes, the names of those left out, and the
    seconds of those kept.

    Lower-ranked areas' accessories go first (the session lists them last), then top-area
    work another exercise still covers; never a main lift, a protocol dose, the last direct
    work of a top area or the session's last exercise, so the result may still be over.
    `also`: exercise ids to leave out first (a lighter week leaves out what its template's
    last full week did). `areas`: a memo shared by the calls for one plan.
    """
    seconds = (budget - WARMUP_MIN) * 60
    must, cost = info.must, info.cost
    if also:
        keep = [m or p.exercise_id not in also for p, m in zip(items, must, strict=True)]
        dropped = [p.name for p, k in zip(items, keep, strict=True) if not k]
        spent = sum(compress(cost, keep))
    else:  # the usual case: every item starts kept
        keep, dropped, spent = [True] * len(items), [], info.spent
    kept = sum(keep)
    direct: list[set[FocusArea]] | None = None  # built when the second pass first needs it
    top = ctx.top
    for second_pass in (False, True):
        for i in reversed(range(len(items))):
            if spent <= seconds or kept <= 1:  # a session keeps at least one exercise
                break
            if not keep[i] or must[i]:
                continue
            p = items[i]
            if not second_pass and p.focus in top:
                continue
            if second_pass:
                if direct is None:
                    direct = [_direct_areas(ctx, q, areas) for q in items]
                if _covers_alone(i, items, keep, direct):
                    continue
            keep[i] = False
            spent -= cost[i]
            kept -= 1
            dropped.append(p.name)
    return keep, dropped, spent


_NONE: frozenset[str] = frozenset()
# items, the note on those left out, their ids, the kept items' minutes
_Hit = tuple[_Items, str, frozenset[str], int]


def _with_notes(s: PlannedSession, items: _Items, notes: tuple[str, ...]) -> PlannedSession:
    """copy_with(s, items=..., notes=...) without its checks: most sessions of a season take
    this copy (PlannedSession.with_items adds one note, this adds two)."""
    new = object.__new__(PlannedSession)
    state = new.__dict__
    state.update(s.__dict__)
    state["items"] = items
    state["notes"] = notes
    return new


class Fitted(NamedTuple):
    sessions: list[PlannedSession]
    over: list[tuple[int, int]]  # (week, minutes) of each session longer than the minutes


def fit(
    ctx: _Ctx,
    sessions: Sequence[PlannedSession],
    joins: Mapping[int, tuple[_Items, str]] | None = None,
) -> Fitted:
    """The sessions trimmed to the minutes (as far as the work that must stay allows), with
    their variant changes dated (progression.VariantDates), and those still too long.

    `joins` (protocols.place): the items and note of each session protocol work joins, by id
    of the session; such a session is made once here, with its protocol work, fitted. One
    pass and one copy of a session for the three: each walked every session of the season."""
    # Per items tuple (weeks of one ladder step share it): its _Info.
    info: dict[int, _Info] = {}
    memo: dict[tuple[int, int, frozenset[str]], _Hit] = {}
    areas: dict[tuple[str, str], set[FocusArea]] = {}  # _kept's memo for this plan's ctx
    # What the last full week of each template (with the same protocols joined) left out: its
    # lighter week leaves out the same, so it never holds more sets than the week before.
    left: dict[tuple[object, ...], frozenset[str]] = {}
    out: list[PlannedSession] = []
    over: list[tuple[int, int]] = []
    dated = VariantDates()
    joined = joins or {}
    # The minutes a session aims for: light sessions keep to 30 (as their templates do).
    full, light = ctx.minutes, min(ctx.minutes, 30)
    for s in sessions:
        join = joined.get(id(s))
        items = s.items if join is None else join[0]
        got = info.get(id(items))
        if got is None:
            got = info[id(items)] = _info(ctx, items)
        key = s.key
        budget = light if key == "L" or (not s.heavy and key != REHAB_KEY) else full
        template = (s.phase, s.block, key, got.protocols)
        deload = s.deload
        also = left.get(template, _NONE) if deload else _NONE
        note = ""
        minutes = got.minutes
        if not also and minutes <= budget:
            if not deload:
                left[template] = _NONE
        else:
            at = (id(items), budget, also)
            hit = memo.get(at)
            if hit is None:
                keep, dropped, spent = _kept(ctx, items, got, budget, also, areas)
                if dropped:
                    ids = frozenset(
                        [p.exercise_id for p, k in zip(items, keep, strict=True) if not k]
                    )
                    note = f"To keep to your minutes, left out today: {', '.join(dropped)}."
                    hit = (tuple(compress(items, keep)), note, ids, WARMUP_MIN + round(spent / 60))
                else:  # nothing could go: the items as they were
                    hit = (items, "", _NONE, minutes)
                memo[at] = hit
            items, note, ids, minutes = hit
            if not deload:
                left[template] = ids
        if minutes > full:
            over.append((s.week, minutes))
        items = dated(s, items)
        if join is None:
            if items is not s.items:
                s = s.with_items(items, note)
        elif note:  # two notes: protocol work joined, then the minutes' trim
            s = _with_notes(s, items, (*s.notes, join[1], note))
        else:
            s = s.with_items(items, join[1])
        out.append(s)
    return Fitted(out, over)


def over_minutes(ctx: _Ctx, sessions: Sequence[PlannedSession]) -> list[tuple[int, int]]:
    """(week, minutes) of each of these sessions longer than the runner's minutes."""
    out: list[tuple[int, int]] = []
    for s in sessions:
        minutes = estimated_minutes(s.items)
        if minutes > ctx.minutes:
            out.append((s.week, minutes))
    return out


def over_note(ctx: _Ctx, over: Sequence[tuple[int, int]]) -> str | None:
    """One note on the sessions still longer than the runner's minutes (`over`: their week
    and minutes); None when none is."""
    if not over:
        return None
    weeks = sorted({w for w, _ in over})
    span = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}-{weeks[-1]}"
    n = len(over)
    ramp = ", the jumps of your impact ramp" if ctx.impact == "graded" else ""
    return (
        f"{n} session{'s' if n > 1 else ''} in {span} take{'s' if n == 1 else ''} longer than "
        f"your {ctx.minutes} minutes, up to about {max(m for _, m in over)} minutes: the main "
        f"lifts, the protocol work{ramp} and the work for your top focus areas do not fit in "
        "less. Allow the extra time on those days, or choose more minutes per session."
    )
