"""Comparing two plans: the variant controls, their ranges and defaults, and the differences.

The compare screen draws controls for plan B; everything it needs to know about them comes
from here, so the page holds no numbers of its own:
- `controls()` gives each control's range and its default, which is the recommendation's
  value for this runner (so a control left alone changes nothing).
- `plan_options()` turns the controls' values into PlanOptions holding only the departures from
  the recommendation; a value equal to the recommendation stays None. (The planner treats an
  explicit value differently from None in places, e.g. a lead-in block keeps its own
  target only when the sessions control is None.)
- `encode()` / `decode()` write settings as a short URL-safe text (plan A's settings after a
  swap; plan B's live in the URL through its widgets). Answers never go into this text.
- `difference_table()` and `notices()`: the comparison in numbers and in plain words.
Safety clamps and evidence warnings themselves are decided by the planner; this module only
words them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

import pandas as pd

from .focus import FOCUS_TITLES, FocusArea
from .library import Library, PhaseName, library
from .model import WEEKDAYS, Aim, Assessment, Equipment, Goals, StrengthExperience
from .placement import week_pattern, weekly_capacity
from .planner import EMPHASIS_BY_AIM, Plan, PlanOptions
from .questionnaire import label
from .rules import SourceRow, load_rules
from .season import NO_RACE_WEEKS, PlanInputError, build_season

DAYS_A_WEEK = 7  # a sessions control can ask for any day; the planner clamps above its cap
MINUTES_RANGE = (10, 180, 5)  # the answer's own range (Goals.minutes_per_session), in 5s
# (in 1s when the runner's answer is not a multiple of 5, so the control can show it)
DEFAULT_MINUTES = 45  # the planner's default when the answer is missing
# Emphasis steps: the three aims' defaults plus both ends. 0 = performance, 1 = resilience.
EMPHASIS_WORDS = {
    0.0: "performance only",
    EMPHASIS_BY_AIM[Aim.performance]: "mostly performance",
    EMPHASIS_BY_AIM[Aim.both]: "balanced",
    EMPHASIS_BY_AIM[Aim.injury_resilience]: "mostly injury resilience",
    1.0: "injury resilience only",
}
EMPHASIS_STEPS = tuple(sorted(EMPHASIS_WORDS))
CONTROL_TITLES = {
    "sessions_offseason": "Sessions a week in the off-season",
    "sessions_inseason": "Sessions a week in season",
    "minutes": "Minutes per session",
    "offseason_end": "Off-season ends on",
    "emphasis": "Emphasis",
    "plyometrics": "Plyometrics (jumps)",
    "equipment": "Equipment",
}
SEPARATOR = "_"  # no value contains it: digits, dates, decimals, "none", equipment names
# Short names for the URL text of encode()/decode(); one per Settings field.
_CODES = {
    "sessions_offseason": "off",
    "sessions_inseason": "in",
    "minutes": "min",
    "offseason_end": "end",
    "emphasis": "emp",
    "plyometrics": "plyo",
    "equipment": "eq",
}
# The phase each sessions control sets (the pre-season and taper follow the rules tables).
SESSIONS_PHASE = {
    "sessions_offseason": PhaseName.off_season,
    "sessions_inseason": PhaseName.in_season,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The values of the variant controls for one plan (every control has a value)."""

    sessions_offseason: int
    sessions_inseason: int
    minutes: int
    offseason_end: date | None  # None: no off-season window (as in the answers)
    emphasis: float  # 0 performance ... 1 injury resilience
    plyometrics: bool
    equipment: Equipment


@dataclass(frozen=True, slots=True)
class Controls:
    """What the compare screen's controls may show: ranges, choices and defaults."""

    recommended: Settings
    sessions: tuple[int, int]  # min, max of both sessions controls
    minutes: tuple[int, int, int]  # min, max, step
    offseason_end: tuple[date, date]  # earliest, latest date the control offers
    emphasis: tuple[float, ...]
    equipment: tuple[Equipment, ...]
    phases: tuple[PhaseName, ...]  # phases of the recommendation's season
    # The most sessions a week the runner's days can hold (placement.weekly_capacity), the
    # weekdays that may hold strength, and why the others may not ((reason, days) pairs).
    usable: int = DAYS_A_WEEK
    usable_days: tuple[str, ...] = WEEKDAYS
    blocked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    goals_json: str = ""  # the answers' goals, for the season of another off-season end
    start: date | None = None
    season_notes: tuple[str, ...] = ()

    def effective(self, s: Settings) -> Settings:
        """The settings plan B is made with: sessions a week no more than the runner's days
        hold (a higher ask would change nothing, and the plan's words would not match its
        sessions), and a sessions control whose phase the season lacks left at its default."""
        out = {}
        phases = self.phases_for(s.offseason_end)
        for name, phase in SESSIONS_PHASE.items():
            value = getattr(s, name)
            if phase not in phases:
                value = getattr(self.recommended, name)
            elif value > self.usable:
                value = max(self.usable, min(value, getattr(self.recommended, name)))
            out[name] = value
        return replace(s, **out)

    def phases_for(self, offseason_end: date | None) -> tuple[PhaseName, ...]:
        """The season's phases with this off-season end (without making a plan)."""
        if offseason_end == self.recommended.offseason_end or not self.goals_json:
            return self.phases
        assert self.start is not None
        return _phases(self.goals_json, self.start, offseason_end) or self.phases

    def sessions_note(self) -> str:
        """Why the sessions controls stop changing the plan above `usable`, in plain words."""
        if self.usable >= DAYS_A_WEEK:
            return ""
        n = self.usable
        words = self.usable_words()
        why = self.blocked_words()
        return f"{words[0].upper()}{words[1:]}. {why} A higher setting gives {n} a week."

    def usable_words(self) -> str:
        """ "your usable days (Tue, Thu) allow at most 2 sessions a week" """
        n = self.usable
        days = ", ".join(d.title() for d in self.usable_days) or "none"
        return f"your usable days ({days}) allow at most {n} session{'' if n == 1 else 's'} a week"

    def blocked_words(self) -> str:
        """Why the other days hold no strength, and the day between strength days."""
        text = " ".join(
            f"{', '.join(d.title() for d in days)}: {why.replace('you marked it ', 'marked ')}."
            for why, days in self.blocked
        )
        if self.usable < len(self.usable_days):
            text += (" " if text else "") + "Strength days need a day between them."
        return text

    def disabled_reason(self, name: str, offseason_end: date | None) -> str:
        """Why a sessions control does nothing for this season ("" when it applies)."""
        phase = SESSIONS_PHASE[name]
        if phase in self.phases_for(offseason_end):
            return ""
        why = " ".join(n for n in self.season_notes if "off-season" in n)
        text = f"This season has no {phase.value}, so this setting does not apply."
        if phase is PhaseName.off_season:
            text += (why and f" {why}") + " Set an off-season end date to give plan B one."
        return text

    def clamp(self, s: Settings) -> Settings:
        """Settings brought into the controls' ranges (values from a URL may be anything)."""
        lo, hi = self.sessions
        m_lo, m_hi, step = self.minutes
        end = s.offseason_end
        if end is not None:
            end = min(max(end, self.offseason_end[0]), self.offseason_end[1])
        minutes = min(max(s.minutes, m_lo), m_hi)
        minutes = m_lo + round((minutes - m_lo) / step) * step
        emphasis = min(self.emphasis, key=lambda e: (abs(e - s.emphasis), e))
        return replace(
            s,
            sessions_offseason=min(max(s.sessions_offseason, lo), hi),
            sessions_inseason=min(max(s.sessions_inseason, lo), hi),
            minutes=min(minutes, m_hi),
            offseason_end=end,
            emphasis=emphasis,
        )


def _main_target(lib: Library, phase: PhaseName, exp: StrengthExperience) -> int:
    rows = lib.blocks(phase, exp)
    main = [r for r in rows if r.weeks is None] or rows
    return main[-1].sessions_target


def controls(
    assessment: Assessment, start: date, plan: Plan | None = None, lib: Library | None = None
) -> Controls:
    """The controls for this runner and start date; defaults are the recommendation's values.

    `plan` (the recommendation, when already made) gives the season's phases.
    """
    lib = lib or library()
    g = assessment.goals
    exp = assessment.history.strength_experience or StrengthExperience.none
    minutes = g.minutes_per_session or DEFAULT_MINUTES
    m_lo, m_hi, step = MINUTES_RANGE
    if minutes % step:
        step = 1
    recommended = Settings(
        sessions_offseason=_main_target(lib, PhaseName.off_season, exp),
        sessions_inseason=_main_target(lib, PhaseName.in_season, exp),
        minutes=min(max(minutes, m_lo), m_hi),
        offseason_end=g.offseason_end,
        emphasis=EMPHASIS_BY_AIM.get(g.aim or Aim.both, EMPHASIS_BY_AIM[Aim.both]),
        plyometrics=True,
        equipment=g.equipment or Equipment.none,
    )
    race = g.a_race(on_or_after=start + timedelta(days=1))
    # The off-season can end from a week after the start to the day before the A race (the
    # planner clamps dates inside the taper and says why), or the season's last day.
    latest = race.date - timedelta(days=1) if race else start + timedelta(weeks=NO_RACE_WEEKS)
    earliest = min(start + timedelta(days=7), latest)
    if recommended.offseason_end is not None:
        earliest = min(earliest, recommended.offseason_end)
        latest = max(latest, recommended.offseason_end)
    phases = tuple(plan.season.phases()) if plan is not None else ()
    _, blocked = week_pattern(g)
    usable_days = tuple(wd for wd, why in zip(WEEKDAYS, blocked, strict=True) if not why)
    reasons: dict[str, tuple[str, ...]] = {}
    for wd, why in zip(WEEKDAYS, blocked, strict=True):
        if why:
            reasons[why] = (*reasons.get(why, ()), wd)
    return Controls(
        usable=weekly_capacity(g),
        usable_days=usable_days,
        blocked=tuple(reasons.items()),
        goals_json=g.model_dump_json(),
        start=start,
        season_notes=tuple(plan.season.notes) if plan is not None else (),
        recommended=recommended,
        sessions=(0, DAYS_A_WEEK),
        minutes=(m_lo, m_hi, step),
        offseason_end=(earliest, latest),
        emphasis=EMPHASIS_STEPS,
        equipment=tuple(Equipment),
        phases=phases,
    )


@lru_cache(maxsize=32)
def _phases(goals_json: str, start: date, offseason_end: date | None) -> tuple[PhaseName, ...]:
    """The phases of the season for another off-season end; () when it makes no season.

    The end is moved before the A race's taper first, as the planner does.
    """
    goals = Goals.model_validate_json(goals_json)
    race = goals.a_race(on_or_after=start + timedelta(days=1))
    if offseason_end is not None and race is not None:
        offseason_end = min(offseason_end, race.date - timedelta(days=8))
    try:
        return tuple(build_season(goals, start, offseason_end).phases())
    except PlanInputError:
        return ()


def plan_options(s: Settings, recommended: Settings) -> PlanOptions:
    """The planner's options for these settings: only departures from the recommendation."""
    return PlanOptions(
        sessions_offseason=_differs(s.sessions_offseason, recommended.sessions_offseason),
        sessions_inseason=_differs(s.sessions_inseason, recommended.sessions_inseason),
        minutes=_differs(s.minutes, recommended.minutes),
        offseason_end=_differs(s.offseason_end, recommended.offseason_end),
        emphasis=_differs(s.emphasis, recommended.emphasis),
        plyometrics=s.plyometrics,
        equipment=_differs(s.equipment, recommended.equipment),
    )


def _differs(value: Any, default: Any) -> Any:
    return None if value == default else value


def departures(s: Settings, recommended: Settings) -> list[str]:
    """Plain words for each control that differs from the recommendation."""
    out = []
    for f in fields(Settings):
        mine, rec = getattr(s, f.name), getattr(recommended, f.name)
        if mine != rec:
            out.append(
                f"{CONTROL_TITLES[f.name].lower()}: {_words(f.name, mine)} "
                f"(recommended: {_words(f.name, rec)})"
            )
    return out


def _words(name: str, value: Any) -> str:
    if value is None:
        return "no off-season"
    if name == "emphasis":
        return EMPHASIS_WORDS.get(value, f"{value:.1f}")
    if name == "plyometrics":
        return "on" if value else "off"
    if name == "equipment":
        return label(Equipment, value)
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    return str(value)


def encode(s: Settings, recommended: Settings) -> str:
    """Settings as short URL-safe text, departures only ("" for the recommendation)."""
    parts = []
    for f in fields(Settings):
        value = getattr(s, f.name)
        if value == getattr(recommended, f.name):
            continue
        if value is None:
            text = "none"
        elif isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, date):
            text = value.isoformat()
        elif isinstance(value, Equipment):
            text = value.value
        else:
            text = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(f"{_CODES[f.name]}{text}")
    return SEPARATOR.join(parts)


def decode(text: str, ctl: Controls) -> Settings:
    """Settings from `encode()`'s text; unknown or invalid parts keep the recommendation."""
    values: dict[str, Any] = {}
    by_code = sorted(_CODES.items(), key=lambda kv: -len(kv[1]))  # "min" before "in"
    for part in filter(None, (p.strip() for p in text.split(SEPARATOR))):
        for name, code in by_code:
            if part.startswith(code):
                try:
                    values[name] = _parse(name, part[len(code) :])
                except ValueError:
                    pass
                break
    return ctl.clamp(replace(ctl.recommended, **values))


def _parse(name: str, raw: str) -> Any:
    if name in ("sessions_offseason", "sessions_inseason", "minutes"):
        return int(raw)
    if name == "offseason_end":
        return None if raw == "none" else date.fromisoformat(raw)
    if name == "emphasis":
        value = float(raw)
        if not 0 <= value <= 1:
            raise ValueError(raw)
        return value
    if name == "plyometrics":
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"
    return Equipment(raw)


# --- the difference table ------------------------------------------------------------------


def frame(columns: Mapping[str, list[Any]]) -> pd.DataFrame:
    """A DataFrame from columns, in their order.

    Straight from a dict of lists: a slider move builds five small tables (this one and the
    charts'), and passing `columns=` or object arrays (pandas 3 still infers text as `str`)
    made each take nearly twice as long to build, for the same frame.
    """
    return pd.DataFrame(dict(columns))


DIFFERENCE_COLUMNS = ["What", "Plan A", "Plan B", "Difference"]


def difference_rows(a: Plan, b: Plan) -> list[tuple[str, int, int]]:
    """(what, plan A, plan B) for sessions, sets per focus area, easy/rest days, heavy weeks."""
    sa, sb = a.summary(), b.summary()
    rows: list[tuple[str, int, int]] = [
        ("Strength sessions in all", sa["sessions"], sb["sessions"])
    ]
    present = set(sa["sessions_by_phase"]) | set(sb["sessions_by_phase"])
    for phase in PhaseName:
        if phase.value in present:
            rows.append(
                (
                    f"Sessions in the {phase.value}",
                    sa["sessions_by_phase"].get(phase.value, 0),
                    sb["sessions_by_phase"].get(phase.value, 0),
                )
            )
    total_a = sum(sa["sets_by_focus"].values())
    total_b = sum(sb["sets_by_focus"].values())
    rows.append(("Sets in all", total_a, total_b))
    for area in FocusArea:
        na, nb = sa["sets_by_focus"][area.value], sb["sets_by_focus"][area.value]
        if na or nb:
            rows.append((f"Sets: {FOCUS_TITLES[area]}", na, nb))
    rows.append(
        ("Strength days on easy-run or rest days", sa["easy_or_rest_days"], sb["easy_or_rest_days"])
    )
    rows.append(("Weeks of heavy loading", sa["heavy_weeks"], sb["heavy_weeks"]))
    return rows


def difference_table(a: Plan, b: Plan) -> pd.DataFrame:
    """The difference table: one row per measure, plan A, plan B and B minus A."""
    rows = difference_rows(a, b)
    return frame(
        {
            "What": [r[0] for r in rows],
            "Plan A": [r[1] for r in rows],
            "Plan B": [r[2] for r in rows],
            "Difference": [_signed(r[2] - r[1]) for r in rows],
        }
    )


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("0" if n == 0 else f"−{-n}")


# --- clamps and warnings in plain words ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Notice:
    kind: Literal["clamp", "days", "warning"]  # days: more than the runner's days hold
    text: str
    source: str  # the sources in words (citation, grade), or "our own rule of thumb"


def cite(ids: str, sources: Mapping[str, SourceRow] | None = None) -> str:
    """`;`-joined source ids in words: citations with their evidence grade."""
    known = sources if sources is not None else load_rules().sources
    out = []
    for sid in dict.fromkeys(p.strip() for p in ids.split(";") if p.strip()):
        row = known.get(sid)
        if row is None or row.grade == "heuristic":
            out.append("our own rule of thumb (no published figure)")
        else:
            out.append(f"{row.citation} (evidence grade {row.grade})")
    return "; ".join(dict.fromkeys(out))


def held(plan: Plan, phase: PhaseName) -> str:
    """What a plan holds in a phase, counted from its sessions: "2 a week in most in-season
    weeks (18 sessions in the in-season)"."""
    weeks = [w.week for w in plan.weeks if w.phase is phase]
    per_week = Counter(s.week for s in plan.sessions if s.phase is phase)
    total = sum(per_week.values())
    if not weeks:
        return f"no {phase.value}"
    if not total:
        return f"no sessions in the {phase.value}"
    counts = Counter(per_week.get(w, 0) for w in weeks)
    top = max(counts.values())
    usual = max(n for n, k in counts.items() if k == top)  # the most common; the higher on a tie
    return (
        f"{usual} a week in most {phase.value} weeks "
        f"({total} session{'' if total == 1 else 's'} in the {phase.value})"
    )


def notices(
    plan: Plan,
    sources: Mapping[str, SourceRow] | None = None,
    asked: Settings | None = None,
    ctl: Controls | None = None,
) -> list[Notice]:
    """A plan's clamps (a control held back by a safety rule or by the runner's days) and its
    evidence warnings, each with the counts the plan holds.

    `asked` (the controls' values) and `ctl` add a clamp for a sessions control set above what
    the runner's days hold (Controls.effective).
    """
    out: list[Notice] = []
    if asked is not None and ctl is not None:
        used = ctl.effective(asked)
        for name, phase in SESSIONS_PHASE.items():
            want, got = getattr(asked, name), getattr(used, name)
            if want > got and phase in plan.season.phases():
                out.append(
                    Notice(
                        "days",
                        f"{CONTROL_TITLES[name]}: you asked for {want}, but "
                        f"{ctl.usable_words()}, so the plan holds {held(plan, phase)}. "
                        + ctl.blocked_words(),
                        cite("gap_heuristic", sources),
                    )
                )
    for c in plan.clamps:
        clamped = SESSIONS_PHASE.get(c.control)
        holds = (
            f"the plan holds {held(plan, clamped)}"
            if clamped
            else f"the plan uses {_asked(c.control, c.used)}"
        )
        out.append(
            Notice(
                "clamp",
                f"{CONTROL_TITLES.get(c.control, c.control)}: you asked for "
                f"{_asked(c.control, c.asked)}; {holds}. {c.why}",
                cite(c.source, sources),
            )
        )
    for w in plan.warnings:
        warned = SESSIONS_PHASE.get(w.control)
        text = w.text + (f" The plan holds {held(plan, warned)}." if warned else "")
        out.append(Notice("warning", text, cite(w.source, sources)))
    return out


def _asked(control: str, raw: str) -> str:
    if control == "offseason_end":
        try:
            return f"{date.fromisoformat(raw):%d %b %Y}"
        except ValueError:
            return raw
    return raw
