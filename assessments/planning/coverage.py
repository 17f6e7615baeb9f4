"""Direct work and coverage: does each top focus area get trained often enough?

"Direct work" for an area is an exercise whose focus lists that area first or second; for the
posterior chain it must also be a hinge or bridge; for bone, a loaded compound lift at few
enough reps (plan_settings.csv: bone_max_reps) or a jump. The top three are the first three
areas with a score above 0 as the plan ranks them, apart from those the runner's power yoga or
climbing is credited for. They need direct work in every off-/pre-season week with a heavy
session, and at least every second such week in season; an area that cannot get it is named
in `Plan.left_out` with the change that would fit it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..focus import FOCUS_TITLES, FocusArea
from ..model import Equipment
from .dose import LOADED, dose_type, top_reps
from .library import COMPOUND_PATTERNS, DoseType, ExerciseRow, Library, Pattern, PhaseName
from .plan_model import LeftOut, PlannedSession, Prescription
from .season import week_spans

TOP_N = 3
BONE_JUMPS = "bone jumps"  # the block of bone_days.py's jump-only sessions (direct bone work)
_POSTERIOR = frozenset({Pattern.hinge, Pattern.bridge})


def top_areas(
    ranked: Sequence[tuple[FocusArea, int]], credited: Iterable[FocusArea]
) -> list[FocusArea]:
    """The first three scored areas as the plan ranks them, minus those an activity covers."""
    scored = [a for a, s in ranked if s > 0][:TOP_N]
    covered = set(credited)
    return [a for a in scored if a not in covered]


def is_direct(
    ex: ExerciseRow, area: FocusArea, reps: str, lib: Library, equipment: Equipment
) -> bool:
    """Whether this exercise at this dose is direct work for the area."""
    if area is FocusArea.bone:
        if ex.pattern is Pattern.jump:
            return True
        top = top_reps(reps)
        limit = lib.settings["bone_max_reps"]
        if ex.equipment is Equipment.dumbbells:  # the heaviest dumbbell lifts: 6-8RM
            limit = lib.settings["bone_max_reps_dumbbells"]
        return (
            dose_type(ex) is DoseType.compound
            and ex.equipment in LOADED
            and ex.pattern in COMPOUND_PATTERNS
            and top is not None
            and top <= limit
        )
    if area not in ex.focus[:2]:
        return False
    if area is FocusArea.posterior_chain:
        return ex.pattern in _POSTERIOR
    return True


def prescription_direct(
    p: Prescription, area: FocusArea, lib: Library, equipment: Equipment
) -> bool:
    ex = lib.exercises.get(p.exercise_id)
    return ex is not None and is_direct(ex, area, p.reps_range or p.reps, lib, equipment)


def uncovered_by_area(
    sessions: Sequence[PlannedSession],
    areas: Sequence[FocusArea],
    lib: Library,
    equipment: Equipment,
) -> dict[FocusArea, list[int]]:
    """Per area, the weeks that needed direct work for it and did not get it (one pass).

    Off-/pre-season: every week with a heavy session. In season: no two such weeks in a row
    without it (the second of the two is returned).
    """
    # By exercise and rep range (all prescription_direct reads) and by items tuple (weeks
    # share both): each judged once per area.
    direct: dict[tuple[str, str], frozenset[FocusArea]] = {}
    by_items: dict[int, frozenset[FocusArea]] = {}
    every = len(set(areas))

    def covers(items: Sequence[Prescription]) -> frozenset[FocusArea]:
        hit = by_items.get(id(items))
        if hit is None:
            got: set[FocusArea] = set()
            for p in items:
                key = (p.exercise_id, p.reps_range or p.reps)
                mine = direct.get(key)
                if mine is None:
                    mine = direct[key] = frozenset(
                        a for a in areas if prescription_direct(p, a, lib, equipment)
                    )
                got |= mine
                if len(got) == every:  # every area already: the rest cannot add one
                    break
            hit = by_items[id(items)] = frozenset(got)
        return hit

    heavy: dict[int, tuple[PhaseName, set[FocusArea]]] = {}
    extra: dict[int, set[FocusArea]] = {}  # weeks whose jump-only bone days give direct work
    for s in sessions:
        if s.block == BONE_JUMPS:
            extra.setdefault(s.week, set()).update(covers(s.items))
        if not s.heavy or s.block in ("light", "activation"):
            continue
        week = heavy.get(s.week)
        if week is None:
            week = heavy[s.week] = (s.phase, set())
        if len(week[1]) < every:  # a week with every area covered needs no more looks
            week[1].update(covers(s.items))
    if all(len(w[1]) == every for w in heavy.values()):  # the usual plan: nothing missed
        return {area: [] for area in areas}
    out: dict[FocusArea, list[int]] = {}
    for area in areas:
        missed: list[int] = []
        prev_in_season_miss = False
        for wk in sorted(heavy):
            phase, hit_areas = heavy[wk]
            hit = area in hit_areas or area in extra.get(wk, ())
            if phase is PhaseName.in_season:
                if not hit and prev_in_season_miss:
                    missed.append(wk)
                prev_in_season_miss = not hit
            else:
                prev_in_season_miss = False
                if not hit:
                    missed.append(wk)
        out[area] = missed
    return out


def left_out_message(area: FocusArea, weeks: Sequence[int], why: str, change: str) -> str:
    title = FOCUS_TITLES[area]
    span = _weeks_text(weeks)
    text = f"{title} (a top focus area) gets no direct work in {span}: {why}."
    return text + (f" {change}" if change else "")


def _weeks_text(weeks: Sequence[int]) -> str:
    return f"week {weeks[0]}" if len(weeks) == 1 else "weeks " + week_spans(weeks)


__all__ = [
    "TOP_N",
    "LeftOut",
    "is_direct",
    "left_out_message",
    "prescription_direct",
    "top_areas",
    "uncovered_by_area",
]
