"""Schedule CSVs: the people CSV (a runner's gym sheet) and the coach CSV (the same rows plus
the reasoning).

One row per exercise per dated session, in date then exercise order. Values are in words
(weekdays, focus areas, "6 to 8"), and every text cell goes through `spreadsheet_text`, so
no spreadsheet runs a formula or turns a range into a date. UTF-8, comma-separated.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..focus import FocusArea
from ..planning.library import Category, Library, PhaseName, library
from ..planning.plan_model import Plan, PlannedSession, Prescription
from ..tables import RulesError
from .cells import range_words, ranges_in_words, safe_text, spreadsheet_text
from .notes import plan_notes
from .words import RUN_WORDS, WEEKDAY_NAMES, focus_name, run_words, session_name, weekday_name

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


def _item_cells(p: Prescription) -> tuple[tuple[object, ...], str, tuple[object, ...]]:
    """(exercise..focus cells, its own note, load and cues cells), in words, made safe."""
    middle = (
        spreadsheet_text(p.name),
        p.sets,
        spreadsheet_text(range_words(p.reps)),
        spreadsheet_text(range_words(p.intensity)),
        p.rest_s,
        spreadsheet_text(focus_name(p.focus)),
    )
    after = (
        spreadsheet_text(range_words(p.load_cue)),
        spreadsheet_text(p.cues),
        spreadsheet_text(p.protocol),
    )
    return middle, range_words(p.note), after


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


def _encoded(text: str) -> str:
    return _field(safe_text(text))


def _encoded_dose(text: str) -> str:
    return _field(safe_text(ranges_in_words(text)))


class _Fields(dict[str, str]):
    """Text -> its encoded CSV field (made safe as `spreadsheet_text` does, then quoted), each
    text worked out once: a season repeats its names, doses, cues and notes on many rows."""

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        out = self[text] = _encoded(text)
        return out


class _FieldsInWords(dict[str, str]):
    """As `_Fields`, for a dose written with ranges in words first (reps, intensity, load)."""

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        out = self[text] = _encoded_dose(text)
        return out


# Content-keyed, so the next plan (a compare variant) reuses them; clear_caches forgets them.
_CELLS = _Fields()
_DOSE_CELLS = _FieldsInWords()
# (the item's own note in words, its session's notes in words) -> the encoded `notes` cell
_NOTES: dict[tuple[str, str], str] = {}
_FOCUS_CELLS = {area: _field(spreadsheet_text(focus_name(area))) for area in FocusArea}
_MAX_CACHED = 8192  # texts per cache before it starts again (a long-running server)


class _LibraryTexts:
    """The texts of a rules library, encoded once (start-up work, so they outlive
    `clear_caches`): the vocabulary of the session cells, the exercises' names and cues, the
    protocols' ids, the dose table's reps and efforts. They are the same for every runner; a
    text made from the runner's answers (notes, stepped reps, load cues) is not among them.
    The first export seeds the text caches with them again after each `clear_caches`."""

    def __init__(self, lib: Library | None) -> None:
        self.lib = lib  # kept: its texts are what the tables below hold
        cells = {*PhaseName, *Category, *WEEKDAY_NAMES.values(), *RUN_WORDS.values(), ""}
        cells |= {session_name(key) for key in "ABCDELR"}
        doses = {""}
        if lib is not None:
            cells |= {x for ex in lib.exercises.values() for x in (ex.name, ex.cues, ex.id)}
            cells |= {p.id for p in lib.protocols}
            doses |= {x for ex in lib.exercises.values() for x in (ex.reps, ex.intensity)}
            doses |= {x for ph in lib.phases for x in (ph.reps, ph.intensity)}
            doses |= {d.effort for d in lib.doses.values()}
        self.cells = {t: _encoded(t) for t in map(str, cells)}
        self.doses = {t: _encoded_dose(t) for t in doses}


# The library whose texts seed the caches: the one in use at the first export, and again after
# the caches overflow (asking for the library on every export would stat its files each time).
# After an edit of the rules the old texts are still right (an encoding is a function of the
# text alone); the new ones are encoded as the runner's own texts are, until the next refresh.
_library_texts: _LibraryTexts | None = None
_seeded = False


def _seed() -> None:
    global _library_texts, _seeded
    if _library_texts is None:
        try:
            _library_texts = _LibraryTexts(library())
        except RulesError:  # a broken rules folder: this plan came from another library
            _library_texts = _LibraryTexts(None)
    _CELLS.update(_library_texts.cells)
    _DOSE_CELLS.update(_library_texts.doses)
    _seeded = True


def _text(plan: Plan, coach: bool) -> str:
    """Same output as csv.writer over `schedule_rows` with "\\n" line ends.

    A season repeats a few sessions and prescriptions many times, so each distinct text is
    made safe and encoded once, each prescription's cells joined once, and each session's
    group of rows (its items and notes) built once: only the date and week differ per session.
    """
    global _library_texts
    if len(_CELLS) > _MAX_CACHED or len(_DOSE_CELLS) > _MAX_CACHED or len(_NOTES) > _MAX_CACHED:
        clear_caches()
        _library_texts = None  # the library may have changed since: ask for it again
    if not _seeded:
        _seed()
    cells, doses, notes_memo = _CELLS, _DOSE_CELLS, _NOTES
    lines = [_line(COACH_COLUMNS if coach else PEOPLE_COLUMNS) + "\n"]
    if coach:
        lines += [_line(r) + "\n" for r in _note_rows(plan)]
    heads: dict[tuple[object, str, str, str], str] = {}
    # per prescription (by id: the plan keeps them alive while this runs): its cells before
    # the notes cell, its own note in words, its cells after the notes cell
    items: dict[int, tuple[str, str, str, str]] = {}
    ends: dict[tuple[int, str, str], str] = {}  # a row after its session's cells, with its "\n"
    blocks: dict[tuple[int, str, str], tuple[str, ...]] = {}  # a session's row ends
    tails: dict[tuple[str, str], str] = {}
    session_words: dict[tuple[str, ...], str] = {}
    for s in plan.sessions:
        k = (s.phase, s.weekday, s.run, s.key)
        head = heads.get(k)
        if head is None:
            head = heads[k] = _head(s, cells)
        session_notes = ""  # (in words, never "" when there are notes)
        if s.notes:
            session_notes = session_words.get(s.notes) or session_words.setdefault(
                s.notes, ranges_in_words(" ".join(s.notes))
            )
        tail = ""
        if coach:
            tk = (s.block, s.placement)
            tail = tails.get(tk) or tails.setdefault(tk, f"{cells[s.block]},{cells[s.placement]}")
        bk = (id(s.items), session_notes, tail)
        block = blocks.get(bk)
        if block is None:
            row_ends = []
            for p in s.items:
                ek = (id(p), session_notes, tail)
                end = ends.get(ek)
                if end is None:
                    item = items.get(id(p))
                    if item is None:
                        item = items[id(p)] = _item(p, coach, cells, doses)
                    middle, note, after, why = item
                    nk = (note, session_notes)
                    notes = notes_memo.get(nk)
                    if notes is None:
                        notes = notes_memo[nk] = _field(safe_text(_join(note, session_notes)))
                    end = ends[ek] = f"{middle},{notes},{after}{tail}{why}\n"
                row_ends.append(end)
            block = blocks[bk] = tuple(row_ends)
        if block:
            # each row is its session's start and its end, copied once into the text (a text
            # per session, joined again, wrote the 270 KB of a season three times)
            start = f"{s.date.isoformat()},{s.week},{head},"  # digits, dashes: nothing to quote
            rows = [start, ""] * len(block)
            rows[1::2] = block
            lines += rows
    return "".join(lines)


def _head(s: PlannedSession, cells: _Fields) -> str:
    """A session's cells from phase to session name, encoded (as `_session_cells` says them)."""
    return ",".join(
        [
            cells[s.phase.value],
            cells[weekday_name(s.weekday)],
            cells[run_words(s.run)],
            cells[session_name(s.key)],
        ]
    )


def _item(
    p: Prescription, coach: bool, cells: _Fields, doses: _FieldsInWords
) -> tuple[str, str, str, str]:
    """A prescription's part of its rows, encoded: the cells before the notes cell, its own
    note in words (the notes cell adds its session's), the cells after it, and for the coach
    CSV the reason, rule and source that follow the session's block and placement."""
    middle = (
        f"{cells[p.name]},{p.sets},{doses[p.reps]},{doses[p.intensity]},{p.rest_s},"
        f"{_FOCUS_CELLS[p.focus]}"
    )
    after = f"{doses[p.load_cue]},{cells[p.cues]},{cells[p.protocol]}"
    why = ""
    if coach:
        after += f",{cells[p.exercise_id]},{cells[p.category.value]},"
        why = f",{cells[p.reason]},{cells[p.rule]},{cells[p.source]}"
    return middle, range_words(p.note), after, why


def schedule_csv(plan: Plan) -> str:
    """The people CSV: what to do on which day, in words (UTF-8 when encoded; ISO dates)."""
    return _text(plan, coach=False)


def coach_csv(plan: Plan) -> str:
    """The coach CSV: the people CSV's rows plus ids, rule, source and placement reasoning, and
    the plan-level notes as rows whose `session` is `notes`."""
    return _text(plan, coach=True)


def clear_caches() -> None:
    """Forget the text caches (benchmarks that measure an export from cold)."""
    for memo in (_CELLS, _DOSE_CELLS, _NOTES):
        memo.clear()
    global _seeded
    _seeded = False  # the library's texts come back, already encoded, on the next export
    for cached in (range_words, spreadsheet_text):
        cached.cache_clear()
