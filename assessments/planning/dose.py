"""Dose by exercise type (rules/doses.csv) and the plain-language load cue.

One labelling scheme: an RM band with reps in reserve (phases.csv) for compound lifts, a stated
effort for everything else; %1RM only as a hint inside the phase's label. Near-maximal RM
loading only for externally loaded squat, hinge and lunge lifts: accessories, band and
bodyweight rows never take the phase's band (protocols.md §9).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..model import Equipment
from .library import (
    COMPOUND_PATTERNS,
    Category,
    DoseType,
    ExerciseRow,
    Library,
    PhaseName,
    PhaseRow,
    per_library,
)

_RANGE = re.compile(r"^(\d+)(?:-(\d+))?(.*)$")
_LEADING_INT = re.compile(r"\d+")
LOADED = (Equipment.dumbbells, Equipment.gym)


class Dose(NamedTuple):
    sets: int
    reps: str
    intensity: str
    rest_s: int
    note: str
    load_cue: str


# id(exercise row) -> (row, type): the row alone decides it, so it outlives clear_caches
# (start-up work, the same for every runner); the identity check keeps a freed row's id from
# hitting, and a bound keeps tests' throwaway rows from piling up.
_TYPE_OF: dict[int, tuple[ExerciseRow, DoseType]] = {}


def clear_caches() -> None:
    """Forget the doses that read the runner's foot contacts (benchmarks measure plans from
    cold). What the library alone decides - an exercise's dose type, the parsed rep ranges,
    the load cues and the doses that read no contacts - is kept: the same for every runner."""
    _DOSES.clear()


def dose_type(ex: ExerciseRow) -> DoseType:
    """Which row of doses.csv doses an exercise: judged on category, pattern and equipment."""
    hit = _TYPE_OF.get(id(ex))
    if hit is not None and hit[0] is ex:
        return hit[1]
    t = _dose_type(ex)
    if len(_TYPE_OF) > 4096:
        _TYPE_OF.clear()
    _TYPE_OF[id(ex)] = (ex, t)
    return t


def _dose_type(ex: ExerciseRow) -> DoseType:
    if ex.category is Category.power and ex.equipment is Equipment.none:
        return DoseType.plyometric
    if ex.equipment is Equipment.none:
        return DoseType.bodyweight
    if ex.equipment is Equipment.bands:
        return DoseType.band
    if ex.category is Category.heavy_strength and ex.pattern in COMPOUND_PATTERNS:
        return DoseType.compound
    return DoseType.accessory


def ladder_kind(ex: ExerciseRow) -> str:
    """The progression ladder of an exercise (rules/progression.csv)."""
    t = dose_type(ex)
    if t is DoseType.plyometric:
        return "jump"
    if t is DoseType.bodyweight:
        return "bodyweight"
    return "loaded"


@lru_cache(maxsize=1024)
def parse_reps(reps: str) -> tuple[int, int, str] | None:
    """(low, high, rest) of "8-12 per leg"; None when it does not start with a number."""
    m = _RANGE.match(reps.strip())
    if m is None:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    return lo, hi, m.group(3)


def is_timed(reps: str) -> bool:
    """A hold in seconds ("20-45 s per side"), not repetitions."""
    parsed = parse_reps(reps)
    return parsed is not None and parsed[2].split()[:1] == ["s"]


def top_reps(reps: str) -> int | None:
    parsed = parse_reps(reps)
    return parsed[1] if parsed else None


@per_library
def _cues(lib: Library) -> dict[tuple[DoseType, str, str], str]:
    """Load cues by (dose type, reps, rir): the library's templates filled with the library's
    rep ranges and reps in reserve (rows, ladders), the same for every runner."""
    return {}


def load_cue(lib: Library, ex: ExerciseRow, reps: str, rir: str) -> str:
    """The cue of the exercise's dose type, with the week's target reps ("" when none)."""
    kind = dose_type(ex)
    cues = _cues(lib)
    key = (kind, reps, rir)
    cue = cues.get(key)
    if cue is None:
        cue = _load_cue(lib.doses[kind].load_cue, reps, rir)
        if len(cues) < 4096:
            cues[key] = cue
    return cue


def _load_cue(template: str, reps: str, rir: str) -> str:
    parsed = parse_reps(reps)
    if not template or parsed is None or is_timed(reps):
        return ""  # timed holds and bodyweight rows need no weight to pick
    target = str(parsed[1]) if parsed[0] == parsed[1] else f"{parsed[0]}-{parsed[1]}"
    return template.replace("{reps}", target).replace("{rir}", rir or "2")


def _clip(reps: str, lo: int, hi: int) -> str:
    """A row's rep range kept within [lo, hi] (the accessory band), per-leg wording kept."""
    parsed = parse_reps(reps)
    if parsed is None:
        return reps
    a, b, rest = max(parsed[0], lo), min(parsed[1], hi), parsed[2]
    if a > b:
        a, b = lo, hi
    return (f"{a}-{b}" if a != b else str(a)) + rest


_DOSES: dict[tuple[int, int, int, PhaseName, int, bool], tuple[object, Dose]] = {}


def base_dose(
    lib: Library,
    ex: ExerciseRow,
    row: PhaseRow,
    phase: PhaseName,
    contacts: int,
    *,
    high_volume: bool = False,
) -> Dose:
    """The block's dose for an exercise, before progression (sets, full rep range, cue).

    Cached: a template is tried against many candidates, and the next template of the split
    doses the same rows again.
    """
    key = (id(lib), id(ex), id(row), phase, contacts, high_volume)
    hit = _DOSES.get(key)
    if hit is not None and hit[0] == (lib, ex, row):
        return hit[1]
    d = _base_dose(lib, ex, row, phase, contacts, high_volume)
    if len(_DOSES) > 8192:
        _DOSES.clear()
    _DOSES[key] = ((lib, ex, row), d)
    return d


def _base_dose(
    lib: Library,
    ex: ExerciseRow,
    row: PhaseRow,
    phase: PhaseName,
    contacts: int,
    high_volume: bool,
) -> Dose:
    per_leg = " per leg" if "per leg" in ex.reps else (" per side" if "per side" in ex.reps else "")
    kind = dose_type(ex)
    if phase is PhaseName.taper:
        if ex.category is Category.heavy_strength:
            return Dose(row.sets + 1, row.reps + per_leg, row.intensity, row.rest_s, "", "")
        return Dose(min(ex.sets, 2), ex.reps, "easy, crisp", min(ex.rest_s, 60), "", "")
    if kind is DoseType.compound:
        reps = row.reps + per_leg
        cue = load_cue(lib, ex, reps, row.rir)
        return Dose(row.sets, reps, row.intensity, row.rest_s, "", cue)
    if kind is DoseType.plyometric:
        m = _LEADING_INT.search(ex.reps)
        per_set = (int(m.group()) if m else 8) * (2 if per_leg else 1)
        sets = max(1, min(5, round(contacts / per_set)))
        return Dose(
            sets, ex.reps, ex.intensity, ex.rest_s, f"about {sets * per_set} foot contacts", ""
        )
    in_season = phase is PhaseName.in_season
    # The rest reads the row only for its sets in season: off- and pre-season blocks share it.
    # The library's alone (no contacts): kept per library, across plans.
    others = _other_doses(lib)
    key = (id(ex), in_season, high_volume, row.sets if in_season else -1)
    hit = others.get(key)
    if hit is not None and hit[0] is ex:
        return hit[1]
    dose = _other_dose(lib, ex, kind, in_season, row.sets, high_volume)
    if len(others) > 8192:  # exercise rows not the library's (tests): bounded
        others.clear()
    others[key] = (ex, dose)
    return dose


@per_library
def _other_doses(lib: Library) -> dict[tuple[int, bool, bool, int], tuple[ExerciseRow, Dose]]:
    """Accessory, band and bodyweight doses by (id(exercise row), in season, high volume,
    the row's sets in season)."""
    return {}


def _other_dose(
    lib: Library, ex: ExerciseRow, kind: DoseType, in_season: bool, row_sets: int, high_volume: bool
) -> Dose:
    """An accessory, band or bodyweight exercise's dose (doses.csv, else the exercise's own)."""
    d = lib.doses[kind]
    if d.source_of_dose == "table" and d.sets is not None and d.rest_s is not None:
        lo, hi = (int(x) for x in d.reps.split("-"))
        sets = d.sets_in_season if in_season and d.sets_in_season else d.sets
        reps, intensity, rest = _clip(ex.reps, lo, hi), d.effort, d.rest_s
    else:
        sets = min(ex.sets, row_sets) if in_season else ex.sets
        reps, intensity, rest = ex.reps, ex.intensity, ex.rest_s
    note = ""
    if high_volume and sets > 2:  # never below two sets
        sets -= 1
        note = "one set fewer: you run a lot already (heuristic)"
    return Dose(sets, reps, intensity, rest, note, load_cue(lib, ex, reps, "2-3"))
