"""Bone jump days (protocols.md §8): with bone a top focus and no impact caution, jumps on
`bone_jump_days` days a week. Strength sessions with jumps count; short jump-only sessions (about
10 minutes, no lifting) make up the rest, only after an easy run and never the day before a hard
run, long run or race. When fewer days fit, the plan says how many and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from ..focus import FocusArea
from .library import IMPACT_PATTERNS, Library, Pattern, PhaseName
from .placement import _Day, _session
from .plan_context import _Ctx
from .plan_model import PlannedSession, Prescription, SessionTemplate
from .season import Season, week_spans
from .sessions import _cautioned, allowed, monitor_note

BLOCK = "bone jumps"
KEY = "J"
MINUTES = 10  # heuristic: a jump-only session is a warm-up and a few sets of jumps
_KEY_RUNS = ("hard", "long")


def _jump(ctx: _Ctx, lib: Library) -> Prescription | None:
    """The jump-only session's one exercise: the first bone jump the runner may do."""
    ex = next(
        (
            e
            for e in lib.exercises.values()
            if e.pattern is Pattern.jump
            and FocusArea.bone in e.focus
            and allowed(e, ctx)
            and not _cautioned(e, ctx)
        ),
        None,
    )
    if ex is None:
        return None
    reps = int("".join(c for c in ex.reps.split()[0] if c.isdigit()) or 1)
    per_set = reps * (2 if "per leg" in ex.reps or "per side" in ex.reps else 1)
    contacts = int(lib.settings["bone_jump_contacts"])
    sets = max(1, round(contacts / per_set))
    rank, score = ctx.rank_of[FocusArea.bone]
    rule, sources = ctx.rule_of.get(FocusArea.bone, ("plan_settings:bone_jump_days", []))
    return Prescription(
        exercise_id=ex.id,
        name=ex.name,
        category=ex.category,
        focus=FocusArea.bone,
        sets=sets,
        reps=ex.reps,
        intensity=ex.intensity,
        rest_s=ex.rest_s,
        reason=f"Bone jumps for bone loading (focus #{rank}, score {score})",
        rule=rule,
        source=";".join(dict.fromkeys(["kohrt2004", "clissold2022", *ex.source, *sources])),
        note="; ".join(
            x
            for x in (
                f"about {sets * per_set} foot contacts; jump-only day: no lifting, about "
                f"{MINUTES} minutes after your easy run",
                monitor_note(ex, ctx),
            )
            if x
        ),
        cues=ex.cues,
        reps_range=ex.reps,
    )


def bone_jump_days(
    season: Season,
    days: Sequence[_Day],
    sessions: Sequence[PlannedSession],
    ctx: _Ctx,
    lib: Library,
) -> tuple[list[PlannedSession], str]:
    """The jump-only sessions to add, and one note on how many jump days fit (or "")."""
    if FocusArea.bone not in ctx.top or ctx.impact or not ctx.plyometrics:
        return [], ""
    want = int(lib.settings["bone_jump_days"])
    item = _jump(ctx, lib)
    if item is None:
        return [], (
            f"Bone jumps: jumps on {want} days a week build bone (kohrt2004; clissold2022), but "
            "no jump suits your answers (areas not to load, recent injuries or pain): loaded "
            "lifts carry the bone loading. A physiotherapist can tell you when jumps are safe."
        )
    tpl = SessionTemplate(KEY, "Bone jumps", (item,), MINUTES, False)
    taken = {s.date for s in sessions}
    jump_days: dict[int, set[date]] = defaultdict(set)
    for s in sessions:
        if any(lib.exercises[p.exercise_id].pattern in IMPACT_PATTERNS for p in s.items):
            jump_days[s.week].add(s.date)
    run_on = {x.d: x.run for x in days}
    by_week: dict[int, list[_Day]] = defaultdict(list)
    for x in days:
        if x.phase is not PhaseName.taper:
            by_week[season.week_of(x.d)].append(x)
    added: list[PlannedSession] = []
    short: dict[int, list[int]] = defaultdict(list)  # days that fit -> weeks
    for wk, wdays in sorted(by_week.items()):
        have = jump_days[wk]
        fit = [
            x
            for x in wdays
            if x.run == "easy"
            and not x.blocked
            and not x.light_only
            and x.d not in taken
            and run_on.get(x.d + timedelta(days=1)) not in _KEY_RUNS
        ]
        # Jump days 48 h apart first (plyo_levels); two in a row only when nothing else fits.
        for spaced in (True, False):
            for x in fit:
                if len(have) >= want or x.d in have:
                    continue
                if spaced and any(abs((x.d - d).days) == 1 for d in have):
                    continue
                have.add(x.d)
                added.append(
                    _session(
                        season,
                        x,
                        BLOCK,
                        tpl,
                        tpl.items,
                        False,
                        "After your easy run: a short jump-only session for bone (no lifting).",
                        (),
                    )
                )
        if len(have) < want and len(wdays) == 7:
            short[len(have)].append(wk)
    return added, _note(short, want, any(added))


def _note(short: dict[int, list[int]], want: int, any_added: bool) -> str:
    head = (
        f"Bone jumps: jumps on {want} days a week build bone (kohrt2004; clissold2022). "
        "Jump-only days go after an easy run, never the day before a hard run, long run or race."
    )
    if not short:
        return head
    if not any_added:
        return (
            f"{head} No day of your week fits one (an easy-run day that is not the day before a "
            "hard run, long run or race, without a strength session): bone jumps come only "
            "with your strength sessions. Marking another easy-run day as possible would fit one."
        )
    parts = [
        f"{n} of {want} jump days fit in weeks {week_spans(wks)}"
        for n, wks in sorted(short.items())
    ]
    return (
        f"{head} Only {'; '.join(parts)}: the other days are hard-run or long-run days, the days "
        "before them or a race, unavailable, or hold a strength session."
    )
