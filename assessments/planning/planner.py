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

The parts: plan_model (the plan's data), plan_context (the runner's answers resolved),
sessions (exercise choice and doses), placement (which days, and why). This module puts
them together; the names other modules import are re-exported here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from ..completeness import missing
from ..findings import Findings
from ..focus import FOCUS_TITLES, FocusArea
from ..model import WEEKDAYS, Assessment, Equipment, RunType, StrengthExperience
from . import dose, fit_minutes, protocols
from .bone_days import bone_jump_days
from .coverage import left_out_message, uncovered_by_area
from .library import IMPACT_PATTERNS, ImpactStep, Library, PhaseName, PhaseRow, library
from .placement import (
    _RANK_OF_RUN,
    LIGHT_BEFORE_BC_RACE,
    _calendar,
    _Day,
    _pick_days,
    _placement_text,
    _session,
    _shortfall,
    _week_phase,
    clear_calendars,
    weekly_capacity,
)
from .plan_context import EMPHASIS_BY_AIM, INJURY_RECENT_MONTHS, LEVEL_BY_EXPERIENCE, _context, _Ctx
from .plan_model import (
    Clamp,
    Gap,
    LeftOut,
    Plan,
    PlannedSession,
    PlanNotAllowed,
    PlanOptions,
    PlanWarning,
    Prescription,
    SessionTemplate,
    Split,
    WeekSummary,
    copy_with,
)
from .progression import Progressions
from .retests import retest_dates
from .season import PlanInputError, Season, monday_of
from .sessions import (
    _TEMPLATES,
    MAX_ITEMS,
    WARMUP_MIN,
    _Builder,
    activation_session,
    allowed,
    build_session,
    split_sessions,
)
from .shortfall import shortfall

__all__ = [
    "DISCLAIMER",
    "EMPHASIS_BY_AIM",
    "INJURY_RECENT_MONTHS",
    "LEVEL_BY_EXPERIENCE",
    "LIGHT_BEFORE_BC_RACE",
    "MAX_ITEMS",
    "MAX_SESSIONS",
    "WARMUP_MIN",
    "Clamp",
    "Plan",
    "PlanNotAllowed",
    "PlanOptions",
    "PlanWarning",
    "PlannedSession",
    "Prescription",
    "SessionTemplate",
    "Split",
    "WeekSummary",
    "activation_session",
    "allowed",
    "build_session",
    "clear_memos",
    "make_plan",
    "split_sessions",
]

DISCLAIMER = (
    "This plan is training guidance, not a diagnosis or treatment. If something hurts more "
    "than a little, or keeps hurting, see a physiotherapist or doctor."
)
MAX_SESSIONS = 5  # heuristic safety cap: a running week needs days without lifting
PROGRESS_NOTE = (
    "Progress: each session moves one step up from its last time: more reps within the range, "
    "then the next weight up and back to the bottom of the range; bodyweight work slows the "
    "lowering, then moves to its harder variant (acsm2009; rules/progression.csv)."
)


def clear_memos() -> None:
    """Forget the shared season and template memos (benchmarks measure plans from cold)."""
    clear_calendars()
    _TEMPLATES.clear()
    dose.clear_caches()


# --- make_plan -----------------------------------------------------------------------------


def _check(a: Assessment) -> None:
    gaps = missing(a)
    if gaps:
        raise PlanInputError(gaps[0].path, f"still needed: {gaps[0].label}")


def _blocks_for(
    lib: Library,
    phase: PhaseName,
    exp: StrengthExperience,
    reentry: bool = False,
    competency_first: bool = False,
) -> tuple[list[PhaseRow], PhaseRow]:
    """The lead-in blocks (competency, or re-entry after a break) and the phase's main block.

    A caution with `competency_first` (bone health) starts every lifter with the technique
    block that new lifters get, in place of any other lead-in."""
    rows = [r for r in lib.blocks(phase, exp) if reentry or r.block != "reentry"]
    lead = [r for r in rows if r.weeks is not None]
    if competency_first and not any(r.block == "competency" for r in lead):
        learn = [
            r
            for r in lib.blocks(phase, StrengthExperience.none)
            if r.block == "competency" and r.weeks is not None
        ]
        if learn:
            lead = learn
    main = [r for r in rows if r.weeks is None]
    return lead, (main[-1] if main else rows[-1])


class _Week(NamedTuple):
    """A placed week, kept until the taper's activation session is placed to summarise it."""

    wk: int
    wdays: tuple[_Day, ...]
    normal: tuple[_Day, ...]
    phase: PhaseName
    minimum: int
    target: int
    maximum: int


def make_plan(
    assessment: Assessment,
    findings: Findings,
    start: date,
    *,
    options: PlanOptions | None = None,
    lib: Library | None = None,
    check_fixes: bool = True,
    **overrides: Any,
) -> Plan:
    """The plan for a complete assessment from `start`; `overrides` are PlanOptions fields.

    `check_fixes` False skips planning again to check a left-out area's change (that check's
    own plans)."""
    if not findings.plan_allowed:
        raise PlanNotAllowed(findings)
    _check(assessment)
    base = options or PlanOptions()
    opts = PlanOptions.model_validate(base.model_dump() | overrides) if overrides else base
    lib = lib or library()
    clamps: list[Clamp] = []
    warnings: list[PlanWarning] = []

    a = assessment
    off_end = _offseason_end(opts.offseason_end, a, start, clamps)
    season, days, by_week = _calendar(a.goals.model_dump_json(), start, off_end, a.goals)
    ctx = _context(a, findings, lib, opts, clamps)
    notes = _notes(season, findings, ctx)
    substitutes = tuple(
        sorted({e.cues for e in lib.exercises.values() if e.activity in a.history.other_activities})
    )
    off_n, in_n = _variant_controls(opts, lib, ctx, clamps, warnings)

    splits, split_of, lead_weeks = _splits(ctx, lib, season, off_n, in_n)
    taper_row = _blocks_for(lib, PhaseName.taper, ctx.experience)[1]
    activation = activation_session(ctx, taper_row)
    sessions, placed = _place_weeks(
        season, by_week, lib, ctx, split_of, lead_weeks, taper_row, activation
    )
    per_week = _place_taper_activation(
        season, days, sessions, placed, activation, weekly_capacity(a.goals)
    )
    sessions, protocol_notes, joins = protocols.place(ctx, season, days, by_week, sessions)
    notes += protocol_notes
    sessions, over = fit_minutes.fit(ctx, sessions, joins)  # variant changes dated too
    weeks = [_week_summary(w, per_week[w.wk], season) for w in placed]
    jump_sessions, jump_note = bone_jump_days(season, days, sessions, ctx, lib)
    if jump_sessions:
        sessions = sorted([*sessions, *jump_sessions], key=lambda s: s.date)
        over += fit_minutes.over_minutes(ctx, jump_sessions)
    if jump_note:
        notes.append(jump_note)
    over_note = fit_minutes.over_note(ctx, over)
    if over_note:
        notes.append(over_note)

    used = {(s.phase, s.block) for s in sessions}
    splits = [sp for sp in splits if (sp.phase, sp.block) in used]
    block_warning = _block_length_warning(season, sessions)
    if block_warning is not None:
        warnings.append(block_warning)
    notes.append(PROGRESS_NOTE)
    replan = None
    if check_fixes:

        def replan(changes: dict[str, Any]) -> Plan:
            return make_plan(
                a, findings, start, options=opts, lib=lib, check_fixes=False, **changes
            )

    left_out = _left_out(sessions, split_of, ctx, lib, replan)
    notes += [x.message for x in left_out]
    short, short_days = shortfall(a, weeks, start, off_end)
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
        shortfall=short,
        shortfall_days=short_days,
        left_out=left_out,
        retests=retest_dates(
            season,
            a.goals,
            (s.date for s in sessions),
            a.assessed_on,
            int(lib.settings["retest_every_weeks"]),
        ),
        file_id=str(a.file_id),
        cautions=tuple(c.message for c in findings.cautions),
    )


def _offseason_end(
    off_end: date | None, a: Assessment, start: date, clamps: list[Clamp]
) -> date | None:
    """The variant's off-season end, moved before the A race's taper when it reaches into it."""
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
    return off_end


def _notes(season: Season, findings: Findings, ctx: _Ctx) -> list[str]:
    """The plan's opening notes: the disclaimer, the season's, and every reduction of load."""
    notes: list[str] = [DISCLAIMER]
    notes += list(season.notes)
    if findings.red_flags and findings.cleared:
        notes.append(
            "Planned after a professional's clearance"
            + (f": {findings.clearance_note}" if findings.clearance_note else ".")
        )
    for area, why in ctx.caution_of.items():
        notes.append(f"Less load on the {area.value.replace('_', ' ')}: {why}.")
    notes += _impact_notes(ctx)
    if ctx.slow:
        for slowed, rule in ctx.slow.items():
            notes.append(
                f"{FOCUS_TITLES[slowed]} progresses more slowly than usual ({rule}; heuristic)."
            )
    if ctx.pain_monitor:
        names = ", ".join(sorted(x.value.replace("_", " ") for x in ctx.pain_monitor))
        notes.append(
            f"Your pain settles by the next morning, so the plan keeps loading the {names}: "
            + next(iter(ctx.pain_monitor.values()))
            + "."
        )
    if ctx.no_load:
        names = ", ".join(sorted(x.value.replace("_", " ") for x in ctx.no_load))
        notes.append(f"No exercise loads the areas you asked not to load: {names}.")
    if FocusArea.bone in ctx.top and ctx.equipment in (Equipment.none, Equipment.bands):
        notes.append(
            "Bone needs heavy load that bodyweight and bands cannot give: jumps are the route "
            "here, and dumbbells or a gym would add heavy lifts (liftmor2018)."
        )
    return notes


def _impact_notes(ctx: _Ctx) -> list[str]:
    """What a caution does to jumps: none yet, or the graded ramp step by step."""
    if ctx.impact == "blocked":
        return [
            f"No jumps for now ({ctx.impact_why}): they start on the graded impact ramp once you "
            "have passed the return-to-running impact and strength tests (goom2019). Leaking, "
            "heaviness or pelvic pain stops impact while it lasts, whatever the tests say: see a "
            "pelvic-health physiotherapist."
        ]
    if ctx.impact == "graded" and ctx.plyometrics:
        steps = " ".join(x.note for x in ctx.lib.impact)
        return [
            f"Jumps follow the graded impact ramp ({ctx.impact_why}); its weeks count from your "
            f"first week with jumps. {steps} Stay on a step while any pain appears: move on "
            "only after a pain-free week (nsca_plyo; plyo_levels; heuristic)."
        ]
    return []


def _variant_controls(
    opts: PlanOptions, lib: Library, ctx: _Ctx, clamps: list[Clamp], warnings: list[PlanWarning]
) -> tuple[int | None, int | None]:
    """Sessions a week (off-season, in-season) of the variant, and its warnings and clamps."""
    off_n = _sessions_per_week(
        opts.sessions_offseason,
        "sessions_offseason",
        PhaseName.off_season,
        "phase_offseason",
        lib,
        ctx,
        clamps,
        warnings,
    )
    in_n = _sessions_per_week(
        opts.sessions_inseason,
        "sessions_inseason",
        PhaseName.in_season,
        "ronnestad2010",
        lib,
        ctx,
        clamps,
        warnings,
    )
    if not opts.plyometrics:
        warnings.append(
            PlanWarning(
                "Plyometrics are off: jumps combined with heavy lifting improve running "
                "economy more than lifting alone.",
                "barrio2023",
            )
        )
    return off_n, in_n


def _sessions_per_week(
    value: int | None,
    control: str,
    phase: PhaseName,
    src: str,
    lib: Library,
    ctx: _Ctx,
    clamps: list[Clamp],
    warnings: list[PlanWarning],
) -> int | None:
    """The variant's sessions a week (None: the table's), clamped to the safety cap."""
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
                control,
            )
        )
    return value


def _splits(
    ctx: _Ctx, lib: Library, season: Season, off_n: int | None, in_n: int | None
) -> tuple[list[Split], dict[tuple[PhaseName, str], Split], int]:
    """One split per (phase, block) in the season, the lead-in block (competency) first.

    Also the splits by (phase, block) and how many weeks the lead-in blocks last.
    """
    lead_weeks = 0
    split_of: dict[tuple[PhaseName, str], Split] = {}
    splits: list[Split] = []
    builder = _Builder(ctx)
    for phase in season.phases():
        if phase is PhaseName.taper:
            continue
        lead, main = _blocks_for(
            lib, phase, ctx.experience, ctx.reentry, bool(ctx.competency_first)
        )
        for row in [*lead, main]:
            if row.weeks is not None:
                lead_weeks = max(lead_weeks, row.weeks)
            target = row.sessions_target
            if phase is PhaseName.off_season and off_n is not None:
                target = off_n
            if phase is PhaseName.in_season and in_n is not None:
                target = in_n
            templates = split_sessions(ctx, builder, row, phase, max(1, min(target, 3)))
            sp = Split(
                phase=phase,
                block=row.block,
                params=row,
                sessions=templates,
                target=target,
                minimum=row.sessions_min,
                maximum=max(row.sessions_max, target),
                notes=_split_notes(ctx, row),
            )
            split_of[(phase, row.block)] = sp
            splits.append(sp)
    return splits, split_of, lead_weeks


def _split_notes(ctx: _Ctx, row: PhaseRow) -> tuple[str, ...]:
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
    return tuple(split_notes)


def _place_weeks(
    season: Season,
    by_week: tuple[tuple[int, tuple[_Day, ...]], ...],
    lib: Library,
    ctx: _Ctx,
    split_of: dict[tuple[PhaseName, str], Split],
    lead_weeks: int,
    taper_row: PhaseRow,
    activation: SessionTemplate,
) -> tuple[list[PlannedSession], list[_Week]]:
    """The sessions of every week in order: templates in rotation, progressing, with deloads."""
    rows = _week_rows(by_week, lib, ctx, lead_weeks, taper_row)
    # The ladder runs through consecutive weeks of one block name (off- into pre-season
    # strength is one block for progression): runs[i] names week i's run.
    runs: list[int] = []
    for i, (_, _, r) in enumerate(rows):
        same = i and rows[i - 1][2].block == r.block
        runs.append(runs[-1] if same else len(runs) and runs[-1] + 1)
    block_len = Counter(runs)
    min_weeks = int(lib.settings["min_block_weeks"])
    sessions: list[PlannedSession] = []
    placed: list[_Week] = []
    last_pick: date | None = None
    block_week: Counter[tuple[PhaseName, str]] = Counter()
    progressed: Counter[int] = Counter()
    rotation: Counter[tuple[PhaseName, str]] = Counter()
    uses: Counter[tuple[int, str]] = Counter()  # (run, template key) -> its progressing weeks
    ladder = Progressions(ctx, lib)
    technique_note = (
        f"Technique block first ({ctx.competency_first}): learn the lifts with a coach or "
        "physiotherapist before the heavy block."
    )
    graded = ctx.impact == "graded"
    taper = PhaseName.taper
    jump_weeks = 0  # weeks that had jumps so far: the impact ramp's clock (protocols.md §7)
    for (wk, wdays), (normal, week_phase, row), run in zip(by_week, rows, runs, strict=True):
        sp_main = None if week_phase is taper else split_of[(week_phase, row.block)]
        if sp_main is not None:
            target, maximum, minimum = sp_main.target, sp_main.maximum, sp_main.minimum
        else:
            target, maximum, minimum = 0, taper_row.sessions_max, 0
        blk = (week_phase, row.block)
        block_week[blk] += 1
        deload = bool(row.deload_every and block_week[blk] % row.deload_every == 0)
        if not deload:
            progressed[run] += 1
        k = progressed[run] if block_len[run] >= min_weeks else 0
        picks = _pick_days(normal, target, last_pick)
        if picks:
            ramp = lib.impact_step(jump_weeks + 1) if graded else None
            week_sessions, jumped = _week_sessions(
                season,
                picks,
                row,
                sp_main,
                split_of,
                activation,
                deload,
                rotation,
                ladder,
                k,
                ramp,
                (uses, run),
                wk,
            )
            if ctx.competency_first and row.block == "competency":
                week_sessions = [
                    copy_with(s, notes=(*s.notes, technique_note)) for s in week_sessions
                ]
            jump_weeks += jumped
            sessions.extend(week_sessions)
            last_pick = week_sessions[-1].date
        placed.append(_Week(wk, wdays, normal, week_phase, minimum, target, maximum))
    return sessions, placed


def _week_rows(
    by_week: tuple[tuple[int, tuple[_Day, ...]], ...],
    lib: Library,
    ctx: _Ctx,
    lead_weeks: int,
    taper_row: PhaseRow,
) -> list[tuple[tuple[_Day, ...], PhaseName, PhaseRow]]:
    """Each week's non-taper days, phase and phase block (so block lengths are known first)."""
    blocks_memo: dict[PhaseName, tuple[list[PhaseRow], PhaseRow]] = {}
    out: list[tuple[tuple[_Day, ...], PhaseName, PhaseRow]] = []
    taper = PhaseName.taper  # one attribute lookup, not one per day
    for wk, wdays in by_week:
        # The taper ends the season: a week whose last day is not taper has none
        normal = (
            wdays
            if wdays[-1].phase is not taper
            else tuple(x for x in wdays if x.phase is not taper)
        )
        week_phase = _week_phase(normal)
        if week_phase not in blocks_memo:
            blocks_memo[week_phase] = _blocks_for(
                lib, week_phase, ctx.experience, ctx.reentry, bool(ctx.competency_first)
            )
        lead, main = blocks_memo[week_phase]
        row = lead[0] if lead and wk <= lead_weeks else main
        if week_phase is PhaseName.taper:
            row = taper_row
        out.append((normal, week_phase, row))
    return out


_TITLES = tuple(wd.title() for wd in WEEKDAYS)
_HARD_DAY = _placement_text(_Day(date.min, PhaseName.off_season, "hard", "", ""), ())


def _week_sessions(
    season: Season,
    picks: Sequence[_Day],
    row: PhaseRow,
    sp_main: Split | None,
    split_of: dict[tuple[PhaseName, str], Split],
    activation: SessionTemplate,
    deload: bool,
    rotation: Counter[tuple[PhaseName, str]],
    ladder: Progressions,
    k: int,
    ramp: ImpactStep | None,
    uses: tuple[Counter[tuple[int, str]], int] | None,
    wk: int,
) -> tuple[list[PlannedSession], bool]:
    """A week's picked days (in date order) as sessions, each split's next template, light
    where it must be; and whether any session has jumps (the impact ramp's clock, with a ramp).

    A template climbs its ladder one step for each progressing week it is used in (`uses`:
    the counter by (run, key) and this week's run), so at one session a week, where A and B
    alternate, each climbs step by step rather than two steps at a time. `wk` is the season
    week of the days."""
    hard_used: list[str] | None = None  # the week's hard-run days, once another day needs them
    week_sessions: list[PlannedSession] = []
    jump_days = 0
    counted: set[str] = set()
    notes = ("Lighter week (every few weeks; heuristic).",) if deload else ()
    light_jumps = False  # a light session's jumps count for the week, not for its jump days
    items_of = ladder.items
    for x in picks:
        # A day of the week's own phase takes the week's split (sp_main is split_of's entry)
        day_split = (
            sp_main
            if sp_main is not None and x.phase is sp_main.phase
            else split_of.get((x.phase, row.block), sp_main)
        )
        assert day_split is not None
        if x.run == "hard":
            placement = _HARD_DAY
        else:
            if hard_used is None:
                hard_used = [_TITLES[p.d.weekday()] for p in picks if p.run == "hard"]
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
                    wk,
                )
            )
            if ramp is not None and any(_is_jump(ladder, p) for p in activation.items):
                light_jumps = True
            continue
        blk = (day_split.phase, day_split.block)
        turn = rotation[blk]
        rotation[blk] = turn + 1
        tpl = day_split.sessions[turn % len(day_split.sessions)]
        k_tpl = k
        if k and uses is not None:
            counter, run = uses
            if not deload and tpl.key not in counted:
                counted.add(tpl.key)
                counter[(run, tpl.key)] += 1
            k_tpl = max(1, counter[(run, tpl.key)])
        if ramp is None:
            items = items_of(tpl, day_split.params, day_split.phase, k_tpl, deload, wk)
        else:
            jumps_today = ramp.jump_days is None or jump_days < ramp.jump_days
            items = items_of(
                tpl, day_split.params, day_split.phase, k_tpl, deload, wk, ramp, jumps_today
            )
            if any(_is_jump(ladder, p) for p in items):
                jump_days += 1
        week_sessions.append(
            _session(season, x, day_split.block, tpl, items, deload, placement, notes, wk)
        )
    return week_sessions, jump_days > 0 or light_jumps


def _place_taper_activation(
    season: Season,
    days: Sequence[_Day],
    sessions: list[PlannedSession],
    placed: Sequence[_Week],
    activation: SessionTemplate,
    capacity: int,
) -> Counter[int]:
    """Add the taper's single light session: a hard-run day first, as late as allowed (race -2).

    A week holds no more sessions than the runner's days allow in a plain week (`capacity`,
    what the sessions controls tell them), the activation included. Returns the sessions per
    week, that session included.
    """
    # The taper ends the season: its days are the last ones, and only the sessions from the
    # day before it can be a taper day's neighbour (sessions are in date order here)
    taper = PhaseName.taper
    i = len(days)
    while i and days[i - 1].phase is taper:
        i -= 1
    taper_days = [x for x in days[i:] if not x.blocked]
    taper_days.sort(key=lambda x: (_RANK_OF_RUN[x.run], -x.d.toordinal()))
    lo = days[i].d - timedelta(days=1) if i < len(days) else None
    taken: set[date] = set()
    if lo is not None:
        for s in reversed(sessions):
            if s.date < lo:
                break
            taken.add(s.date)
    per_week = Counter(s.week for s in sessions)
    max_of = {w.wk: min(w.maximum, capacity) for w in placed[-3:]}  # the taper's weeks
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
    return per_week


def _week_summary(w: _Week, n: int, season: Season) -> WeekSummary:
    note = ""
    if n < w.minimum or n < w.target:
        note = _shortfall(w.wdays, w.normal, n, w.minimum, w.target, season)
    return WeekSummary(
        w.wk, monday_of(w.wdays[0].d), w.phase, n, w.minimum, w.target, w.maximum, note
    )


def _left_out(
    sessions: Sequence[PlannedSession],
    split_of: dict[tuple[PhaseName, str], Split],
    ctx: _Ctx,
    lib: Library,
    replan: Callable[[dict[str, Any]], Plan] | None = None,
) -> tuple[LeftOut, ...]:
    """The top areas some weeks cannot hold, each named once with the change that fits it.

    With `replan`, a change is named only once planning again with it restores the areas
    (`_checked_fix`)."""
    missed = uncovered_by_area(sessions, ctx.top, lib, ctx.equipment)
    if not any(missed.values()):  # the usual plan: every top area covered, nothing to name
        return ()
    out: list[LeftOut] = []
    named: list[tuple[FocusArea, list[int], dict[tuple[str, str], list[int]], dict[Any, Any]]] = []
    # Both templates of every split must fit: one minutes figure, the largest any one needs.
    need = max(
        (
            g.fix[1]
            for sp in split_of.values()
            for t in sp.sessions
            for g in t.gaps
            if g.fix and g.fix[0] == "minutes"
        ),
        default=0,
    )
    in_week: dict[int, list[PlannedSession]] = {}
    for s in sessions:
        in_week.setdefault(s.week, []).append(s)
    for area in ctx.top:
        weeks = missed[area]
        if not weeks:
            continue
        # Each missed week's reason: the gap of the template its sessions used.
        reason_weeks: dict[tuple[str, str], list[int]] = {}
        fixes: dict[tuple[str, str], tuple[str, Any]] = {}
        for wk in weeks:
            gap = next(
                (
                    g
                    for s in in_week.get(wk, ())
                    if (s.phase, s.block) in split_of
                    for t in split_of[(s.phase, s.block)].sessions
                    if t.key == s.key
                    for g in t.gaps
                    if g.area is area
                ),
                None,
            )
            if gap is not None and gap.fix and gap.fix[0] == "minutes":
                gap = Gap(area, gap.why, f"Sessions of {need} minutes would.", ("minutes", need))
            why, change = (gap.why, gap.change) if gap else _no_gap_reason(ctx, area)
            reason_weeks.setdefault((why, change), []).append(wk)
            if gap is not None and gap.fix is not None:
                fixes[(why, change)] = gap.fix
        named.append((area, weeks, reason_weeks, fixes))
    # One change for every area named with one (the largest minutes and equipment any needs),
    # checked by planning again with it: the runner who applies it gets all of them back.
    changes = _merge_changes({}, (f for *_, fixes in named for f in fixes.values()))
    checked = changes
    if changes and replan is not None:
        unfixable = {
            area: set(weeks) - {wk for r in fixes for wk in reason_weeks[r]}
            for area, weeks, reason_weeks, fixes in named
            if fixes
        }
        checked = _checked_fix(unfixable, changes, replan, lib)
    for area, weeks, reason_weeks, fixes in named:
        fix = checked if fixes else {}
        if fixes and any(dict([f]) != fix for f in fixes.values()):
            # the change that restores it is not the one its gap named: say the one that does
            text = _change_text(fix) if fix else ""
            reason_weeks = {
                ((why, text) if (why, change) in fixes else (why, change)): wks
                for (why, change), wks in reason_weeks.items()
            }
        message = " ".join(
            left_out_message(area, wks, why, change) for (why, change), wks in reason_weeks.items()
        )
        out.append(LeftOut(area, tuple(weeks), message, tuple(sorted(fix.items()))))
    return tuple(out)


def _merge_changes(changes: dict[str, Any], more: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """PlanOptions changes put together: the most minutes and equipment any of them needs."""
    out = dict(changes)
    for field, value in more:
        if field == "minutes" and field in out:
            value = max(value, out[field])
        if field == "equipment" and field in out:
            value = max(Equipment(value), Equipment(out[field]), key=lambda e: e.level).value
        out[field] = value
    return out


MAX_FIX_ROUNDS = 3  # plans made to find the change that restores an area (cost bound)


def _checked_fix(
    unfixable: dict[FocusArea, set[int]],
    changes: dict[str, Any],
    replan: Callable[[dict[str, Any]], Plan],
    lib: Library,
) -> dict[str, Any]:
    """The changes that restore the areas, checked by planning again with them: each area then
    misses only the weeks whose cause no change fits (`unfixable`). Changes not enough take what
    that plan still names for those areas (say, the minutes dumbbell work needs). A change
    that is enough, after which that plan still names one for more of the areas' weeks (weeks
    whose first cause had none: a kettlebell swing needs dumbbells, then the minutes it takes),
    grows by it too, so the runner who applies the change is not sent on to another. Empty
    when none is found in MAX_FIX_ROUNDS plans."""
    enough: dict[str, Any] = {}
    for _ in range(MAX_FIX_ROUNDS):
        again = replan(changes)
        now = uncovered_by_area(again.sessions, tuple(unfixable), lib, again.equipment)
        short = {area for area, weeks in unfixable.items() if not set(now[area]) <= weeks}
        more = _merge_changes(
            changes,
            (f for x in again.left_out if x.area in (short or unfixable) for f in x.fix),
        )
        if not short:
            enough = changes
        if more == changes:
            break
        changes = more
    return enough


def _change_text(changes: dict[str, Any]) -> str:
    """The plain words of a set of PlanOptions changes that fits a left-out area."""
    parts = []
    if "equipment" in changes:
        parts.append(
            {"bands": "bands", "dumbbells": "dumbbells", "gym": "a gym"}[changes["equipment"]]
        )
    if changes.get("plyometrics"):
        parts.append("jumps switched back on")
    if "minutes" in changes:
        parts.append(f"sessions of {changes['minutes']} minutes")
    if list(changes) == ["minutes"]:
        return f"Sessions of {changes['minutes']} minutes would."
    return f"With {' and '.join(parts)} it would fit."


def _no_gap_reason(ctx: _Ctx, area: FocusArea) -> tuple[str, str]:
    """Why a week missed an area its templates hold: a caution's jump rule, or too few days."""
    if area in (FocusArea.power, FocusArea.bone) and ctx.impact:
        if ctx.impact == "blocked":
            return (
                f"jumps wait until a caution allows impact ({ctx.impact_why})",
                "After the return-to-running tests, jumps start on the graded ramp.",
            )
        return (f"the graded impact ramp allows fewer jumps ({ctx.impact_why})", "")
    return ("too few sessions that week to hold every top area", "")


def _block_length_warning(season: Season, sessions: Sequence[PlannedSession]) -> PlanWarning | None:
    """A heavy block shorter than 10 weeks gives less (block_length; eihara2022)."""
    heavy = len({s.week for s in sessions if s.block == "strength" and s.heavy})
    if (
        heavy
        and heavy < 10
        and any(p in season.phases() for p in (PhaseName.off_season, PhaseName.pre_season))
    ):
        return PlanWarning(
            f"The heavy block is {heavy} weeks: blocks of 10 weeks or more improve running "
            "economy about twice as much as 6-8 week blocks.",
            "block_length;eihara2022",
        )
    return None


def _is_jump(ladder: Progressions, p: Prescription) -> bool:
    ex = ladder.lib.exercises.get(p.exercise_id)
    return ex is not None and ex.pattern in IMPACT_PATTERNS


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b
