"""The dated schedule as the runner reads it: the next session, the weeks ahead, the season.

Everything here is drawn from `plan.sessions`, the same dated sessions as the CSV and the
calendar, so what the screen shows cannot drift from the files. Session templates that no week
uses never appear. The words are decided here, not on the page; the page only draws them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .library import PhaseName
from .model import Race
from .plan_model import Plan, PlannedSession, Prescription
from .planning.fit_minutes import session_minutes
from .rules import SourceRow
from .season import monday_of
from .wording import evidence_lines, without_ids, words

RUN_WORDS = {
    "hard": "after your hard run",
    "long": "after your long run",
    "easy": "after your easy run",
    "rest": "on a rest day (no run)",
}
CONTROL_WORDS = {
    "minutes": "Minutes per session",
    "offseason_end": "End of the off-season",
    "sessions_offseason": "Strength sessions a week in the off-season",
    "sessions_inseason": "Strength sessions a week in the in-season",
    "emphasis": "Emphasis",
    "equipment": "Equipment",
}
# What a runner can change when a warning's evidence (its source id) is involved.
WARNING_ACTIONS = {
    "block_length": "To lengthen it, start the plan earlier or let your off-season run later "
    "(try it on the Compare screen).",
    "barrio2023": "Turn plyometrics back on unless a professional advised against jumping.",
}
DEFAULT_ACTION = "You can try other choices on the Compare screen."


# --- which sessions ------------------------------------------------------------------------


def next_session(plan: Plan, today: date) -> PlannedSession | None:
    """The first session on or after `today` (the runner's date in their time zone)."""
    dates = [s.date for s in plan.sessions]
    i = bisect_left(dates, today)
    return plan.sessions[i] if i < len(plan.sessions) else None


def weeks_ahead(
    plan: Plan, today: date
) -> tuple[tuple[PlannedSession, ...], tuple[PlannedSession, ...]]:
    """The rest of this week and the next week (Monday to Sunday), without the next session."""
    nxt = next_session(plan, today)
    monday = monday_of(today)
    this_end, next_end = monday + timedelta(days=7), monday + timedelta(days=14)
    rest = tuple(s for s in plan.sessions if today <= s.date < this_end and s is not nxt)
    coming = tuple(s for s in plan.sessions if this_end <= s.date < next_end and s is not nxt)
    return rest, coming


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def season_summary(plan: Plan) -> str:
    """ "From 15 March 2027 to your A race on ...: 40 strength sessions over 14 weeks, ..." """
    season = plan.season
    race = season.a_race
    goal = (
        f"to your A race on {race.date:%A %d %B %Y}"
        if race
        else f"for {_n(season.weeks, 'week')} of general fitness (no race)"
    )
    return (
        f"From {season.start:%d %B %Y} {goal}: "
        f"{_n(len(plan.sessions), 'strength session')} over {_n(season.weeks, 'week')}, "
        f"{_n(plan.heavy_weeks, 'week')} of heavy loading."
    )


# --- one session as a card ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExerciseLine:
    name: str
    dose: str  # "3 × 8-12"
    load: str  # the load cue, or the intensity when there is none
    rest: str  # "rest 90 s"
    note: str  # a reduction or substitution, in words
    cues: str  # how to do it
    why: str
    evidence: tuple[str, ...]  # "Citation: strong evidence (...)", this exercise's own


@dataclass(frozen=True, slots=True)
class SessionCard:
    when: str  # "Wednesday 17 March 2027"
    title: str  # "Strength session A · off-season"
    run: str  # "after your hard run"
    why_day: str
    minutes: int
    exercises: tuple[ExerciseLine, ...]
    notes: tuple[str, ...]
    dose_evidence: tuple[str, ...]  # the evidence behind every exercise's dose, once


def session_title(s: PlannedSession) -> str:
    name = "Light activation session" if s.key == "L" else f"Strength session {s.key}"
    if s.rehab:
        name = "Protocol work (rehab)"
    return f"{name} · {s.phase.value}"


def session_short(s: PlannedSession) -> str:
    """ "Wed 17 Mar: session A" (the agenda's and the week lists' words for a session)."""
    what = "light session" if s.key == "L" else f"session {s.key}"
    if s.rehab:
        what = "protocol work"
    return f"{s.date:%a} {s.date.day} {s.date:%b}: {what}"


def session_card(
    plan: Plan,
    s: PlannedSession,
    sources: Mapping[str, SourceRow],
    ids: Collection[str] | None = None,
) -> SessionCard:
    """One dated session in words; `ids` (default: the source ids) are taken out of its text."""
    ids = set(sources) if ids is None else ids
    per_item = [[i.strip() for i in p.source.split(";") if i.strip()] for p in s.items]
    shared = set.intersection(*(set(x) for x in per_item)) if len(per_item) > 1 else set()
    minutes = session_minutes(plan.minutes, s)
    return SessionCard(
        when=f"{s.date:%A} {s.date.day} {s.date:%B %Y}",
        title=session_title(s),
        run=RUN_WORDS.get(s.run, f"on a {words(s.run)} day"),
        why_day=without_ids(s.placement, ids),
        minutes=minutes,
        exercises=tuple(_line(p, shared, sources, ids) for p in s.items),
        notes=tuple(without_ids(n, ids) for n in s.notes),
        dose_evidence=evidence_lines(";".join(sorted(shared)), sources),
    )


def _line(
    p: Prescription, shared: set[str], sources: Mapping[str, SourceRow], ids: Collection[str]
) -> ExerciseLine:
    own = ";".join(i for i in p.source.split(";") if i.strip() and i.strip() not in shared)
    return ExerciseLine(
        name=p.name,
        dose=f"{p.sets} × {p.reps}",
        load=without_ids(p.load_cue or p.intensity, ids),
        rest=f"rest {p.rest_s} s",
        note=without_ids(p.note, ids),
        cues=p.cues,
        why=without_ids(p.reason, ids),
        evidence=evidence_lines(own, sources),
    )


# --- the season, week by week ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgendaWeek:
    week: int
    monday: date
    phase: PhaseName
    sessions: tuple[PlannedSession, ...]
    lighter: bool
    races: tuple[Race, ...]
    note: str  # why fewer sessions, in words
    same_note: bool = False  # the same reason as the week before: said once, not every week

    @property
    def label(self) -> str:
        return f"Week {self.week} · {self.monday.day} {self.monday:%b}"

    def text(self) -> str:
        """What the week holds: its sessions, a lighter week, races, fewer sessions and why."""
        events = [(s.date, session_short(s)) for s in self.sessions]
        for r in self.races:
            name = r.name or words(r.type.value)
            events.append(
                (r.date, f"{r.date:%a} {r.date.day} {r.date:%b}: race, {name} ({r.priority} race)")
            )
        parts = [text for _, text in sorted(events, key=lambda e: e[0])]
        if not self.sessions:
            parts.insert(0, "no strength session")
        if self.lighter:
            parts.append("lighter week")
        if self.note and self.same_note:
            parts.append("fewer sessions than planned, for the same reason as the week before")
        elif self.note:
            parts.append(self.note)
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class AgendaPhase:
    phase: PhaseName
    weeks: tuple[AgendaWeek, ...]

    @property
    def heading(self) -> str:
        first, last = self.weeks[0].monday, self.weeks[-1].monday + timedelta(days=6)
        n = len(self.weeks)
        counts = sorted({len(w.sessions) for w in self.weeks})
        per = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
        keys = sorted({s.key for w in self.weeks for s in w.sessions} - {"L", "R"})
        light = any(s.key == "L" for w in self.weeks for s in w.sessions)
        what = [f"sessions {', '.join(keys)}"] if keys else []
        what += ["light sessions"] if light else []
        what += ["protocol work"] if any(s.rehab for w in self.weeks for s in w.sessions) else []
        often = f"{per} session{'s' if per != '1' else ''} a week" if counts[-1] else "no sessions"
        return " · ".join(
            [
                self.phase.value.capitalize(),
                f"{first.day} {first:%b} – {last.day} {last:%b %Y}",
                f"{n} week{'s' if n != 1 else ''}",
                often,
                *what,
            ]
        )


def season_agenda(plan: Plan, ids: Collection[str] = ()) -> tuple[AgendaPhase, ...]:
    """Every week of the season in order, grouped into runs of the same phase."""
    by_week: dict[int, list[PlannedSession]] = {}
    for s in plan.sessions:
        by_week.setdefault(s.week, []).append(s)
    phases: list[tuple[PhaseName, list[AgendaWeek]]] = []
    last_note = ""
    for w in plan.weeks:
        sessions = tuple(by_week.get(w.week, ()))
        end = w.monday + timedelta(days=6)
        races = tuple(r for r in plan.season.races if w.monday <= r.date <= end)
        week = AgendaWeek(
            week=w.week,
            monday=w.monday,
            phase=w.phase,
            sessions=sessions,
            lighter=any(s.deload for s in sessions),
            races=races,
            note=without_ids(w.note, ids),
            same_note=_reason(w.note) == last_note and bool(w.note),
        )
        last_note = _reason(w.note)
        if phases and phases[-1][0] is w.phase:
            phases[-1][1].append(week)
        else:
            phases.append((w.phase, [week]))
    return tuple(AgendaPhase(p, tuple(ws)) for p, ws in phases)


def _reason(note: str) -> str:
    """A shortfall note without its count ("1 session this week instead of 2 planned: ...")."""
    return note.split(":", 1)[-1].strip()


def split_columns(
    agenda: tuple[AgendaPhase, ...],
) -> tuple[tuple[AgendaPhase, ...], tuple[AgendaPhase, ...]]:
    """The off-season side (off- and pre-season) and the in-season side (in-season, taper)."""
    off = (PhaseName.off_season, PhaseName.pre_season)
    return (
        tuple(p for p in agenda if p.phase in off),
        tuple(p for p in agenda if p.phase not in off),
    )


# --- warnings as actions --------------------------------------------------------------------


def warning_texts(plan: Plan, ids: Collection[str]) -> list[str]:
    """Each warning and clamp: what it means for this runner and what they could change."""
    out = []
    for c in plan.clamps:
        control = CONTROL_WORDS.get(c.control, words(c.control).capitalize())
        out.append(f"{control}: {without_ids(c.why, ids)} We used {words(c.used)}.")
    for w in plan.warnings:
        action = next(
            (a for sid, a in WARNING_ACTIONS.items() if sid in w.source.split(";")),
            DEFAULT_ACTION,
        )
        out.append(f"{without_ids(w.text, ids)} {action}")
    return out
