"""Earlier assessments in one file: the timeline, retests, and merging an added file.

All pure functions on `Assessment`: the screens ask, show what needs the runner's say
(a conflict, another runner's file) and call `merged` with the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .model import MAX_EARLIER, Assessment, EarlierAssessment, SelfTests
from .storage import MAX_FILE_BYTES, dump_assessment

ANSWER_PARTS = ("history", "health", "self_tests", "goals")
Choice = Literal["kept", "added"]


class HistoryFull(ValueError):
    """The merged history would be longer than a file may hold."""


def snapshot(a: Assessment) -> EarlierAssessment:
    """The current assessment's answers and date, as an entry of the history."""
    return EarlierAssessment(assessed_on=a.assessed_on, **{p: getattr(a, p) for p in ANSWER_PARTS})


def timeline(a: Assessment) -> list[EarlierAssessment]:
    """Every assessment in the file, oldest first; the last one is the current."""
    return [*a.earlier, snapshot(a)]


def as_assessment(e: EarlierAssessment) -> Assessment:
    """One entry as an assessment of its own (to score it); no history, name or plan."""
    return Assessment(assessed_on=e.assessed_on, **{p: getattr(e, p) for p in ANSWER_PARTS})


def same_answers(x: EarlierAssessment, y: EarlierAssessment) -> bool:
    return all(getattr(x, p) == getattr(y, p) for p in ANSWER_PARTS)


def with_timeline(a: Assessment, entries: list[EarlierAssessment]) -> Assessment:
    """`a`'s name and plan record with this history: the latest entry becomes the current."""
    entries = sorted(entries, key=lambda e: e.assessed_on)
    if len(entries) - 1 > MAX_EARLIER:
        raise HistoryFull(
            f"a file holds at most {MAX_EARLIER + 1} assessments; this would make {len(entries)}"
        )
    latest = entries[-1]
    data = a.model_dump(mode="python", exclude={"earlier", *ANSWER_PARTS})
    data |= {p: getattr(latest, p).model_dump(mode="python") for p in ANSWER_PARTS}
    data["assessed_on"] = latest.assessed_on
    data["earlier"] = [e.model_dump(mode="python") for e in entries[:-1]]
    out = Assessment.model_validate(data)
    size = len(dump_assessment(out).encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise HistoryFull(
            f"the file would be {size:,} bytes, more than the {MAX_FILE_BYTES // 1024} KB a file "
            "may hold; keep a copy of this file and start a new one from your latest assessment"
        )
    return out


def retest(a: Assessment, on: date) -> Assessment:
    """A new current assessment dated `on` with empty self-tests and every other answer kept;
    the one it replaces joins the history. `on` must be after the current date."""
    if on <= a.assessed_on:
        raise ValueError(
            f"a retest needs a date after the current assessment ({a.assessed_on:%d %b %Y})"
        )
    new = snapshot(a).model_copy(update={"assessed_on": on, "self_tests": SelfTests()})
    return with_timeline(a, [*timeline(a), new])


@dataclass(frozen=True)
class Conflict:
    """Both files hold an assessment of this date, with different answers."""

    on: date
    kept: EarlierAssessment  # the one already in the draft
    added: EarlierAssessment  # the one from the added file


@dataclass(frozen=True)
class MergeCheck:
    """What adding a file would do, before anything changes."""

    new: list[EarlierAssessment] = field(default_factory=list)  # dates only the added file has
    duplicates: list[date] = field(default_factory=list)  # same date, same answers: one entry
    conflicts: list[Conflict] = field(default_factory=list)  # same date, different answers
    confirm: list[str] = field(default_factory=list)  # why it may be someone else's file

    @property
    def changes_nothing(self) -> bool:
        return not self.new and not self.conflicts


def check_merge(current: Assessment, added: Assessment) -> MergeCheck:
    """Compare the added file's assessments with the draft's, date by date."""
    ours = {e.assessed_on: e for e in timeline(current)}
    new: list[EarlierAssessment] = []
    duplicates: list[date] = []
    conflicts: list[Conflict] = []
    for e in timeline(added):
        mine = ours.get(e.assessed_on)
        if mine is None:
            new.append(e)
        elif same_answers(mine, e):
            duplicates.append(e.assessed_on)
        else:
            conflicts.append(Conflict(e.assessed_on, kept=mine, added=e))
    confirm = []
    names = (current.runner_name, added.runner_name)
    if all(names) and names[0].casefold() != names[1].casefold():
        confirm.append(f"The added file is for “{names[1]}”; this one is for “{names[0]}”.")
    ids = (_file_id(current), _file_id(added))
    if all(ids) and ids[0] != ids[1]:
        confirm.append("The added file was started as a different file (its file id differs).")
    return MergeCheck(new=new, duplicates=duplicates, conflicts=conflicts, confirm=confirm)


def _file_id(a: Assessment) -> str:
    """The file's id when the app made it (random, UUIDv4); "" for an id derived from an
    older or hand-made file's content (UUIDv5), which says nothing about where it began."""
    file_id = getattr(a, "file_id", None)
    return str(file_id) if file_id is not None and file_id.version == 4 else ""


def merged(
    current: Assessment, added: Assessment, choices: dict[date, Choice] | None = None
) -> Assessment:
    """The draft with the added file's assessments in its history.

    Each conflict takes the runner's choice for its date ("kept" when not given). The draft's
    name, file id and plan record stay; the latest assessment becomes the current one.
    """
    choices = choices or {}
    check = check_merge(current, added)
    entries = {e.assessed_on: e for e in timeline(current)}
    for e in check.new:
        entries[e.assessed_on] = e
    for c in check.conflicts:
        if choices.get(c.on, "kept") == "added":
            entries[c.on] = c.added
    return with_timeline(current, list(entries.values()))
