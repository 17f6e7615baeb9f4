"""The plan a runner follows across retests.

The file records the plan's start and variant (`Assessment.plan`). Every assessment in the
history gets its own plan from that same start, so season, blocks and progression counts are
the same in all of them; each week then takes its sessions from the plan of the assessment in
force that week. A retest is in force from the Monday after its `assessed_on`: the weeks
before keep the exercises they had, the weeks after follow the new ranking of focus areas.
Plans are made (and cached) one assessment at a time, never on the whole history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

from .plan_model import Plan
from .season import monday_of

E = TypeVar("E")


def in_force_from(assessed_on: date) -> date:
    """The Monday after the week of an assessment: when its exercise choice takes over."""
    return monday_of(assessed_on) + timedelta(days=7)


def parts(entries: Sequence[tuple[date, E]], start: date) -> list[tuple[date, E]]:
    """(from which Monday, which assessment) for a plan from `start`, oldest first.

    `entries` are (assessed_on, assessment) oldest first, drafts already left out. The first
    part is the assessment in force at the start (the latest one before its first week ends,
    or the earliest if all come later); each later one takes over from `in_force_from`.
    """
    if not entries:
        return []
    first = monday_of(start)
    out: list[tuple[date, E]] = [(first, entries[0][1])]
    for on, e in entries[1:]:
        begin = in_force_from(on)
        if begin <= first:
            out[0] = (first, e)
        else:
            out.append((begin, e))
    return out


def stitched(plans: Sequence[tuple[date, Plan]]) -> Plan:
    """One plan from several made from the same start: each (from Monday, plan) gives the
    sessions and week summaries from that Monday until the next part's; the last plan gives
    everything else (focus, splits, notes, retest days)."""
    if len(plans) == 1:
        return plans[0][1]
    begins = [date.min] + [b for b, _ in plans[1:]]
    ends = begins[1:] + [date.max]
    sessions = []
    weeks = []
    for (_, plan), begin, end in zip(plans, begins, ends, strict=True):
        sessions += [s for s in plan.sessions if begin <= s.date < end]
        weeks += [w for w in plan.weeks if begin <= w.monday < end]
    last = plans[-1][1]
    return replace(last, sessions=tuple(sessions), weeks=tuple(weeks), _by_date={})
