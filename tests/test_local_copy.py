"""The copy of the answers kept in the browser: what is written, when, and what comes back."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments.examples import example_for_today
from assessments.local_copy import (
    EXPIRY,
    LOST,
    Write,
    answers_text,
    arrival,
    compare_record,
    compare_settings,
    digest,
    greeting,
    is_blank,
    next_write,
    read_copy,
    record,
    salvage,
)
from assessments.model import Assessment
from assessments.storage import MAX_FILE_BYTES
from tests.strategies import assessments

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


_EXAMPLES: dict[str, dict[str, Any]] = {}


def example(name: str = "trail_ankle_sprains") -> dict[str, Any]:
    """The same runner's answers on every call (each loaded example gets a new file id)."""
    if name not in _EXAMPLES:
        _EXAMPLES[name] = example_for_today(name, TODAY).model_dump(mode="python")
    return copy.deepcopy(_EXAMPLES[name])


def written(answers: dict[str, Any], when: datetime = NOW) -> str:
    w = next_write(answers, None, when, keep=True)
    assert w is not None
    return w.text


def tampered(text: str, change: Any) -> str:
    """The record with its answers changed by `change(dict)` (as a runner's devtools could)."""
    env = json.loads(text)
    answers = json.loads(env["answers"])
    change(answers)
    env["answers"] = json.dumps(answers)
    return json.dumps(env)


# --- writing ----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(assessments())
def test_any_assessment_written_comes_back_the_same(a: Assessment) -> None:
    answers = a.model_dump(mode="python")
    assume(not is_blank(answers))  # a blank draft is never written
    copy = read_copy(written(answers), NOW, TODAY)
    assert copy.ok and copy.messages == []
    assert copy.answers == answers
    assert copy.hash == digest(answers_text(answers))


def test_a_write_is_new_only_when_the_answers_hash_changes() -> None:
    answers = example()
    first = next_write(answers, None, NOW, keep=True)
    assert first is not None
    later = NOW + timedelta(hours=1)
    assert next_write(answers, first, later, keep=True) is first  # unchanged: the same record
    answers["history"]["age"] = answers["history"]["age"] + 1
    second = next_write(answers, first, later, keep=True)
    assert second is not None and second.hash != first.hash
    assert json.loads(second.text)["saved_at"] == later.isoformat(timespec="seconds")


def test_a_blank_draft_or_a_shared_device_writes_nothing() -> None:
    blank = Assessment(assessed_on=TODAY).model_dump(mode="python")
    assert next_write(blank, None, NOW, keep=True) is None  # never replaces a copy with blanks
    assert next_write(example(), None, NOW, keep=False) is None


def test_blank_means_nothing_answered_whatever_the_date() -> None:
    blank = Assessment(assessed_on=date(2020, 2, 2)).model_dump(mode="python")
    assert is_blank(blank)
    blank["history"]["age"] = 40
    assert not is_blank(blank)
    assert not is_blank(example())


# --- reading back -------------------------------------------------------------------------------


def test_a_copy_expires_ninety_days_after_the_last_change() -> None:
    text = written(example(), NOW - EXPIRY + timedelta(hours=1))
    assert read_copy(text, NOW, TODAY).ok
    old = written(example(), NOW - EXPIRY - timedelta(hours=1))
    copy = read_copy(old, NOW, TODAY)
    assert copy.expired and not copy.ok


def test_a_copy_goes_through_the_same_checks_as_a_file() -> None:
    good = written(example())
    deep = json.dumps({**json.loads(good), "answers": "[" * 5000 + "]" * 5000})
    newer = tampered(good, lambda a: a.update(schema_version=99))
    over = MAX_FILE_BYTES + 1000
    huge = json.dumps({**json.loads(good), "answers": json.dumps({"x": "a" * over})})
    for text, expected in (
        (deep, "nested far deeper"),
        (newer, "newer version of the app"),
        (huge, f"{MAX_FILE_BYTES // 1024} KB"),
        ("x" * (2 * MAX_FILE_BYTES + 1), "far larger"),
        ("not json", "not a copy this app wrote"),
        (json.dumps({"app": "someone-else", "answers": "{}"}), "not a copy this app wrote"),
        (json.dumps({**json.loads(good), "saved_at": "yesterday"}), "no readable date"),
    ):
        copy = read_copy(text, NOW, TODAY)
        assert not copy.ok
        assert expected in " ".join(copy.messages), (expected, copy.messages)


def test_an_old_schema_copy_is_migrated_like_an_old_file() -> None:
    v1 = (DATA / "assessment_v1.json").read_text()
    text = record(v1, digest(v1), NOW)
    copy = read_copy(text, NOW, TODAY)
    assert copy.ok, copy.messages
    assert copy.answers is not None
    assert copy.answers["schema_version"] == Assessment.model_fields["schema_version"].default
    assert copy.answers["history"]["distance_unit"] == "km"


def test_a_tampered_field_is_dropped_with_a_message_and_the_rest_kept() -> None:
    def change(a: dict[str, Any]) -> None:
        a["history"]["age"] = "forty"
        a["goals"]["week"]["mon"]["run"] = 5
        a["health"]["injuries"].append({"type": "dragon bite"})
        a["admin"] = True

    good = example()
    copy = read_copy(tampered(written(good), change), NOW, TODAY)
    assert copy.ok and copy.answers is not None
    assert copy.answers["history"]["age"] is None
    assert copy.answers["goals"]["week"]["mon"]["run"] is None
    assert len(copy.answers["health"]["injuries"]) == len(good["health"]["injuries"])
    assert "admin" not in copy.answers
    assert copy.answers["history"]["weekly_distance"] == good["history"]["weekly_distance"]
    said = " ".join(copy.messages)
    for path in ("history.age", "goals.week.mon.run", "health.injuries.", "admin"):
        assert path in said


def test_a_draft_failing_a_cross_field_check_comes_back_with_it_marked() -> None:
    answers = example()
    answers["goals"]["offseason_start"] = TODAY + timedelta(days=30)
    answers["goals"]["offseason_end"] = TODAY + timedelta(days=10)  # ends before it starts
    copy = read_copy(written(answers), NOW, TODAY)
    assert copy.ok and copy.answers is not None
    assert copy.answers["goals"]["offseason_end"] == TODAY + timedelta(days=10)  # a date again
    assert any("off-season must end after it starts" in m for m in copy.messages)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["history", "health", "self_tests", "goals", "runner_name"]), JSON)
def test_any_tampered_section_comes_back_without_a_traceback(section: str, junk: Any) -> None:
    text = tampered(written(example()), lambda a: a.update({section: junk}))
    copy = read_copy(text, NOW, TODAY)
    assert copy.ok and copy.answers is not None
    for other in {"history", "health", "self_tests", "goals"} - {section}:
        assert copy.answers[other] == example()[other]  # the rest is kept as it was
    try:
        Assessment.model_validate(copy.answers)
    except ValueError:
        assert copy.messages  # whatever still fails is said


def test_salvage_replaces_an_unreadable_assessment_date_with_today() -> None:
    raw = json.loads(answers_text(example()))
    raw["assessed_on"] = "soon"
    data, _ = salvage(raw, TODAY)
    assert data["assessed_on"] == TODAY


# --- what the runner is told ---------------------------------------------------------------------


def test_greeting_names_the_runner_and_the_day() -> None:
    may = datetime(2026, 5, 3, 12, tzinfo=UTC)
    assert greeting("Anna", may, TODAY) == "Continue with Anna’s answers from 3 May?"
    assert greeting("", may, date(2027, 1, 2)) == (
        "Continue with the answers kept on this device from 3 May 2026?"
    )


def test_arrival_of_each_report() -> None:
    text = written(example())
    assert arrival({"status": "none"}, NOW, TODAY).answers is None
    stored = arrival({"status": "stored", "answers": text}, NOW, TODAY)
    assert stored.answers == example() and stored.greeting and not stored.notices
    assert isinstance(stored.last, Write) and stored.last.hash == digest(answers_text(example()))
    back = arrival({"status": "stored", "answers": text, "reconnected": True}, NOW, TODAY)
    assert back.answers == example() and back.greeting is None
    assert LOST in back.notices[0][1] and "brought back" in back.notices[0][1]
    gone = arrival({"status": "none", "reconnected": True}, NOW, TODAY)
    assert gone.answers is None and "load your file" in gone.notices[0][1]
    blocked = arrival({"status": "unavailable", "reason": "SecurityError"}, NOW, TODAY)
    assert not blocked.available and "private mode" in blocked.notices[0][1]
    shared = arrival({"status": "none", "nosave": True}, NOW, TODAY)
    assert not shared.keep
    old = arrival({"status": "stored", "answers": written(example(), NOW - 2 * EXPIRY)}, NOW, TODAY)
    assert old.forget and old.answers is None and "90 days" in old.notices[0][1]
    bad = arrival({"status": "stored", "answers": "{}"}, NOW, TODAY)
    assert bad.answers is None and bad.notices[0][0] == "warning"


def test_arrival_never_raises_on_a_strange_report() -> None:
    for report in ({}, {"status": 3}, {"status": "stored", "answers": None}, {"status": "x"}):
        got = arrival(report, NOW, TODAY)
        assert got.answers is None


# --- compare settings ----------------------------------------------------------------------------


def test_compare_settings_come_back_only_for_the_same_answers() -> None:
    start = TODAY + timedelta(days=7)
    text = compare_record("h1", "minutes=30", "sessions_in=0", start)
    saved = compare_settings(text, "h1", TODAY)
    assert saved is not None and (saved.a, saved.b, saved.start) == (
        "minutes=30",
        "sessions_in=0",
        start,
    )
    assert compare_settings(text, "h2", TODAY) is None
    past = compare_settings(text, "h1", start + timedelta(days=1))
    assert past is not None and past.start is None  # a start already past: the default
    for junk in ("", "nope", "[]", json.dumps({"answers": "h1", "a": 1, "b": "x"})):
        assert compare_settings(junk, "h1", TODAY) is None
