"""One name for a plan's files: `strength-plan[-runner]-START[-variant].EXT`."""

from __future__ import annotations

from ..planning.plan_model import Plan


def file_stem(plan: Plan, variant: str = "") -> str:
    """`strength-plan[-runner]-START[-variant]`: one name for a plan's CSV and calendar files."""
    name = "".join(c if c.isalnum() else "-" for c in plan.runner_name.lower()).strip("-")
    parts = ["strength-plan", name, plan.season.start.isoformat(), variant]
    return "-".join(p for p in parts if p)


def csv_filename(plan: Plan, variant: str = "") -> str:
    return file_stem(plan, variant) + ".csv"


def coach_csv_filename(plan: Plan, variant: str = "") -> str:
    return file_stem(plan, variant) + "-coach.csv"


def ics_filename(plan: Plan, variant: str = "") -> str:
    return file_stem(plan, variant) + ".ics"


def pdf_filename(plan: Plan, variant: str = "") -> str:
    return file_stem(plan, variant) + ".pdf"
