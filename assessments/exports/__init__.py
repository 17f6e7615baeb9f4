"""Schedule downloads: people and coach CSVs, the calendar (.ics) and the printable PDF.

One module per format (table, ics, pdf); `cells` keeps spreadsheet cells safe, `words` says
the plan's codes in words, `names` names the files. The names older code imports from
`assessments.exports` stay here.
"""

from __future__ import annotations

from datetime import date

from ..planning.plan_model import Plan
from .cells import DATE_LIKE, looks_like_data, range_words, safe_cell, spreadsheet_text
from .ics import PRODID, REMINDER_CHOICES, event_uid, schedule_ics
from .names import coach_csv_filename, csv_filename, file_stem, ics_filename, pdf_filename
from .notes import plan_notes
from .table import (
    COACH_COLUMNS,
    CSV_COLUMNS,
    NOTES_SESSION,
    PEOPLE_COLUMNS,
    coach_csv,
    schedule_csv,
    schedule_rows,
)


def plan_pdf(plan: Plan, *, created: date | None = None) -> bytes:
    """The printable plan (see .pdf); fpdf2 is imported on first use, as only it needs it."""
    from .pdf import plan_pdf as build

    return build(plan, created=created)


__all__ = [
    "COACH_COLUMNS",
    "CSV_COLUMNS",
    "DATE_LIKE",
    "NOTES_SESSION",
    "PEOPLE_COLUMNS",
    "PRODID",
    "REMINDER_CHOICES",
    "coach_csv",
    "coach_csv_filename",
    "csv_filename",
    "event_uid",
    "file_stem",
    "ics_filename",
    "looks_like_data",
    "pdf_filename",
    "plan_notes",
    "plan_pdf",
    "range_words",
    "safe_cell",
    "schedule_csv",
    "schedule_ics",
    "schedule_rows",
    "spreadsheet_text",
]
