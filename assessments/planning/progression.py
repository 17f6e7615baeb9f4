"""Progression: each non-deload week of a long enough block moves every exercise one step up
its ladder (rules/progression.csv): reps within the row's range, then a load-cue step (next
weight or band up, back to the bottom of the range) or a slower tempo, then the harder variant
where it passes the filters. No dose leaves its row's rep range or the phase's RM band; at the
top the dose holds and the note says when to add weight.

A template at a ladder position is built once per plan (`Progressions`), and reused by every
week at that position.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .coverage import is_direct
from .dose import base_dose, dose_type, is_timed, ladder_kind, load_cue, parse_reps
from .library import (
    Category,
    DoseType,
    ExerciseRow,
    LadderStep,
    Library,
    Pattern,
    PhaseName,
    PhaseRow,
)
from .plan_context import _Ctx
from .plan_model import Prescription, SessionTemplate
from .sessions import _cautioned, allowed, weaker_note

# The slot setters of the frozen Prescription: a copy with a few changes, without
# dataclasses.replace's per-call checks (the ladder builds about a hundred items a plan).
_SLOTS = tuple((f.name, Prescription.__dict__[f.name].__set__) for f in fields(Prescription))


def _with(p: Prescription, **changes: Any) -> Prescription:
    q = object.__new__(Prescription)
    for name, put in _SLOTS:
        put(q, changes[name] if name in changes else getattr(p, name))
    return q


def position(steps: tuple[LadderStep, ...], k: int) -> int:
    """The 0-based ladder step of the k-th (1-based) progressing week, repeats applied."""
    n = len(steps)
    if k <= n:
        return k - 1
    repeat = steps[-1].repeat
    if repeat is None:
        return n - 1
    start = next((i for i, x in enumerate(steps) if x.step >= repeat), n - 1)
    cycle = n - start
    return start + (k - n - 1) % cycle


def single_value(steps: tuple[LadderStep, ...]) -> tuple[LadderStep, ...]:
    """The ladder of a row with one rep figure ("12 per leg"): no reps steps after the first."""
    return tuple(x for x in steps if x.change not in ("reps_mid", "reps_high"))


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _reps_at(reps: str, change: str) -> str:
    parsed = parse_reps(reps)
    if parsed is None:
        return reps
    lo, hi, rest = parsed
    if change == "reps_high":
        return f"{hi}{rest}"
    if change == "reps_mid":
        return f"{(lo + hi + 1) // 2}{rest}"
    return f"{lo}{rest}"  # reps_low, load, tempo: the bottom of the range


class Progressions:
    """Items of (template, ladder step) pairs, built once per plan."""

    def __init__(self, ctx: _Ctx, lib: Library) -> None:
        self.ctx = ctx
        self.lib = lib
        self.memo: dict[
            tuple[int, tuple[tuple[int, int], ...], bool], tuple[Prescription, ...]
        ] = {}
        self.kinds = tuple(sorted(lib.ladders))
        self.one_memo: dict[tuple[int, int, int], Prescription] = {}  # (id(item), step, ladder)
        self.first_week: dict[tuple[str, str], int] = {}  # (exercise, harder variant) -> week
        # (kind, one rep figure) -> ladder; positions and each item's ladder, computed once
        self.ladders = {
            (kind, single): single_value(steps) if single else steps
            for kind, steps in lib.ladders.items()
            for single in (False, True)
        }
        self.at_memo: dict[int, tuple[tuple[int, int], ...]] = {}
        self.pos_memo: dict[tuple[int, int], int] = {}
        self.ladder_of: dict[int, tuple[ExerciseRow | None, tuple[LadderStep, ...]]] = {}

    def _pos(self, steps: tuple[LadderStep, ...], k: int) -> int:
        key = (id(steps), k)
        hit = self.pos_memo.get(key)
        if hit is None:
            hit = self.pos_memo[key] = position(steps, k)
        return hit

    def items(
        self,
        tpl: SessionTemplate,
        row: PhaseRow,
        phase: PhaseName,
        k: int,
        deload: bool,
        week: int,
    ) -> tuple[Prescription, ...]:
        """The template's items in the k-th progressing week of its block (k = 0: no ladder)."""
        at = self.at_memo.get(k)
        if at is None:
            at = self.at_memo[k] = (
                tuple(
                    (
                        self._pos(self.ladders[(kind, False)], k),
                        self._pos(self.ladders[(kind, True)], k),
                    )
                    for kind in self.kinds
                )
                if k
                else ()
            )
        key = (id(tpl), at, deload)
        hit = self.memo.get(key)
        if hit is None:
            taken = {p.exercise_id for p in tpl.items}
            items = (
                tuple(self._one(p, row, phase, k, week, taken) for p in tpl.items)
                if k
                else tpl.items
            )
            if deload:
                items = tuple(
                    _with(p, sets=max(1, p.sets - 1), note=_join(p.note, "lighter week"))
                    if p.category in (Category.heavy_strength, Category.power)
                    else p
                    for p in items
                )
            hit = self.memo[key] = items
        return hit

    def _one(
        self, p: Prescription, row: PhaseRow, phase: PhaseName, k: int, week: int, taken: set[str]
    ) -> Prescription:
        known = self.ladder_of.get(id(p))
        if known is None:
            row_ex = self.lib.exercises.get(p.exercise_id)
            parsed = parse_reps(p.reps)
            single = parsed is None or parsed[0] == parsed[1]
            ladder = self.ladders[(ladder_kind(row_ex), single)] if row_ex else ()
            known = self.ladder_of[id(p)] = (row_ex, ladder)
        ex, steps = known
        if ex is None:
            return p
        i = self._pos(steps, k)
        key = (id(p), i, len(steps))
        hit = self.one_memo.get(key)
        if hit is None:
            hit = self.one_memo[key] = self._step(p, ex, steps, i, row, phase, week, taken)
        return hit

    def _step(
        self,
        p: Prescription,
        ex: ExerciseRow,
        steps: tuple[LadderStep, ...],
        i: int,
        row: PhaseRow,
        phase: PhaseName,
        week: int,
        taken: set[str],
    ) -> Prescription:
        step = steps[i]
        change = step.change
        if change == "tempo" and not _tempo_fits(ex.pattern, p.reps, p.intensity):
            # Holds, balance, trunk and slow work have no lowering to slow: a row that had reps
            # steps moves on to its harder variant; one with a single figure holds a week more.
            if not any(x.change == "reps_mid" for x in steps):
                return self._at(p, "reps_low", row, top=False)
            change = "harder"
        if change == "harder":
            harder = self._harder(p, row, phase, week, taken)
            if harder is not None:
                return harder
            prev = steps[i - 1].change if i > 0 else "reps_high"
            if prev == "tempo" and not _tempo_fits(ex.pattern, p.reps, p.intensity):
                prev = "reps_high"
            return self._at(p, prev, row, top=True)
        return self._at(p, change, row, top=False)

    def _at(self, p: Prescription, change: str, row: PhaseRow, *, top: bool) -> Prescription:
        ex = self.lib.exercises[p.exercise_id]
        kind = dose_type(ex)
        if change.startswith("contacts_"):
            pct = int(change.split("_")[1])
            sets = max(1, round(p.sets * pct / 100))
            note = p.note
            per = _contacts_per_set(p)
            if per:
                note = _replace_contacts(p.note, sets * per)
            return _with(p, sets=sets, note=note)
        reps = _reps_at(p.reps, change)
        rir = row.rir if kind is DoseType.compound else ("2-3" if kind is DoseType.band else "3")
        cue = load_cue(self.lib, ex, reps, rir) if p.load_cue else ""
        intensity = p.intensity
        note = p.note
        if change == "tempo":
            intensity = _join(intensity, "3 s lowering")
        if change == "load":
            what = "a stronger band" if kind is DoseType.band else "the next weight up"
            low = parse_reps(reps)
            back = f"{low[0]} reps{low[2]}" if low else reps
            note = _join(note, f"this week: {what}, back to {back}")
        if top:
            parsed = parse_reps(p.reps)
            when = f"{parsed[1]}{parsed[2]}" if parsed else p.reps
            add = (
                "hold a weight or a backpack"
                if kind is DoseType.bodyweight
                else "add a little weight"
            )
            note = _join(
                note,
                f"top of the ladder: keep this dose; {add} when every set reaches {when} easily",
            )
        return _with(p, reps=reps, reps_range=p.reps, intensity=intensity, load_cue=cue, note=note)

    def _harder(
        self, p: Prescription, row: PhaseRow, phase: PhaseName, week: int, taken: set[str]
    ) -> Prescription | None:
        ex = self.lib.exercises[p.exercise_id]
        nxt = self.lib.exercises.get(ex.harder)
        max_level = 1 if row.block == "competency" else None
        if nxt is None or nxt.id in taken or not allowed(nxt, self.ctx, max_level=max_level):
            return None
        if nxt.category is Category.power and row.plyo_contacts == 0:
            return None
        if _cautioned(nxt, self.ctx):
            return None  # a caution swapped to the easier variant: no harder one
        if is_direct(
            ex, p.focus, p.reps_range or p.reps, self.lib, self.ctx.equipment
        ) and not is_direct(nxt, p.focus, nxt.reps, self.lib, self.ctx.equipment):
            return None  # the harder variant would stop training the area directly
        contacts = round(row.plyo_contacts * min(1.3, max(0.5, 1.5 - self.ctx.emphasis)))
        d = base_dose(self.lib, nxt, row, phase, contacts, high_volume=self.ctx.high_volume)
        reps = _reps_at(d.reps, "reps_low")
        cue = load_cue(self.lib, nxt, reps, row.rir) if d.load_cue else ""
        since = self.first_week.setdefault((ex.id, nxt.id), week)
        extra = weaker_note(nxt, d.reps, self.ctx)
        if extra:
            d = d._replace(note=_join(d.note, extra))
        note = _join(d.note, f"from week {since}: {nxt.name} instead of {ex.name} (harder variant)")
        return _with(
            p,
            exercise_id=nxt.id,
            name=nxt.name,
            category=nxt.category,
            sets=d.sets,
            reps=reps,
            intensity=d.intensity,
            rest_s=d.rest_s,
            note=note,
            cues=nxt.cues,
            load_cue=cue,
            reps_range=d.reps,
            source=";".join(dict.fromkeys([*p.source.split(";"), *nxt.source])),
        )


_TEMPO_PATTERNS = frozenset(
    {
        Pattern.squat,
        Pattern.hinge,
        Pattern.bridge,
        Pattern.lunge,
        Pattern.curl,
        Pattern.calf,
        Pattern.abduction,
    }
)


def _tempo_fits(pattern: Pattern, reps: str, intensity: str) -> bool:
    timed = is_timed(reps)
    slow_already = "slow" in intensity or "lowering" in intensity or " s down" in intensity
    return pattern in _TEMPO_PATTERNS and not timed and not slow_already


def _contacts_per_set(p: Prescription) -> int:
    parsed = parse_reps(p.reps)
    if parsed is None:
        return 0
    return parsed[0] * (2 if "per leg" in p.reps or "per side" in p.reps else 1)


def _replace_contacts(note: str, contacts: int) -> str:
    parts = [x for x in note.split("; ") if not x.startswith("about ")]
    return "; ".join([f"about {contacts} foot contacts", *parts])
