"""Download buttons for a plan's files, shared by the plan and compare screens.

Every file is built only when its button is clicked (`st.download_button` with a callable
`data`), from the cached plan, so a screen rerun never pays for a CSV, a calendar or a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import streamlit as st

from assessments.clock import zones
from assessments.exports import (
    REMINDER_CHOICES,
    coach_csv_filename,
    csv_filename,
    ics_filename,
    pdf_filename,
)
from assessments.planner import Plan
from ui import plan_cache

CSV_LABEL = "Download schedule (CSV)"
COACH_LABEL = "Download coach CSV (with the reasoning)"
ICS_LABEL = "Download calendar (.ics)"
PDF_LABEL = "Download printable plan (PDF)"


@dataclass(frozen=True)
class Download:
    label: str
    data: Callable[[], bytes]  # built when clicked (deferred), from the cached plan
    file_name: str
    mime: str
    key: str


def draw(d: Download, where: Any = st) -> None:
    """One deferred download button (in `where`: st, a column or a container)."""
    where.download_button(
        d.label, data=d.data, file_name=d.file_name, mime=d.mime, key=d.key, on_click="ignore"
    )


def _reminder_words(minutes: int) -> str:
    if minutes == 0:
        return "No reminder"
    if minutes % (24 * 60) == 0:
        return "1 day before" if minutes == 24 * 60 else f"{minutes // (24 * 60)} days before"
    if minutes % 60 == 0:
        return f"{minutes // 60} hour{'s' if minutes > 60 else ''} before"
    return f"{minutes} minutes before"


def calendar_choices(prefix: str, zone: str = "UTC") -> tuple[time | None, str, int]:
    """The calendar's options: all-day or a time and zone (the runner's by default), and a
    reminder. (at, tz, minutes)."""
    all_day = st.toggle("All-day calendar events", value=True, key=f"{prefix}:all_day")
    at: time | None = None
    tz = zone
    if not all_day:
        c1, c2 = st.columns(2)
        at = c1.time_input("Time", value=time(18, 0), key=f"{prefix}:time")
        names = zones()
        tz = c2.selectbox(
            "Time zone", names, index=names.index(zone) if zone in names else 0, key=f"{prefix}:tz"
        )
    remind = st.selectbox(
        "Reminder",
        REMINDER_CHOICES,
        format_func=_reminder_words,
        key=f"{prefix}:remind",
        help="All-day events: counted from the start of the day (midnight).",
    )
    return at, tz, int(remind)


def plan_files(
    answers_json: str,
    start: date,
    plan: Plan,
    prefix: str,
    zone: str = "UTC",
    opts: str = "",
    past: plan_cache.Past = (),
) -> list[Download]:
    """The plan screen's four files, with the calendar options drawn just before: the plan
    followed (the recorded variant `opts`, earlier assessments' weeks `past`), the same
    sessions as the screen; with neither, the recommended plan."""
    at, tz, remind = calendar_choices(prefix, zone)
    return [
        Download(
            CSV_LABEL,
            lambda: plan_cache.followed_csv(answers_json, start, opts, past),
            csv_filename(plan),
            "text/csv",
            f"{prefix}:download_csv",
        ),
        Download(
            COACH_LABEL,
            lambda: plan_cache.followed_coach_csv(answers_json, start, opts, past),
            coach_csv_filename(plan),
            "text/csv",
            f"{prefix}:download_coach_csv",
        ),
        Download(
            ICS_LABEL,
            lambda: plan_cache.followed_ics(answers_json, start, at, tz, opts, past, remind),
            ics_filename(plan),
            "text/calendar",
            f"{prefix}:download_ics",
        ),
        Download(
            PDF_LABEL,
            lambda: plan_cache.followed_pdf(answers_json, start, opts, past),
            pdf_filename(plan),
            "application/pdf",
            f"{prefix}:download_pdf",
        ),
    ]


def draw_plan_downloads(
    answers_json: str,
    start: date,
    plan: Plan,
    prefix: str = "plan",
    zone: str = "UTC",
    opts: str = "",
    past: plan_cache.Past = (),
) -> None:
    """The plan screen's download section: calendar options, then the four buttons."""
    files = plan_files(answers_json, start, plan, prefix, zone, opts, past)
    for col, d in zip(st.columns(len(files)), files, strict=True):
        draw(d, col)
