"""The ids behind a screen, for its one collapsed "For coaches" detail.

Runner text says everything in words; coaches also want the rules rows and evidence ids
("findings.csv, row calf_low"). The same ids are in the coach CSV columns and the CLI.
"""

from __future__ import annotations

from .findings import Findings
from .focus import FOCUS_TITLES
from .plan_model import Plan, PlannedSession


def results_lines(f: Findings) -> list[str]:
    """Each fired rule: its file and row, what it did, and its evidence ids."""
    lines = [
        f"red_flags.csv, row {r.rule_id}; source {';'.join(s.id for s in r.sources)}"
        for r in f.red_flags
    ]
    lines += [
        f"cautions.csv, row {c.rule_id}; areas {', '.join(c.areas) or '-'}; "
        f"source {';'.join(s.id for s in c.sources)}"
        for c in f.cautions
    ]
    for fs in f.focus:
        for r in fs.rules:
            answers = ", ".join(f"{k} = {v}" for k, v in r.values.items())
            lines.append(
                f"findings.csv, row {r.rule_id}: {r.points:+g} to {FOCUS_TITLES[fs.area]} "
                f"({fs.area.value}); answers {answers or '-'}; "
                f"source {';'.join(s.id for s in r.sources)}"
            )
    return lines


def plan_lines(plan: Plan, nxt: PlannedSession | None) -> list[str]:
    """The ids behind the plan, for coaches: rules files' rows and evidence ids."""
    lines = [
        f"phases.csv, {sp.phase.value} / {sp.block}: {sp.params.sessions_min}-"
        f"{sp.params.sessions_max} sessions a week, {sp.params.sets} × {sp.params.reps}; "
        f"source {';'.join(sp.params.source)}"
        for sp in plan.splits
        if any(s.phase is sp.phase and s.block == sp.block for s in plan.sessions)
    ]
    lines += [f"warning: {w.text} (source {w.source})" for w in plan.warnings]
    lines += [
        f"clamp {c.control}: asked {c.asked}, used {c.used} (source {c.source})"
        for c in plan.clamps
    ]
    if nxt is not None:
        lines += [
            f"next session, exercises.csv row {p.exercise_id}: rule {p.rule}; source {p.source}"
            for p in nxt.items
        ]
    lines.append(
        "Every session's exercise ids, rule ids and sources are in the CSV download "
        "(columns exercise_id, rule, source)."
    )
    return lines
