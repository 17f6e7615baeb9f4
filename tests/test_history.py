"""Earlier assessments in the file: migration, retests, and merging an added file."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.history import (
    HistoryFull,
    as_assessment,
    check_merge,
    merged,
    retest,
    snapshot,
    timeline,
    with_timeline,
)
from assessments.model import MAX_EARLIER, SCHEMA_VERSION, Assessment, SelfTests, new_file_id
from assessments.storage import dump_assessment, parse_assessment
from tests.scoring_support import build

D0 = date(2026, 1, 5)


def on(day: date, calf: int = 20, **changes: object) -> Assessment:
    """The neutral assessment dated `day` with this left calf-raise count."""
    return build(**{"assessed_on": day.isoformat(), "self_tests.calf_raise.left": calf, **changes})


def history_of(*entries: Assessment) -> Assessment:
    """One file holding these assessments (the last one's name and plan)."""
    return with_timeline(entries[-1], [snapshot(e) for e in entries])


def test_a_file_with_one_assessment_looks_as_before() -> None:
    a = on(D0)
    data = json.loads(dump_assessment(a))
    assert data["earlier"] == [] and data["plan"] is None
    assert timeline(a) == [snapshot(a)]


@pytest.mark.parametrize("version", [SCHEMA_VERSION - 2, SCHEMA_VERSION - 1])
def test_an_older_file_migrates_to_one_assessment_with_no_history(version: int) -> None:
    raw = json.loads(dump_assessment(on(D0)))
    del raw["earlier"], raw["plan"]
    raw["schema_version"] = version
    result = parse_assessment(json.dumps(raw))
    assert result.assessment is not None, result.errors
    assert result.assessment.schema_version == SCHEMA_VERSION
    assert result.assessment.earlier == []
    assert result.assessment.self_tests.calf_raise.left == 20


def test_history_survives_the_file_round_trip() -> None:
    a = history_of(on(D0, 18), on(D0 + timedelta(weeks=6), 21), on(D0 + timedelta(weeks=12), 24))
    back = parse_assessment(dump_assessment(a).encode()).assessment
    assert back == a
    assert [e.self_tests.calf_raise.left for e in timeline(back)] == [18, 21, 24]


@pytest.mark.parametrize(
    ("dates", "said"),
    [
        ([D0 + timedelta(days=1), D0], "oldest first"),
        ([D0, D0], "one a date"),
        ([D0 + timedelta(days=30)], "is not before this one"),
    ],
)
def test_an_out_of_order_history_is_refused_with_a_message(dates: list[date], said: str) -> None:
    raw = json.loads(dump_assessment(on(D0 + timedelta(days=30))))
    raw["earlier"] = [
        dict(json.loads(dump_assessment(on(d))), assessed_on=d.isoformat()) for d in dates
    ]
    for e in raw["earlier"]:
        for key in ("schema_version", "file_id", "migrated_from", "runner_name", "earlier", "plan"):
            e.pop(key)
    result = parse_assessment(json.dumps(raw))
    assert not result.ok
    assert any(said in e for e in result.errors), result.errors


def test_retest_keeps_every_other_answer_and_moves_the_old_one_into_history() -> None:
    a = on(D0, 18, runner_name="Ana")
    later = D0 + timedelta(weeks=6)
    b = retest(a, later)
    assert b.assessed_on == later
    assert b.self_tests == SelfTests()
    assert (b.history, b.health, b.goals, b.runner_name) == (a.history, a.health, a.goals, "Ana")
    assert b.earlier == [snapshot(a)]


def test_retest_needs_a_later_date() -> None:
    with pytest.raises(ValueError, match="after the current assessment"):
        retest(on(D0), D0)


def test_adding_a_file_places_its_assessments_by_date() -> None:
    draft = history_of(on(D0, 18), on(D0 + timedelta(weeks=12), 24))
    added = on(D0 + timedelta(weeks=6), 21)
    check = check_merge(draft, added)
    assert [e.assessed_on for e in check.new] == [added.assessed_on]
    assert not check.conflicts and not check.duplicates and not check.confirm
    out = merged(draft, added)
    assert [e.self_tests.calf_raise.left for e in timeline(out)] == [18, 21, 24]
    assert out.assessed_on == draft.assessed_on  # the draft stays the current one


def test_a_later_added_assessment_becomes_the_current_one_and_the_draft_joins_history() -> None:
    draft = on(D0, 18, runner_name="Ana")
    added = on(D0 + timedelta(weeks=6), 21)
    out = merged(draft, added)
    assert out.assessed_on == added.assessed_on
    assert out.self_tests.calf_raise.left == 21
    assert out.runner_name == "Ana"
    assert out.earlier == [snapshot(draft)]


def test_the_same_date_with_the_same_answers_is_one_entry() -> None:
    draft = history_of(on(D0, 18), on(D0 + timedelta(weeks=6), 21))
    check = check_merge(draft, draft)
    assert check.duplicates == [D0, D0 + timedelta(weeks=6)]
    assert check.changes_nothing
    assert merged(draft, draft) == draft


def test_the_same_date_with_different_answers_is_a_conflict_the_runner_resolves() -> None:
    draft = history_of(on(D0, 18), on(D0 + timedelta(weeks=6), 21))
    added = on(D0, 19)
    (conflict,) = check_merge(draft, added).conflicts
    assert conflict.on == D0
    assert conflict.kept.self_tests.calf_raise.left == 18
    assert conflict.added.self_tests.calf_raise.left == 19
    assert timeline(merged(draft, added))[0].self_tests.calf_raise.left == 18
    took = merged(draft, added, {D0: "added"})
    assert timeline(took)[0].self_tests.calf_raise.left == 19
    assert len(timeline(took)) == 2


@pytest.mark.parametrize(
    ("mine", "theirs", "asks"),
    [("Ana", "Ben", True), ("Ana", "ana", False), ("", "Ben", False), ("Ana", "", False)],
)
def test_different_runner_names_need_a_confirmation(mine: str, theirs: str, asks: bool) -> None:
    check = check_merge(on(D0, runner_name=mine), on(D0 - timedelta(weeks=6), runner_name=theirs))
    assert bool(check.confirm) is asks
    if asks:
        assert "Ben" in check.confirm[0] and "Ana" in check.confirm[0]


def test_different_file_ids_the_app_made_need_a_confirmation() -> None:
    mine, other = new_file_id(), new_file_id()
    earlier = on(D0 - timedelta(weeks=6))
    assert earlier.file_id.version == 5  # no id given: derived from its content
    assert not check_merge(on(D0), earlier).confirm  # a derived id says nothing
    same = check_merge(on(D0, file_id=mine), on(D0 - timedelta(weeks=6), file_id=mine))
    assert not same.confirm
    differ = check_merge(on(D0, file_id=mine), on(D0 - timedelta(weeks=6), file_id=other))
    assert differ.confirm == [
        "The added file was started as a different file (its file id differs)."
    ]


def test_an_earlier_entry_scores_as_an_assessment_of_its_own() -> None:
    a = history_of(on(D0, 18), on(D0 + timedelta(weeks=6), 24))
    first = as_assessment(a.earlier[0])
    assert first.assessed_on == D0 and first.earlier == []
    assert first.self_tests.calf_raise.left == 18


def test_a_history_longer_than_a_file_holds_is_refused() -> None:
    entries = [snapshot(on(D0 + timedelta(weeks=i))) for i in range(MAX_EARLIER + 2)]
    with pytest.raises(HistoryFull, match="at most"):
        with_timeline(on(D0), entries)


_weeks = st.lists(st.integers(0, 150), min_size=1, max_size=6, unique=True)


@settings(max_examples=40, deadline=None)
@given(mine=_weeks, theirs=_weeks, calf=st.integers(0, 3))
def test_merging_is_ordered_keeps_every_date_once_and_loses_nothing(
    mine: list[int], theirs: list[int], calf: int
) -> None:
    def file(weeks: list[int], c: int) -> Assessment:
        return history_of(*(on(D0 + timedelta(weeks=w), 20 + c * (w % 2)) for w in sorted(weeks)))

    draft, added = file(mine, 0), file(theirs, calf)
    out = merged(draft, added)
    dates = [e.assessed_on for e in timeline(out)]
    assert dates == sorted(set(dates))
    assert set(dates) == {D0 + timedelta(weeks=w) for w in {*mine, *theirs}}
    for e in timeline(draft):  # conflicts keep the draft's answers by default
        assert snapshot(as_assessment(e)) in timeline(out)
    assert merged(out, added) == out  # adding the same file twice changes nothing more
