"""rules/protocols.csv: condition protocols (Achilles, Nordic, heel, ankle, kneecap, descents).

A coach edits one row per dose step; the protocol's own columns sit on its first row. Triggers
are parsed as data (`injury:achilles_tendinopathy:12m`), never evaluated. Checked when the
library loads: exercise ids, sources, stage order, reps per exercise; errors name file, row
and column like every other table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from ..model import BodyArea, Equipment, InjuryType, RaceType, Terrain
from ..tables import load_table, problem

_PROTOCOL_COLUMNS = (
    "title",
    "trigger",
    "none",
    "bands",
    "dumbbells",
    "gym",
    "tempo",
    "keep_clear_days",
    "stop_days_before_a",
    "no_start_days_before_a",
    "pain_rule",
    "plan_note",
)


class Stage(StrEnum):
    ramp = "ramp"
    after = "after"
    in_season = "in_season"
    in_season_start = "in_season_start"


@dataclass(frozen=True, slots=True)
class Term:
    """One trigger term: `kind` injury / pain / race / terrain, and its limits."""

    kind: str
    what: str
    months: int | None = None  # injury: within this many months (None: ever)
    max_pain: int | None = None  # pain: at most this much
    settles: bool = False  # pain: settled by the next morning


_TERM = re.compile(
    r"^(?:injury:(?P<inj>[a-z_]+)(?::(?P<months>\d+)m)?"
    r"|pain:(?P<area>[a-z_]+)(?::(?P<max>\d+):settles)?"
    r"|race:(?P<race>[a-z_0-9]+)|terrain:(?P<terrain>[a-z_]+))$"
)


def _terms(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    out: list[Term] = []
    for part in (p.strip() for p in value.split(";") if p.strip()):
        m = _TERM.match(part)
        if m is None:
            raise ValueError(
                f"{part!r} is not a trigger (injury:<type>[:<N>m], pain:<area>[:<max>:settles], "
                "race:<type>, terrain:<terrain>)"
            )
        if m["inj"]:
            _known(InjuryType, m["inj"], part)
            out.append(Term("injury", m["inj"], int(m["months"]) if m["months"] else None))
        elif m["area"]:
            _known(BodyArea, m["area"], part)
            limit = int(m["max"]) if m["max"] else None
            if limit is not None and not 0 < limit <= 10:
                raise ValueError(f"{part!r}: pain limits run from 1 to 10")
            out.append(Term("pain", m["area"], None, limit, limit is not None))
        elif m["race"]:
            _known(RaceType, m["race"], part)
            out.append(Term("race", m["race"]))
        else:
            _known(Terrain, m["terrain"], part)
            out.append(Term("terrain", m["terrain"]))
    return tuple(out)


def _known(kind: type[StrEnum], value: str, part: str) -> None:
    if value not in {m.value for m in kind}:
        raise ValueError(f"{part!r}: {value!r} is not a known {kind.__name__}")


def _ids(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(";") if p.strip())
    return value


class ProtocolRow(BaseModel):
    """One dose step of a protocol; the protocol-level columns only on its first row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    protocol: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=30)
    title: str = Field("", max_length=60)
    trigger: Annotated[tuple[Term, ...], BeforeValidator(_terms)] = ()
    none: Annotated[tuple[str, ...], BeforeValidator(_ids)] = ()
    bands: Annotated[tuple[str, ...], BeforeValidator(_ids)] = ()
    dumbbells: Annotated[tuple[str, ...], BeforeValidator(_ids)] = ()
    gym: Annotated[tuple[str, ...], BeforeValidator(_ids)] = ()
    tempo: str = Field("", max_length=80)
    keep_clear_days: int | None = Field(None, ge=1, le=3)
    stop_days_before_a: int | None = Field(None, ge=0, le=60)
    no_start_days_before_a: int | None = Field(None, ge=0, le=60)
    pain_rule: str = Field("", max_length=300)
    plan_note: str = Field("", max_length=500)
    stage: Stage
    weeks: str = Field("", pattern=r"^(\d+(-\d+)?)?$")
    sessions_per_week: int | Literal["each"]
    sets: int = Field(ge=1, le=10)
    reps: str = Field(min_length=1, max_length=60)
    intensity: str = Field(min_length=1, max_length=120)
    note: str = Field("", max_length=200)
    source: Annotated[list[str], BeforeValidator(lambda v: list(_ids(v)))] = Field(min_length=1)

    @field_validator("sessions_per_week", mode="before")
    @classmethod
    def _each(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().isdigit():
            n = int(value)
            if not 1 <= n <= 7:
                raise ValueError("sessions_per_week runs from 1 to 7 (or 'each')")
            return n
        return value

    def span(self) -> tuple[int, int] | None:
        if not self.weeks:
            return None
        lo, _, hi = self.weeks.partition("-")
        return int(lo), int(hi or lo)


@dataclass(frozen=True, slots=True)
class Step:
    """One protocol week's dose (a ramp week, or an open-ended stage's weekly dose)."""

    stage: Stage
    week: int  # the protocol week (1-based) for ramp and in_season_start; 0 for the others
    sessions: int | Literal["each"]
    sets: int
    reps: tuple[str, ...]  # one per exercise, or one for all
    intensity: tuple[str, ...]  # one per exercise, or one for all
    note: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class Protocol:
    id: str
    title: str
    trigger: tuple[Term, ...]
    exercises: dict[Equipment, tuple[str, ...]]
    tempo: str
    keep_clear_days: int
    stop_days_before_a: int
    no_start_days_before_a: int
    pain_rule: str
    plan_note: str
    ramp: tuple[Step, ...]  # one per protocol week, in order
    after: Step | None
    in_season: Step | None
    in_season_start: tuple[Step, ...]
    source: tuple[str, ...]  # every source id of its rows, in order

    def reps_of(self, step: Step, i: int) -> str:
        return step.reps[i] if len(step.reps) > 1 else step.reps[0]

    def intensity_of(self, step: Step, i: int) -> str:
        return step.intensity[i] if len(step.intensity) > 1 else step.intensity[0]


def load_protocols(
    path: Path, exercise_ids: set[str], known: frozenset[str], problems: list[str]
) -> tuple[Protocol, ...]:
    """The protocols of the table, in table order; problems are appended, not raised."""
    rows = load_table(path, ProtocolRow, required=["protocol", "stage", "sets", "source"])
    out: list[Protocol] = []
    by_id: dict[str, list[tuple[int, ProtocolRow]]] = {}
    for line, row in rows:
        by_id.setdefault(row.protocol, []).append((line, row))
        problems += [
            problem(path, line, "source", f"unknown source id {sid!r} (see rules/sources.csv)")
            for sid in row.source
            if sid not in known
        ]
    for pid, prow in by_id.items():
        first_line, first = prow[0]
        bad = len(problems)
        for line, row in prow[1:]:
            for col in _PROTOCOL_COLUMNS:
                value = getattr(row, col)
                if value not in ("", (), None) and value != getattr(first, col):
                    problems.append(
                        problem(path, line, col, f"differs from {pid}'s first row: leave it empty")
                    )
        if not first.title:
            problems.append(problem(path, first_line, "title", "a protocol needs a title"))
        if not first.trigger:
            problems.append(problem(path, first_line, "trigger", "a protocol needs a trigger"))
        for eq in Equipment:
            ids = getattr(first, eq.value)
            if not ids:
                problems.append(problem(path, first_line, eq.value, "name the exercise(s)"))
            for ex in ids:
                if ex not in exercise_ids:
                    problems.append(
                        problem(path, first_line, eq.value, f"{ex!r} is no exercise id")
                    )
        counts = {len(getattr(first, eq.value)) for eq in Equipment}
        steps: dict[Stage, list[Step]] = {s: [] for s in Stage}
        for line, row in prow:
            reps = tuple(r.strip() for r in row.reps.split("|"))
            if len(reps) > 1 and counts != {len(reps)}:
                problems.append(
                    problem(path, line, "reps", "one value, or one per exercise of every cell")
                )
            intensity = tuple(x.strip() for x in row.intensity.split("|"))
            if len(intensity) > 1 and counts != {len(intensity)}:
                problems.append(
                    problem(path, line, "intensity", "one value, or one per exercise of every cell")
                )
            if not all(intensity):
                problems.append(problem(path, line, "intensity", "an empty value between '|'"))
            span = row.span()
            weekly = row.stage in (Stage.ramp, Stage.in_season_start)
            if weekly != (span is not None):
                need = "needs" if weekly else "takes no"
                problems.append(problem(path, line, "weeks", f"{row.stage.value} {need} weeks"))
                continue
            if row.sessions_per_week == "each" and row.stage is not Stage.after:
                problems.append(
                    problem(path, line, "sessions_per_week", "'each' only for an after row")
                )
            lo, hi = span or (0, 0)
            if weekly and lo != len(steps[row.stage]) + 1:
                problems.append(
                    problem(path, line, "weeks", f"expected week {len(steps[row.stage]) + 1} next")
                )
            if weekly and hi < lo:
                problems.append(problem(path, line, "weeks", "the range runs backwards"))
            for wk in range(lo, hi + 1) if weekly else [0]:
                steps[row.stage].append(
                    Step(
                        row.stage,
                        wk,
                        row.sessions_per_week,
                        row.sets,
                        reps,
                        intensity,
                        row.note,
                        tuple(row.source),
                    )
                )
        for stage in (Stage.after, Stage.in_season):
            if len(steps[stage]) > 1:
                problems.append(
                    problem(path, first_line, "stage", f"one {stage.value} row at most")
                )
        if not steps[Stage.ramp] and not steps[Stage.after]:
            problems.append(problem(path, first_line, "stage", "a ramp or an after row is needed"))
        if steps[Stage.in_season_start] and not steps[Stage.in_season]:
            problems.append(
                problem(path, first_line, "stage", "in_season_start needs an in_season row")
            )
        if len(problems) > bad:
            continue
        out.append(
            Protocol(
                id=pid,
                title=first.title,
                trigger=first.trigger,
                exercises={eq: getattr(first, eq.value) for eq in Equipment},
                tempo=first.tempo,
                keep_clear_days=first.keep_clear_days or 1,
                stop_days_before_a=first.stop_days_before_a or 0,
                no_start_days_before_a=first.no_start_days_before_a or 0,
                pain_rule=first.pain_rule,
                plan_note=first.plan_note,
                ramp=tuple(steps[Stage.ramp]),
                after=next(iter(steps[Stage.after]), None),
                in_season=next(iter(steps[Stage.in_season]), None),
                in_season_start=tuple(steps[Stage.in_season_start]),
                source=tuple(dict.fromkeys(s for _, r in prow for s in r.source)),
            )
        )
    return tuple(out)
