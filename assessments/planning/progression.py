"""Progression: each non-deload week of a long enough block moves every exercise one step up
its ladder (rules/progression.csv): reps within the row's range, then a load-cue step (next
weight or band up, back to the bottom of the range) or a slower tempo, then the harder variant
where it passes the filters. No dose leaves its row's rep range or the phase's RM band; at the
top the dose holds and the note says when to add weight.

A template at a ladder position is built once per plan (`Progressions`), and reused by every
week at that position.
"""

from __future__ import annotations

import math
import re

from .coverage import is_direct
from .dose import base_dose, dose_type, is_timed, ladder_kind, load_cue, parse_reps
from .library import (
    IMPACT_PATTERNS,
    Category,
    DoseType,
    ExerciseRow,
    ImpactStep,
    LadderStep,
    Library,
    Pattern,
    PhaseName,
    PhaseRow,
    per_library,
)
from .plan_context import _Ctx
from .plan_model import REHAB_KEY, PlannedSession, Prescription, SessionTemplate, copy_with
from .sessions import _cautioned, allowed, foot_contacts, monitor_note, weaker_note

_with = copy_with  # a Prescription with a few fields changed


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
    """The ladder of a row with one rep figure ("12 per leg"): no reps steps after the first.

    A cycle left with nothing but its load step (a stronger band every week) does not repeat:
    after one step up the dose holds and the note says when to add weight."""
    out = tuple(x for x in steps if x.change not in ("reps_mid", "reps_high"))
    repeat = out[-1].repeat if out else None
    if repeat is not None and all(x.change == "load" for x in out if x.step >= repeat):
        out = (*out[:-1], out[-1].model_copy(update={"repeat": None}))
    return out


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a and b else a or b


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


@per_library
def _ladders(
    lib: Library,
) -> tuple[dict[tuple[str, bool], tuple[LadderStep, ...]], set[int]]:
    """The library's ladders by (kind, one rep figure), and the ids of those with contacts
    steps (the entry keeps the ladders alive, so the ids stay theirs)."""
    ladders = {
        (kind, single): single_value(steps) if single else steps
        for kind, steps in lib.ladders.items()
        for single in (False, True)
    }
    contacts = {
        id(steps)
        for steps in ladders.values()
        if any(x.change.startswith("contacts_") for x in steps)
    }
    return ladders, contacts


class _StepTables:
    """What a ladder step makes of the library's own dose strings, whoever the runner: keyed
    by exercise ids, the library's rep, intensity and RIR strings and the step's change only
    (never a note, sets or anything else of the runner's), so it is start-up work and
    outlives clear_memos: from cold, a plan's ~90 steps then skip the parsing, labels and
    cues a new runner would only compute again to the same strings."""

    def __init__(self, lib: Library) -> None:
        # (exercise, reps, intensity) -> exercise row (None: not in the library), ladder, and
        # whether it is a jump ladder (its steps depend on the item's sets: kept per plan)
        self.ladder: dict[
            tuple[str, str, str], tuple[ExerciseRow | None, tuple[LadderStep, ...], bool]
        ] = {}
        # (exercise, reps, intensity, has a load cue, change, phase RIR) -> reps, intensity,
        # load cue and the step's own note ("" when none) of Progressions._at
        self.at: dict[tuple[str, str, str, bool, str, str], tuple[str, str, str, str]] = {}
        self.top: dict[tuple[str, str, str], str] = {}  # (exercise, range, reps) -> note
        # id(library ladder) -> it without its tempo step (the ladders live as long as the
        # library: _ladders keeps them)
        self.no_tempo: dict[int, tuple[LadderStep, ...]] = {}


_step_tables = per_library(_StepTables)


# An item's exercise row, ladder, and the ladder's length, cycle start and cycle length
_ItemLadder = tuple[ExerciseRow | None, tuple[LadderStep, ...], int, int, int]


class Progressions:
    """Items of (template, ladder step) pairs, built once per plan."""

    def __init__(self, ctx: _Ctx, lib: Library) -> None:
        self.ctx = ctx
        self.lib = lib
        # (id(template), k class, slowed k class, lighter week, ramp step, jumps today)
        self.memo: dict[tuple[int, int, int, bool, int, bool], tuple[Prescription, ...]] = {}
        # (id(item), step, weeks past the top)
        self.one_memo: dict[tuple[int, int, int], Prescription] = {}
        self.one_by_k: dict[tuple[int, int], Prescription] = {}  # (id(item), k)
        # (id(item), step, swap_version)
        self.step_memo: dict[tuple[int, int, int], Prescription] = {}
        self.first_week: dict[tuple[str, str], int] = {}  # (exercise, harder variant) -> week
        # id(template) -> per item: the ids it may not move to (read only)
        self.taken: dict[int, tuple[set[str], ...]] = {}
        self.ramp_jumps: dict[int, set[str]] = {}  # impact ramp step -> its jumps (read only)
        self.tables = _step_tables(lib)  # the library's own: outlive the plan
        # (kind, one rep figure) -> ladder, and the ids of those with contacts steps (jumps)
        self.ladders, self.contact_ladders = _ladders(lib)
        # id(ladder) -> (length, cycle start, cycle length): ladders are kept alive by
        # the library's ladder cache (_ladders) and self.contact_memo
        self.shape_memo: dict[int, tuple[int, int, int]] = {}
        self.ladder_of: dict[int, _ItemLadder] = {}  # by id(item)
        self.rate = lib.settings.get("slow_ladder_rate", 0.5)
        self.contact_memo: dict[tuple[int, int], tuple[LadderStep, ...]] = {}
        self.swap_sets: dict[str, int] = {}  # exercise -> the most sets a climbing swap had
        self.swap_version = 0  # counts the changes of swap_sets
        # k past the longest ladder's top (+3: a harder variant's climb) moves every ladder
        # round its cycle only: k and k + period stand at the same steps of all ladders.
        self.k_cap = max((len(x) for x in self.ladders.values()), default=0) + 3
        self.period = math.lcm(*(self._shape(x)[2] or 1 for x in self.ladders.values()))

    def _shape(self, steps: tuple[LadderStep, ...]) -> tuple[int, int, int]:
        """The ladder's length, its cycle's start and the cycle's length (0: it holds)."""
        shape = self.shape_memo.get(id(steps))
        if shape is None:
            n = len(steps)
            # position() past the top: the cycle's start and length (0: no repeat, it holds)
            start = position(steps, n + 1) if n else 0
            cycle = 0 if not n or steps[-1].repeat is None else n - start
            shape = self.shape_memo[id(steps)] = (n, start, cycle)
        return shape

    def k_class(self, k: int) -> int:
        """k itself below k_cap; past it, one number for every k at the same ladder steps."""
        cap = self.k_cap
        return k if k < cap else cap + (k - cap) % self.period

    def items(
        self,
        tpl: SessionTemplate,
        row: PhaseRow,
        phase: PhaseName,
        k: int,
        deload: bool,
        week: int,
        ramp: ImpactStep | None = None,
        jumps_today: bool = True,
    ) -> tuple[Prescription, ...]:
        """The template's items in the k-th progressing week of its block (k = 0: no ladder).

        `ramp` is this week's step of the graded impact ramp (None: no impact caution), and
        `jumps_today` False when the step's jump days are used up this week.
        """
        slow = self.ctx.slow
        k_slow = max(1, int(k * self.rate + 0.5)) if k and slow else k
        # Weeks at the same steps of every ladder share their items (the same tuple: later
        # stages memo by it)
        k_class = k if k < self.k_cap else self.k_class(k)  # k_class(), but no call below the cap
        key = (
            id(tpl),
            k_class,
            k_class if k_slow == k else self.k_class(k_slow),
            deload,
            ramp.step if ramp else 0,
            jumps_today,
        )
        hit = self.memo.get(key)
        if hit is None:
            taken = self.taken.get(id(tpl))
            if taken is None:
                taken = self.taken[id(tpl)] = _taken(tpl, self.lib)
            items = tpl.items
            if k:
                items = tuple(
                    self._slowed(p, row, phase, k_slow, week, t)
                    if p.focus in slow
                    else self._one(p, row, phase, k, week, t)
                    for p, t in zip(tpl.items, taken, strict=True)
                )
            if deload:
                items = tuple(
                    _with(p, sets=max(1, p.sets - 1), note=_join(_lighter(p), "lighter week"))
                    if p.category in (Category.heavy_strength, Category.power)
                    else p
                    for p in items
                )
            if ramp is not None or self.ctx.impact == "blocked":
                floor: dict[str, int] = {}
                if ramp is not None and ramp.max_contacts is not None and k > 1 and not deload:
                    # No jump falls below its dose of the step before under the same cap (two
                    # jumps share it: one climbing must not squeeze the other down).
                    before = self.items(tpl, row, phase, k - 1, False, week, ramp, jumps_today)
                    floor = {p.exercise_id: p.sets for p in before}
                items = self._ramp(items, ramp, jumps_today, row, phase, (k, k_slow), floor)
            hit = self.memo[key] = items
        return hit

    def _slowed(
        self, p: Prescription, row: PhaseRow, phase: PhaseName, k: int, week: int, taken: set[str]
    ) -> Prescription:
        """An item of an area a caution slows: the ladder at slow_ladder_rate, said in its note."""
        q = self._one(p, row, phase, k, week, taken)
        rate = f"{self.rate:g}x" if self.rate != 0.5 else "half"
        return _with(
            q, note=_join(q.note, f"{rate} the usual progression ({self.ctx.slow[p.focus]})")
        )

    def _ramp(
        self,
        items: tuple[Prescription, ...],
        ramp: ImpactStep | None,
        jumps_today: bool,
        row: PhaseRow,
        phase: PhaseName,
        ks: tuple[int, int],
        floor: dict[str, int] | None = None,
    ) -> tuple[Prescription, ...]:
        """Jumps held to the impact ramp's step (allowed jumps, contacts cap, jump days), or
        none at all while a caution blocks impact (ramp None). `ks`: the week's ladder step
        (k, and k of a slowed area) for a swap that is not a jump. `floor`: each jump's sets
        at the ladder step before, under the same cap: kept first, then the rest of the cap
        goes to the jumps in order, so none steps down while another climbs."""
        lib, ctx = self.lib, self.ctx
        ok: set[str] = set()  # the jumps the step allows today (read only)
        if jumps_today and ramp is not None:
            ok = self.ramp_jumps.get(ramp.step) or self.ramp_jumps.setdefault(
                ramp.step, {j for x in lib.impact if x.step <= ramp.step for j in x.jumps}
            )
        why = (
            f"impact ramp step {ramp.step} of {len(lib.impact)} ({ctx.impact_why})"
            if ramp is not None
            else f"no jumps for now ({ctx.impact_why})"
        )
        left = ramp.max_contacts if ramp and ramp.max_contacts is not None else 10**6
        taken = {p.exercise_id for p in items}
        max_level = 1 if row.block == "competency" else None
        out: list[Prescription | None] = []
        jumps: list[tuple[int, Prescription]] = []  # (place in out, the jump before the cap)
        for p in items:
            ex = lib.exercises[p.exercise_id]
            if ex.pattern not in IMPACT_PATTERNS:
                out.append(p)
                continue
            q = p
            if ex.id not in ok:
                swap = self._ramp_swap(ex, ok, taken, max_level)
                if swap is None:
                    continue
                taken.add(swap.id)
                contacts = foot_contacts(row, ctx)
                d = base_dose(lib, swap, row, phase, contacts, high_volume=ctx.high_volume)
                if swap.pattern in IMPACT_PATTERNS:
                    # The swap keeps its jump's place on the ladder (70%, 85%, 100% of the
                    # block's contacts; a lighter week's set fewer): the dose still moves up,
                    # and never falls back when the ramp later allows the jump itself.
                    full = base_dose(lib, ex, row, phase, contacts, high_volume=ctx.high_volume)
                    if full.sets and p.sets < full.sets:
                        sets = max(1, round(d.sets * p.sets / full.sets))
                        per_set = _contacts_per_set(_with(p, reps=d.reps)) or 1
                        d = d._replace(sets=sets, note=_replace_contacts(d.note, sets * per_set))
                    elif "top of the ladder" in p.note:  # the jump holds: so does its swap
                        held = _with(p, exercise_id=swap.id, reps=d.reps, reps_range=d.reps)
                        d = d._replace(note=_join(d.note, self._top_note(held)))
                reason = (
                    why
                    if ramp is None
                    else "no jumps in this session (jumps once a week on this step)"
                    if not jumps_today
                    else f"{ex.name} is not on this step yet"
                )
                q = _with(
                    p,
                    exercise_id=swap.id,
                    name=swap.name,
                    category=swap.category,
                    sets=d.sets,
                    reps=d.reps,
                    intensity=d.intensity,
                    rest_s=d.rest_s,
                    note=_join(
                        _join(d.note, monitor_note(swap, ctx)),
                        f"{swap.name} instead of {ex.name}: {reason}",
                    ),
                    cues=swap.cues,
                    load_cue=d.load_cue,
                    reps_range=d.reps,
                    source=";".join(dict.fromkeys([*p.source.split(";"), *swap.source])),
                )
                if swap.pattern not in IMPACT_PATTERNS:
                    q = self._swap_climbs(p, q, ks)
                    out.append(_with(q, note=_join(q.note, why)) if ramp else q)
                    continue
            jumps.append((len(out), q))
            out.append(q)
        # The cap shared in item order, each jump's floor first
        kept = {i: min(q.sets, floor.get(q.exercise_id, 0)) if floor else 0 for i, q in jumps}
        reserved = sum(kept[i] * (_contacts_per_set(q) or 1) for i, q in jumps)
        if reserved > left:  # floors from another cap: the plain order
            kept, reserved = dict.fromkeys(kept, 0), 0
        left -= reserved
        cap = ramp.max_contacts if ramp is not None else None
        for i, q in jumps:
            per = _contacts_per_set(q) or 1
            more = min(q.sets - kept[i], left // per)
            left -= more * per
            sets = kept[i] + more
            if sets < 1:
                out[i] = None
                continue
            note = _replace_contacts(q.note, sets * per) if sets != q.sets else q.note
            note = _join(note, f"{why}: stay on this step while any pain appears")
            if sets < q.sets and cap is not None:
                note = _join(note, f"held at this step's {cap} foot contacts a session")
            out[i] = _with(q, sets=sets, note=note)
        return tuple(x for x in out if x is not None)

    def _swap_climbs(self, p: Prescription, q: Prescription, ks: tuple[int, int]) -> Prescription:
        """A non-jump swap moves up one set each step of the template's ladder (then holds at
        the top): it may be the only direct work of a top area in its session (balance with
        reaches for lateral bounds carries hip), and issue 9 asks that area to move up. Sets
        only: a harder variant, or reps past the row's first figure, would step down when the
        jump comes back and another item's ladder reaches this exercise (see _harder)."""
        k, k_slow = ks
        k = k_slow if p.focus in self.ctx.slow else k
        if k <= 1:
            return q
        if q.sets + k - 1 <= MAX_SETS:
            got = _with(q, sets=q.sets + k - 1, note=_join(q.note, "this week: one more set"))
        else:
            got = _with(q, sets=max(q.sets, MAX_SETS), note=_join(q.note, self._top_note(q)))
        # A harder variant that is this exercise later starts at no fewer sets (see _harder)
        if got.sets > self.swap_sets.get(got.exercise_id, 0):
            self.swap_sets[got.exercise_id] = got.sets
            self.swap_version += 1  # a step's dose memoised before may now differ
        return got

    def _ramp_swap(
        self, ex: ExerciseRow, ok: set[str], taken: set[str], max_level: int | None
    ) -> ExerciseRow | None:
        """What a jump the step does not allow becomes: an easier jump of the step, else the
        step's first jump (so the ramp's weeks move on), else the first easier non-jump."""

        def fits(cand: ExerciseRow) -> bool:
            return (
                cand.id not in taken
                and allowed(cand, self.ctx, max_level=max_level)
                and not _cautioned(cand, self.ctx)
            )

        chain: list[ExerciseRow] = []
        cand = self.lib.exercises.get(ex.easier)
        while cand is not None and cand.id != ex.id and cand not in chain:
            chain.append(cand)
            cand = self.lib.exercises.get(cand.easier)
        jumps = [c for c in chain if c.id in ok]
        jumps += [self.lib.exercises[j] for x in self.lib.impact for j in x.jumps if j in ok]
        for c in jumps:
            if fits(c):
                return c
        return next(
            (
                c
                for c in chain
                if c.pattern not in IMPACT_PATTERNS
                and c.id not in taken
                and allowed(c, self.ctx, max_level=max_level)
            ),
            None,
        )

    def _one(
        self, p: Prescription, row: PhaseRow, phase: PhaseName, k: int, week: int, taken: set[str]
    ) -> Prescription:
        """The item in the k-th progressing week (by item and k; the weeks at one step of its
        ladder share one)."""
        by_k = (id(p), k)
        hit = self.one_by_k.get(by_k)
        if hit is not None:
            return hit
        known = self.ladder_of.get(id(p))
        if known is None:
            known = self.ladder_of[id(p)] = self._ladder_of(p)
        ex, steps, n, start, cycle = known
        if ex is None:
            self.one_by_k[by_k] = p
            return p
        # The step (position()), and the weeks past the last step of a ladder that does not
        # repeat (capped: then it holds)
        if k <= n:
            i, over = k - 1, 0
        elif cycle:
            i, over = start + (k - n - 1) % cycle, 0
        else:
            i, over = n - 1, min(k - n, 3)
        key = (id(p), i, over)
        hit = self.one_memo.get(key)
        if hit is None:
            # The step itself does not depend on the weeks past the top: one per (item, step),
            # while the sets climbing swaps reached (read by _harder) stay as they were
            step_key = (id(p), i, self.swap_version)
            step = self.step_memo.get(step_key)
            if step is None:
                step = self.step_memo[step_key] = self._step(
                    p, ex, steps, i, row, phase, week, taken
                )
            hit = step
            if over and steps[-1].change == "load":  # held after its one step up
                hit = self._at(hit, "reps_low", row, top=True, keep_note=p.note)
            elif over:
                hit = self._past_top(p, hit, over, row)
            self.one_memo[key] = hit
        self.one_by_k[by_k] = hit
        return hit

    def _ladder_of(self, p: Prescription) -> _ItemLadder:
        """The item's exercise row (None: not in the library, it does not move) and ladder,
        with the ladder's length, cycle start and cycle length."""
        key = (p.exercise_id, p.reps, p.intensity)
        hit = self.tables.ladder.get(key)
        if hit is None:
            hit = self.tables.ladder[key] = self._library_ladder(*key)
        row_ex, ladder, jumps = hit
        if row_ex is None:
            return None, (), 0, 0, 0
        if jumps:
            ladder = self._contact_steps(ladder, p.sets)
        return (row_ex, ladder, *self._shape(ladder))

    def _library_ladder(
        self, exercise_id: str, reps: str, intensity: str
    ) -> tuple[ExerciseRow | None, tuple[LadderStep, ...], bool]:
        """The ladder of the library's dose strings (a jump ladder: before its sets apply)."""
        row_ex = self.lib.exercises.get(exercise_id)
        if row_ex is None:
            return None, (), False
        parsed = parse_reps(reps)
        single = parsed is None or parsed[0] == parsed[1]
        ladder = self.ladders[(ladder_kind(row_ex), single)]
        if id(ladder) in self.contact_ladders:
            return row_ex, ladder, True
        if not single and not _tempo_fits(row_ex.pattern, reps, intensity):
            ladder = self._without_tempo(ladder)
        return row_ex, ladder, False

    def _past_top(
        self, p: Prescription, hit: Prescription, over: int, row: PhaseRow
    ) -> Prescription:
        """After the last step: a harder variant with a rep range climbs it (middle, top), then
        the dose holds; anything else holds now. A hold says so and when to add weight."""
        parsed = parse_reps(hit.reps_range)
        if "top of the ladder" in hit.note:
            return hit
        if hit.exercise_id != p.exercise_id and parsed is not None and parsed[0] != parsed[1]:
            whole = _with(hit, reps=hit.reps_range)
            if over < 3:
                return self._at(whole, ("reps_mid", "reps_high")[over - 1], row, top=False)
            return self._at(whole, "reps_high", row, top=True)
        return _with(hit, note=_join(hit.note, self._top_note(hit)))

    def _without_tempo(self, steps: tuple[LadderStep, ...]) -> tuple[LadderStep, ...]:
        """The ladder of a ranged row with no lowering to slow (holds, balance, trunk): the
        tempo step would repeat the harder variant a week early, so it is left out. One tuple
        per library ladder (kept by the library's step tables, for the position memo)."""
        hit = self.tables.no_tempo.get(id(steps))
        if hit is None:
            hit = self.tables.no_tempo[id(steps)] = tuple(x for x in steps if x.change != "tempo")
        return hit

    def _contact_steps(self, steps: tuple[LadderStep, ...], sets: int) -> tuple[LadderStep, ...]:
        """The jump ladder of an item of `sets` sets: a contacts step that would give as many
        sets as the one before is skipped (2 sets: 70% and 85% both round to 1 and 2), so
        each step is a real step up. One tuple per (ladder, sets), for the position memo."""
        key = (id(steps), sets)
        hit = self.contact_memo.get(key)
        if hit is None:
            kept: list[LadderStep] = []
            last = 0
            for x in steps:
                if x.change.startswith("contacts_"):
                    n = _contact_sets(sets, x.change)
                    if n == last:
                        continue
                    last = n
                kept.append(x)
            hit = self.contact_memo[key] = tuple(kept)
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
            # steps moves on to its harder variant; one with a single figure does one more set
            # this week (its harder variant waits a step: balance does not jump in week 2).
            if not any(x.change == "reps_mid" for x in steps):
                if p.sets < MAX_SETS:
                    return self._at(p, "reps_low", row, top=False, extra_set=True)
                return self._at(p, "reps_low", row, top=True)
            change = "harder"
        if change == "harder":
            harder = self._harder(p, row, phase, week, taken)
            if harder is not None:
                return harder
            prev = steps[i - 1].change if i > 0 else "reps_high"
            extra = False
            if prev == "tempo" and not _tempo_fits(ex.pattern, p.reps, p.intensity):
                prev = "reps_high"
                extra = p.sets < MAX_SETS and not any(x.change == "reps_mid" for x in steps)
            return self._at(p, prev, row, top=True, extra_set=extra)
        return self._at(p, change, row, top=False)

    def _at(
        self,
        p: Prescription,
        change: str,
        row: PhaseRow,
        *,
        top: bool,
        extra_set: bool = False,
        keep_note: str | None = None,
    ) -> Prescription:
        if change.startswith("contacts_"):
            sets = _contact_sets(p.sets, change)
            note = p.note
            per = _contacts_per_set(p)
            if per:
                note = _replace_contacts(p.note, sets * per)
            if top:
                note = _join(note, self._top_note(p))
            return _with(p, sets=sets, note=note)
        key = (p.exercise_id, p.reps, p.intensity, bool(p.load_cue), change, row.rir)
        hit = self.tables.at.get(key)
        if hit is None:
            hit = self.tables.at[key] = self._library_at(*key)
        reps, intensity, cue, said = hit
        note = p.note if keep_note is None else keep_note
        if said:
            note = _join(note, said)
        sets = p.sets
        if extra_set:  # the single-figure step (keeps its extra set at the top)
            sets += 1
            if not top:
                note = _join(note, "this week: one more set")
        if top:
            note = _join(note, self._top_note(p))
        return _with(
            p, sets=sets, reps=reps, reps_range=p.reps, intensity=intensity, load_cue=cue, note=note
        )

    def _library_at(
        self, exercise_id: str, reps: str, intensity: str, cued: bool, change: str, phase_rir: str
    ) -> tuple[str, str, str, str]:
        """A reps, load or tempo step of the library's dose strings: the step's reps,
        intensity, load cue, and its own note ("" when none)."""
        ex = self.lib.exercises[exercise_id]
        kind = dose_type(ex)
        reps = _reps_at(reps, change)
        rir = phase_rir if kind is DoseType.compound else ("2-3" if kind is DoseType.band else "3")
        cue = load_cue(self.lib, ex, reps, rir) if cued else ""
        said = ""
        if change == "tempo":
            intensity = _join(intensity, "3 s lowering")
        if change == "load":
            what = "a stronger band" if kind is DoseType.band else "the next weight up"
            low = parse_reps(reps)
            back = f"{low[0]} reps{low[2]}" if low else reps
            said = f"this week: {what}, back to {back}"
        return reps, intensity, cue, said

    def _top_note(self, p: Prescription) -> str:
        """_top_note, once per exercise and rep range (library strings: kept per library)."""
        key = (p.exercise_id, p.reps_range, p.reps)
        note = self.tables.top.get(key)
        if note is None:
            note = self.tables.top[key] = _top_note(p, self.lib)
        return note

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
        contacts = foot_contacts(row, self.ctx)
        d = base_dose(self.lib, nxt, row, phase, contacts, high_volume=self.ctx.high_volume)
        reps = _reps_at(d.reps, "reps_low")
        cue = load_cue(self.lib, nxt, reps, row.rir) if d.load_cue else ""
        # The runner already did more sets of it as a ramp's swap for a jump: never fewer now.
        sets = max(d.sets, self.swap_sets.get(nxt.id, 0))
        since = self.first_week.setdefault((ex.id, nxt.id), week)
        for extra in (monitor_note(nxt, self.ctx), weaker_note(nxt, d.reps, self.ctx)):
            if extra:
                d = d._replace(note=_join(d.note, extra))
        note = _join(d.note, f"from week {since}: {nxt.name} instead of {ex.name} (harder variant)")
        return _with(
            p,
            exercise_id=nxt.id,
            name=nxt.name,
            category=nxt.category,
            sets=sets,
            reps=reps,
            intensity=d.intensity,
            rest_s=d.rest_s,
            note=note,
            cues=nxt.cues,
            load_cue=cue,
            reps_range=d.reps,
            source=";".join(dict.fromkeys([*p.source.split(";"), *nxt.source])),
        )


def _taken(tpl: SessionTemplate, lib: Library) -> tuple[set[str], ...]:
    """Per item of the template, the exercises its harder variant may not be: the template's
    own, and the harder variants of the items before it (two items whose harder variant is the
    same exercise, lateral bounds and skipping drills both to bounding, would otherwise both
    become it in one week: the later one holds at the top of its ladder instead)."""
    ids = {p.exercise_id for p in tpl.items}
    out: list[set[str]] = []
    before: set[str] = set()
    for p in tpl.items:
        out.append(ids | before if before else ids)
        ex = lib.exercises.get(p.exercise_id)
        if ex is not None and ex.harder in lib.exercises:
            before = before | {ex.harder}
    return tuple(out)


_CHANGE = re.compile(r"from week (\d+): (.+? instead of .+? \(harder variant\))")
_NOT_MAIN = ("light", "activation", "bone jumps")


class VariantDates:
    """Dates each "from week N: X instead of Y" by the week X first appears in its run of
    weeks (one block name), as the runner sees the plan: the ladder dates a change when it
    builds it, but protocol work or the minutes may keep it out of the sessions until later,
    and a new block starts the change again.

    Called once per session in date order with the session's final items; fit_minutes.fit
    dates each session as it fits it, so a session is copied once for both."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.block: str | None = None
        self.run = 0
        self.fixed: dict[tuple[int, int], Prescription] = {}
        # By items tuple, which the weeks at one ladder step share: each searched once.
        self.changes_of: dict[int, list[tuple[int, Prescription, re.Match[str]]]] = {}
        # An items tuple dated once per run of weeks: its changes' first weeks are set by
        # then, so it dates the same again; the sessions share the dated tuple (later memos
        # by id)
        self.dated: dict[tuple[int, int], tuple[Prescription, ...]] = {}

    def __call__(
        self, s: PlannedSession, items: tuple[Prescription, ...]
    ) -> tuple[Prescription, ...]:
        """`items` (s's items, or what fit_minutes makes of them) with their changes dated."""
        block = s.block
        if block in _NOT_MAIN or s.key == REHAB_KEY:
            return items
        if block != self.block:
            self.block, self.first = block, {}
            self.run += 1
        found = self.changes_of.get(id(items))
        if found is None:
            found = self.changes_of[id(items)] = []
            for i, p in enumerate(items):
                if "(harder variant)" not in p.note:
                    continue
                said = _CHANGE.search(p.note)
                if said is not None:
                    found.append((i, p, said))
        if not found:  # most tuples: nothing to date (the block is followed all the same)
            return items
        at = (id(items), self.run)
        done = self.dated.get(at)
        if done is not None:
            return done
        out = items
        first = self.first
        for i, p, said in found:
            week = first.setdefault(said[2], s.week)
            if int(said[1]) != week:
                q = self.fixed.get((id(p), week))
                if q is None:
                    note = p.note.replace(said[0], f"from week {week}: {said[2]}")
                    q = self.fixed[(id(p), week)] = _with(p, note=note)
                out = (*out[:i], q, *out[i + 1 :])
        self.dated[at] = out
        return out


MAX_SETS = 5  # heuristic: the extra-set step never goes past five sets
# Bodyweight patterns a held weight does not make harder (foot control, drills, mobility)
_NO_LOAD = frozenset({Pattern.foot, Pattern.drill, Pattern.mobility})


def _top_note(p: Prescription, lib: Library) -> str:
    """The note of a dose at the top of its ladder: it holds, and when to add weight."""
    kind = dose_type(lib.exercises[p.exercise_id])
    if kind is DoseType.plyometric:
        return (
            "top of the ladder: keep this dose; jump higher or farther once every landing is "
            "quiet and stiff"
        )
    parsed = parse_reps(p.reps_range or p.reps)
    when = f"{parsed[1]}{parsed[2]}" if parsed else p.reps
    pattern = lib.exercises[p.exercise_id].pattern
    if kind is DoseType.bodyweight and pattern is Pattern.balance:
        # a held weight does not make balance harder; the ankle programme's own steps do
        return (
            f"top of the ladder: keep this dose; when every set of {when} feels steady, make it "
            "harder: eyes closed, then standing on a folded towel (hupperets2009)"
        )
    if kind is DoseType.bodyweight and pattern in _NO_LOAD:
        return (
            f"top of the ladder: keep this dose; when every set of {when} feels easy, a coach "
            "or physiotherapist can show you a harder version"
        )
    add = {
        DoseType.bodyweight: "hold a weight or a backpack",
        DoseType.band: "move to a stronger band",
    }.get(kind, "add a little weight")
    return f"top of the ladder: keep this dose; {add} when every set reaches {when} easily"


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


def _lighter(p: Prescription) -> str:
    """The note of a jump with one set fewer: its foot contacts counted again."""
    per = _contacts_per_set(p) if "foot contacts" in p.note else 0
    return _replace_contacts(p.note, max(1, p.sets - 1) * per) if per else p.note


def _contact_sets(sets: int, change: str) -> int:
    """The sets of a `contacts_<percent>` step: that share of the session's jump sets."""
    return max(1, round(sets * int(change.split("_")[1]) / 100))


def _contacts_per_set(p: Prescription) -> int:
    parsed = parse_reps(p.reps)
    if parsed is None:
        return 0
    return parsed[0] * (2 if "per leg" in p.reps or "per side" in p.reps else 1)


def _replace_contacts(note: str, contacts: int) -> str:
    parts = [x for x in note.split("; ") if not x.startswith("about ")]
    return "; ".join([f"about {contacts} foot contacts", *parts])
