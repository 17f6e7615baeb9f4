"""Schedule CSVs: the people CSV (a runner's gym sheet) and the coach CSV (the same rows plus
the reasoning).

One row per exercise per dated session, in date then exercise order. Values are in words
(weekdays, focus areas, "6 to 8"), and every text cell goes through `spreadsheet_text`, so
no spreadsheet runs a formula or turns a range into a date. UTF-8, comma-separated.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from operator import attrgetter

from ..focus import FocusArea
from ..planning.library import Category
from ..planning.plan_model import Plan, PlannedSession, Prescription
from .cells import range_words, spreadsheet_text
from .notes import plan_notes
from .words import focus_name, run_words, session_name, weekday_name

PEOPLE_COLUMNS = (
    "date",
    "week",
    "phase",
    "weekday",
    "run",
    "session",
    "exercise",
    "sets",
    "reps",
    "intensity",
    "rest_s",
    "focus",
    "notes",
    # more may follow the required ones
    "load",
    "cues",
    "protocol",  # the condition protocol (rules/protocols.csv) of the exercise, or ""
)
COACH_COLUMNS = (
    *PEOPLE_COLUMNS,
    "exercise_id",
    "category",
    "block",
    "placement",
    "reason",
    "rule",
    "source",
)
CSV_COLUMNS = PEOPLE_COLUMNS  # the name older code imports
NOTES_SESSION = "notes"  # the `session` of the coach CSV's plan-level note rows


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a and b else a or b


# The fields a row's item cells are made of, read in one call (also the text cache's key).
_ITEM_FIELDS = attrgetter(
    "name", "sets", "reps", "intensity", "rest_s", "focus", "load_cue", "cues", "protocol", "note"
)
_ItemFields = tuple[str, int, str, str, int, FocusArea, str, str, str, str]


def _item_cells(p: Prescription) -> tuple[tuple[object, ...], str, tuple[object, ...]]:
    """(exercise..focus cells, its own note, load and cues cells), in words, made safe."""
    return _cells_of(_ITEM_FIELDS(p))


def _cells_of(fields: _ItemFields) -> tuple[tuple[object, ...], str, tuple[object, ...]]:
    name, sets, reps, intensity, rest_s, focus, load_cue, cues, protocol, note = fields
    middle = (
        spreadsheet_text(name),
        sets,
        spreadsheet_text(range_words(reps)),
        spreadsheet_text(range_words(intensity)),
        rest_s,
        spreadsheet_text(focus_name(focus)),
    )
    after = (
        spreadsheet_text(range_words(load_cue)),
        spreadsheet_text(cues),
        spreadsheet_text(protocol),
    )
    return middle, range_words(note), after


def _coach_cells(p: Prescription) -> tuple[object, ...]:
    return (
        spreadsheet_text(p.exercise_id),
        spreadsheet_text(p.category.value),
        spreadsheet_text(p.reason),
        spreadsheet_text(p.rule),
        spreadsheet_text(p.source),
    )


def _session_cells(s: PlannedSession) -> tuple[object, ...]:
    return (
        s.date.isoformat(),
        s.week,
        spreadsheet_text(s.phase.value),
        spreadsheet_text(weekday_name(s.weekday)),
        spreadsheet_text(run_words(s.run)),
        spreadsheet_text(session_name(s.key)),
    )


def _note_rows(plan: Plan) -> list[tuple[object, ...]]:
    """The coach CSV's plan-level notes: rows whose `session` is `notes`."""
    rows: list[tuple[object, ...]] = []
    for note in plan_notes(plan):
        cells: list[object] = [""] * len(COACH_COLUMNS)
        cells[COACH_COLUMNS.index("session")] = NOTES_SESSION
        cells[COACH_COLUMNS.index("notes")] = spreadsheet_text(note)
        rows.append(tuple(cells))
    return rows


def schedule_rows(
    plan: Plan, *, safe: bool = True, coach: bool = False
) -> list[tuple[object, ...]]:
    """The CSV's rows without the header: the people CSV's, or with `coach` the coach CSV's
    (its plan-level note rows first). Cells are always made safe (`safe` is kept for callers
    of the older signature). A prescription is shared by many sessions, so its cells are built
    once per plan, not once per row."""
    rows: list[tuple[object, ...]] = _note_rows(plan) if coach else []
    items: dict[int, tuple[tuple[object, ...], str, tuple[object, ...]]] = {}
    why: dict[int, tuple[object, ...]] = {}
    notes_memo: dict[tuple[str, str], str] = {}
    for s in plan.sessions:
        head = _session_cells(s)
        session_notes = range_words(" ".join(s.notes))
        tail = (spreadsheet_text(s.block), spreadsheet_text(s.placement)) if coach else ()
        for p in s.items:
            built = items.get(id(p))
            if built is None:
                built = items[id(p)] = _item_cells(p)
            middle, note, after = built
            key = (note, session_notes)
            notes = notes_memo.get(key)
            if notes is None:
                notes = notes_memo[key] = spreadsheet_text(_join(note, session_notes))
            row: tuple[object, ...] = (*head, *middle, notes, *after)
            if coach:
                ident = why.get(id(p))
                if ident is None:
                    ident = why[id(p)] = _coach_cells(p)
                row = (*row, *ident[:2], *tail, *ident[2:])
            rows.append(row)
    return rows


def _field(value: object) -> str:
    """One CSV field, quoted as the csv module's QUOTE_MINIMAL would (RFC 4180)."""
    text = value if isinstance(value, str) else str(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _line(values: Iterable[object]) -> str:
    return ",".join(_field(v) for v in values)


def _text(plan: Plan, coach: bool) -> str:
    """Same output as csv.writer over `schedule_rows` with "\\n" line ends.

    A season repeats a few sessions and prescriptions many times, so each distinct group of
    cells is made safe and encoded once: a 52-week plan's CSV stays around a millisecond.
    """
    rows = _note_rows(plan) if coach else []
    lines = [_line(COACH_COLUMNS if coach else PEOPLE_COLUMNS), *(_line(r) for r in rows)]
    heads: dict[tuple[object, str, str, str], str] = {}
    items: dict[int, tuple[str, str, str, tuple[str, str]]] = {}
    notes_memo: dict[tuple[str, str], str] = {}
    # A row's end per (prescription, session notes, coach tail): blocks share prescriptions.
    ends_memo: dict[tuple[int, str, str], str] = {}
    tails: dict[tuple[str, str], str] = {}
    # A session's rows differ from another session's with the same items only in their first
    # cells: each (items, session notes, coach tail) group of row ends is built once.
    blocks: dict[tuple[int, str, str], tuple[str, ...]] = {}
    for s in plan.sessions:
        k = (s.phase, s.weekday, s.run, s.key)
        head = heads.get(k)
        if head is None:
            head = heads[k] = _line(_session_cells(s)[2:])
        start = f"{s.date.isoformat()},{s.week},{head},"  # digits and dashes: nothing to quote
        session_notes = range_words(" ".join(s.notes)) if s.notes else ""
        tail = ""
        if coach:
            tk = (s.block, s.placement)
            tail = tails.get(tk) or tails.setdefault(
                tk, _line((spreadsheet_text(s.block), spreadsheet_text(s.placement)))
            )
        bk = (id(s.items), session_notes, tail)
        ends = blocks.get(bk)
        if ends is None:
            ends = blocks[bk] = tuple(
                [
                    ends_memo.get((id(p), session_notes, tail))
                    or _row_end(p, coach, session_notes, tail, items, notes_memo, ends_memo)
                    for p in s.items
                ]
            )
        if ends:
            lines.append(start + ("\n" + start).join(ends))
    lines.append("")
    return "\n".join(lines)


def _row_end(
    p: Prescription,
    coach: bool,
    session_notes: str,
    tail: str,
    items: dict[int, tuple[str, str, str, tuple[str, str]]],
    notes_memo: dict[tuple[str, str], str],
    ends_memo: dict[tuple[int, str, str], str],
) -> str:
    """A row's cells after its session's (exercise to the end), encoded (never "")."""
    cached = items.get(id(p))
    if cached is None:
        cached = items[id(p)] = (
            *_item_text(_ITEM_FIELDS(p)),
            _coach_text(p.exercise_id, p.category, p.reason, p.rule, p.source)
            if coach
            else ("", ""),
        )
    middle_text, note, after_text, (ids, why) = cached
    nk = (note, session_notes)
    notes = notes_memo.get(nk)
    if notes is None:
        notes = notes_memo[nk] = _notes_field(note, session_notes)
    end = f"{middle_text},{notes},{after_text}"
    if coach:
        end = f"{end},{ids},{tail},{why}"
    ends_memo[(id(p), session_notes, tail)] = end
    return end


@lru_cache(maxsize=4096)  # a pure function of the two texts; seasons repeat their notes
def _notes_field(note: str, session_notes: str) -> str:
    """The encoded `notes` cell: the item's own note and its session's."""
    return _field(spreadsheet_text(_join(note, session_notes)))


# Cached by content: the encoded text is a pure function of these fields, and a season (and the
# next plan variant) repeats the same prescriptions as new objects many times.
@lru_cache(maxsize=4096)
def _item_text(fields: _ItemFields) -> tuple[str, str, str]:
    """(exercise..focus cells encoded, the item's own note in words, load..protocol encoded)."""
    middle, own_note, after = _cells_of(fields)
    return _line(middle), own_note, _line(after)


@lru_cache(maxsize=4096)  # pure function of its arguments (see _item_text)
def _coach_text(
    exercise_id: str, category: Category, reason: str, rule: str, source: str
) -> tuple[str, str]:
    """The coach CSV's (exercise_id, category) and (reason, rule, source) cells, encoded."""
    ident = (
        spreadsheet_text(exercise_id),
        spreadsheet_text(category.value),
        spreadsheet_text(reason),
        spreadsheet_text(rule),
        spreadsheet_text(source),
    )
    return _line(ident[:2]), _line(ident[2:])


def schedule_csv(plan: Plan) -> str:
    """The people CSV: what to do on which day, in words (UTF-8 when encoded; ISO dates)."""
    return _text(plan, coach=False)


def coach_csv(plan: Plan) -> str:
    """The coach CSV: the people CSV's rows plus ids, rule, source and placement reasoning, and
    the plan-level notes as rows whose `session` is `notes`."""
    return _text(plan, coach=True)


def clear_caches() -> None:
    """Forget the text caches (benchmarks that measure an export from cold)."""
    for cached in (_item_text, _coach_text, _notes_field, range_words, spreadsheet_text):
        cached.cache_clear()
