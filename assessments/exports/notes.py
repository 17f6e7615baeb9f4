"""The plan-level notes every file carries (coach CSV rows, each calendar event, the PDF's first
page): the plan's own notes (clearance, cautions, what was left out), the credit given to the
runner's power yoga or climbing, and the warnings with their source."""

from __future__ import annotations

from ..planning.plan_model import Plan


def plan_notes(plan: Plan) -> tuple[str, ...]:
    credit = [n for sp in plan.splits for n in sp.notes if "counts as strength work" in n]
    warnings = [f"{w.text} ({w.source})" for w in plan.warnings]
    return tuple(dict.fromkeys([*plan.notes, *credit, *warnings]))
