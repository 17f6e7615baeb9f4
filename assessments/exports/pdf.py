"""The printable plan (PDF) to take to the gym.

Page 1: the season overview, the cautions and the not-a-diagnosis note. Then one section per
block (a run of sessions of one phase and block), each starting on a new page: session cards
(exercises, sets × reps, load cue, rest, cues) and a box to tick per dated session.

Made with fpdf2 (pure Python, small, Unicode TrueType embedding and subsetting built in).
The font is DejaVu Sans, shipped in `fonts/` with its licence: the PDF core fonts cannot
print "×", "≤" or "Łukasz". A character the font lacks is replaced, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..findings import NOT_A_DIAGNOSIS
from ..planning.fit_minutes import session_minutes
from ..planning.plan_model import Plan, PlannedSession, Prescription
from ..planning.retests import RETEST_HOW
from ..planning.season import week_spans
from .cells import range_words
from .notes import plan_notes
from .words import dose, run_words, session_name

FONT = "DejaVu"
MISSING = "\ufffd"  # the replacement character, which the font has
BOX = 3.6  # tick box side, mm
SESSION_DATE = "%a %d %b %Y"  # how a dated session is printed, once per session
_W = 0  # full width for cells


@cache
def _font_dir() -> Path:
    return Path(str(resources.files(__package__).joinpath("fonts")))


@cache
def _font_chars() -> frozenset[int]:
    """Code points the shipped font can draw (regular and bold share the same coverage)."""
    font = TTFont(_font_dir() / "DejaVuSans.ttf", lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def printable(text: str) -> str:
    """`text` with each character the font cannot draw (and control characters) replaced."""
    chars = _font_chars()
    if all(ord(c) in chars for c in text):
        return text
    return "".join(c if ord(c) in chars and (c >= " " or c == "\n") else MISSING for c in text)


@dataclass(frozen=True)
class Block:
    """Consecutive sessions of one phase and block: one section of the printout."""

    phase: str
    block: str
    sessions: tuple[PlannedSession, ...]

    @property
    def heading(self) -> str:
        first, last = self.sessions[0].week, self.sessions[-1].week
        weeks = f"week {first}" if first == last else f"weeks {first} to {last}"
        return f"{self.phase.capitalize()}: {self.block.replace('_', ' ')} block, {weeks}"


def blocks(plan: Plan) -> list[Block]:
    out: list[Block] = []
    run: list[PlannedSession] = []
    for s in plan.sessions:
        if run and (run[-1].phase, run[-1].block) != (s.phase, s.block):
            out.append(Block(run[0].phase.value, run[0].block, tuple(run)))
            run = []
        run.append(s)
    if run:
        out.append(Block(run[0].phase.value, run[0].block, tuple(run)))
    return out


def _cards(b: Block) -> Iterator[tuple[PlannedSession, list[PlannedSession]]]:
    """Sessions of a block grouped by identical content: (first of them, all of them)."""
    groups: dict[tuple[object, ...], list[PlannedSession]] = {}
    for s in b.sessions:
        groups.setdefault((s.key, s.items, s.deload, s.notes), []).append(s)
    for group in groups.values():
        yield group[0], group


class _Doc(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        fonts = _font_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(16, 14, 16)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 8)
        self.set_text_color(110)
        self.cell(_W, 5, printable(f"{self._footer_text} · page {self.page_no()}"), align="C")
        self.set_text_color(0)

    def para(
        self, text: str, size: float = 10, style: str = "", h: float = 5, indent: float = 0
    ) -> None:
        """Left-aligned wrapped text, one cell per line.

        fpdf2's multi_cell re-measures the growing line for every character; wrapping here
        measures each word once and made a season's printout several times faster.
        """
        self.set_font(FONT, style, size)
        width = self.w - self.l_margin - self.r_margin - indent
        for line in self._wrap(printable(text), width):
            self.set_x(self.l_margin + indent)
            self.cell(width, h, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        space = self.get_string_width(" ")
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                w = self.get_string_width(word)
                if line and used + space + w > width:
                    lines.append(line)
                    line, used = "", 0.0
                while w > width and len(word) > 1:  # a word wider than the page: cut it
                    cut = len(word) - 1
                    while cut > 1 and self.get_string_width(word[:cut]) > width:
                        cut = max(1, cut * 3 // 4)
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = self.get_string_width(word)
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
            lines.append(line)
        return lines

    def heading(self, text: str, size: float = 16) -> None:
        self.para(text, size, "B", h=size * 0.5)
        self.ln(2)

    def bullets(self, lines: list[str], size: float = 10) -> None:
        for line in lines:
            self.para(f"• {line}", size)


def _overview(doc: _Doc, plan: Plan) -> None:
    season = plan.season
    who = f" for {plan.runner_name}" if plan.runner_name else ""
    doc.heading(f"Strength plan{who}", 20)
    race = season.a_race
    goal = (
        f"to your A race on {race.date:%A %d %B %Y}"
        if race
        else f"for {season.weeks} weeks of general fitness (no race)"
    )
    doc.para(
        f"From {season.start:%A %d %B %Y} {goal}: {len(plan.sessions)} strength sessions over "
        f"{season.weeks} weeks, {plan.heavy_weeks} weeks of heavy loading, about "
        f"{plan.minutes} minutes a session.",
        11,
    )
    doc.ln(2)
    doc.para("The season", 12, "B")
    by_phase = plan.sessions_by_phase()
    doc.bullets(
        [f"{s.phase.value}: {s.start:%d %B} to {s.end:%d %B} ({s.days} days)" for s in season.spans]
    )
    doc.para("Sessions: " + ", ".join(f"{p.value} {n}" for p, n in by_phase.items()) + ".", 10)
    doc.ln(2)
    doc.para("Cautions", 12, "B")
    cautions = list(plan.cautions)
    cautions += [f"{c.control}: {c.why} (used {c.used})" for c in plan.clamps]
    cautions += [w.text for w in plan.warnings]
    if plan.shortfall:
        cautions.append(plan.shortfall)
    doc.bullets([range_words(c) for c in cautions] or ["None from your answers."])
    doc.ln(2)
    doc.para("About this plan", 12, "B")
    doc.bullets([range_words(n) for n in plan_notes(plan)])
    doc.ln(2)
    if plan.retests:  # the calendar's retest days, so the printout tells the same season
        doc.para("Retest days", 12, "B")
        doc.bullets([f"{r.date:%A %d %B %Y}: {range_words(r.why)}" for r in plan.retests])
        doc.para(RETEST_HOW, 9)
        doc.ln(2)
    doc.para("Not a diagnosis", 12, "B")
    doc.para(NOT_A_DIAGNOSIS)
    doc.ln(2)
    doc.para(
        "Each of the following sections is one block of the season. Do the session on its "
        "card on each date listed under it, and tick the box when it is done.",
        9,
    )


def _exercise(doc: _Doc, i: int, p: Prescription) -> None:
    doc.para(f"{i}. {p.name}: {dose(p)}, {range_words(p.intensity)}, rest {p.rest_s} s", 10, "B")
    extra = []
    if p.load_cue:
        extra.append(f"Load: {range_words(p.load_cue)}")
    if p.note:
        extra.append(f"Note: {range_words(p.note)}")
    if p.cues:
        extra.append(f"How: {p.cues}")
    for line in extra:
        doc.para(line, 9, h=4.4, indent=5)
    doc.ln(1)


def _tick(doc: _Doc, s: PlannedSession) -> None:
    if doc.will_page_break(6):
        doc.add_page()
    y = doc.get_y()
    doc.rect(doc.l_margin + 1, y + 0.7, BOX, BOX)
    doc.set_x(doc.l_margin + BOX + 4)
    where = "a rest day" if s.run == "rest" else f"after your {run_words(s.run)}"
    doc.set_font(FONT, "", 10)
    doc.cell(
        _W,
        5,
        printable(f"{s.date:{SESSION_DATE}} · week {s.week} · {where}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    doc.ln(0.8)


def _block(doc: _Doc, plan: Plan, b: Block) -> None:
    doc.add_page()
    doc.heading(b.heading)
    for first, group in _cards(b):
        title = session_name(first.key) + (", deload week" if first.deload else "")
        weeks = sorted({s.week for s in group})
        title += f", week {weeks[0]}" if len(weeks) == 1 else f", weeks {week_spans(weeks, ' to ')}"
        minutes = session_minutes(plan.minutes, first)
        if doc.will_page_break(30):
            doc.add_page()
        doc.set_fill_color(235)
        doc.set_font(FONT, "B", 12)
        doc.cell(
            _W,
            7,
            printable(f"{title} · about {minutes} min"),
            fill=True,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        doc.ln(1.5)
        for i, p in enumerate(first.items, 1):
            _exercise(doc, i, p)
        for n in first.notes:
            doc.para(range_words(n), 9)
        if doc.will_page_break(12):  # the heading never alone at the foot of a page
            doc.add_page()
        doc.para("Dates (tick when done):", 10, "B")
        for s in group:
            _tick(doc, s)
        doc.ln(4)


def plan_pdf(plan: Plan, *, created: date | None = None) -> bytes:
    """The printable plan. `created` (default: the assessment date) is the document date, so
    the same plan gives the same file."""
    who = plan.runner_name or "your strength plan"
    doc = _Doc(f"Strength plan · {who}" if plan.runner_name else who.capitalize())
    doc.set_title(printable(f"Strength plan {plan.runner_name}".strip()))
    doc.set_creator("runner-strength")
    when = created or plan.assessed_on
    doc.set_creation_date(datetime.combine(when, time(0, 0), tzinfo=UTC))
    doc.add_page()
    _overview(doc, plan)
    for b in blocks(plan):
        _block(doc, plan, b)
    return bytes(doc.output())
