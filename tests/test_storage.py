"""Loading untrusted assessment files: every bad file gets a message, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.completeness import is_complete, missing
from assessments.examples import EXAMPLES, load_example
from assessments.model import SCHEMA_VERSION, Assessment, DistanceUnit, content_file_id
from assessments.storage import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MIGRATIONS,
    _depth_exceeds,
    dump_assessment,
    json_schema,
    migrate,
    parse_assessment,
)
from tests.strategies import SLOW_DRAWS, assessments

DATA = Path(__file__).parent / "data"
DRAFT = {"schema_version": SCHEMA_VERSION, "assessed_on": "2026-01-05"}


def refused(content: bytes | str) -> list[str]:
    result = parse_assessment(content)
    assert not result.ok and result.assessment is None, "the file should have been refused"
    assert result.errors and all(isinstance(e, str) and e for e in result.errors)
    return result.errors


def loaded(content: bytes | str) -> Assessment:
    result = parse_assessment(content)
    assert result.ok, result.errors
    assert result.errors == []
    assert result.assessment is not None
    return result.assessment


# --- size and depth --------------------------------------------------------------------


def padded(size: int) -> bytes:
    """A valid draft padded with trailing spaces to exactly `size` bytes."""
    body = json.dumps(DRAFT).encode()
    return body + b" " * (size - len(body))


def test_a_file_at_the_size_limit_is_read():
    assert loaded(padded(MAX_FILE_BYTES)).assessed_on.isoformat() == "2026-01-05"


@pytest.mark.parametrize("as_text", [False, True])
def test_a_file_over_the_size_limit_is_refused_with_its_size(as_text):
    content = padded(MAX_FILE_BYTES + 1)
    (msg,) = refused(content.decode() if as_text else content)
    assert msg.startswith(
        f"The file is {MAX_FILE_BYTES + 1:,} bytes;"
    )  # its real size, one byte over
    assert f"at most {MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 1024} KB)" in msg


def test_a_ten_megabyte_file_is_refused_before_parsing():
    (msg,) = refused(b"[" * (10 * 1024 * 1024))
    assert "10,485,760 bytes" in msg


def test_the_size_of_text_is_counted_in_utf8_bytes():
    # Three-byte characters: over the limit in bytes although under it in characters.
    count = MAX_FILE_BYTES // 3 + 1000
    text = json.dumps(DRAFT | {"runner_name": "€" * count}, ensure_ascii=False)
    assert len(text) < MAX_FILE_BYTES
    (msg,) = refused(text)
    assert f"The file is {len(text.encode()):,} bytes" in msg


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_is_refused_without_recursion(opener):
    closer = "]" if opener == "[" else "}"
    (msg,) = refused(opener * 10_000 + "1" + closer * 10_000)
    assert "nested" in msg


def test_nesting_at_the_depth_limit_reaches_validation():
    deep = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    errors = refused(HEAD + '"extra": ' + deep + "}")
    assert not any("nested" in e for e in errors)
    assert any(e.startswith("extra:") for e in errors)


def _depth_by_hand(text: str, limit: int) -> bool:
    """The plain character-by-character scan that `_depth_exceeds` must agree with."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


@given(st.text(alphabet='[]{}"\\ a\né€', max_size=60), st.integers(0, 4))
def test_the_depth_check_agrees_with_a_scan_by_hand(text, limit):
    # Escaped quotes, unterminated strings, a trailing backslash, stray closers and line breaks.
    assert _depth_exceeds(text, limit) is _depth_by_hand(text, limit)


@pytest.mark.parametrize(
    "text",
    [
        '"\\"[[[',
        '"abc\\',
        '"é[["[[[',
        '"€"[[',
        '"a"[[["b[[',
        "]]][[[[[",
        '"[[[[[',
        '"a\\\\"[[[[',
        '{"k": "\\u005b"}',
        "[\n[\n[[[[",
    ],
)
def test_the_depth_check_agrees_on_edge_cases(text):
    for limit in range(6):
        assert _depth_exceeds(text, limit) is _depth_by_hand(text, limit)


def test_brackets_inside_strings_do_not_count_as_nesting():
    name = '[{[{[{[{[{[{[{\\"[{[{'
    a = loaded(HEAD + '"runner_name": "' + name + '"}')
    assert a.runner_name == '[{[{[{[{[{[{[{"[{[{'


# --- not an assessment -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json at all",
        b'{"schema_version": 2, "assessed_on": ',
        b"{'schema_version': 2}",
        (DATA / "not_json.json").read_bytes(),
    ],
    ids=["empty", "words", "truncated", "single-quotes", "yaml-ish"],
)
def test_not_json_is_refused(content):
    (msg,) = refused(content)
    assert "not valid JSON" in msg


def test_a_number_too_long_to_read_is_refused():
    (msg,) = refused('{"schema_version": 2, "history": {"age": ' + "9" * 5000 + "}}")
    assert "not valid JSON" in msg


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00\x00binary", bytes(range(256)), b"\x89PNG\r\n\x1a\n\x00\x00"],
    ids=["utf32-ish", "all-bytes", "png"],
)
def test_binary_files_are_refused(content):
    (msg,) = refused(content)
    assert "not text" in msg


def test_a_utf8_byte_order_mark_is_accepted():
    assert loaded(b"\xef\xbb\xbf" + json.dumps(DRAFT).encode()).schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("content", ["[]", '"an assessment"', "42", "null", "true", "[{}]"])
def test_json_that_is_not_an_object_is_refused(content):
    (msg,) = refused(content)
    assert "expected a JSON object" in msg


# --- schema versions and migration -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"assessed_on": "2026-01-05"}, "no schema_version"),
        ({"schema_version": "2", "assessed_on": "2026-01-05"}, "no schema_version"),
        ({"schema_version": True, "assessed_on": "2026-01-05"}, "no schema_version"),
        ({"schema_version": None}, "no schema_version"),
        ({"schema_version": SCHEMA_VERSION + 1, "assessed_on": "2026-01-05"}, "newer version"),
        ({"schema_version": 0, "assessed_on": "2026-01-05"}, "not one this app knows"),
        ({"schema_version": -4}, "not one this app knows"),
        ({"name": "my shopping list", "items": ["eggs"]}, "no schema_version"),
    ],
)
def test_other_schemas_are_refused_with_a_reason(data, words):
    (msg,) = refused(json.dumps(data))
    assert msg.startswith("This is not an assessment this app can read")
    assert words in msg


def test_a_newer_file_says_which_versions_this_app_reads():
    (msg,) = refused((DATA / "newer_schema.json").read_bytes())
    assert "schema 99" in msg and f"up to schema {SCHEMA_VERSION}" in msg


def test_every_older_version_has_a_migration():
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION))


def test_v1_file_migrates_to_the_current_schema():
    raw = json.loads((DATA / "assessment_v1.json").read_text())
    assert raw["schema_version"] == 1 and "weekly_km" in raw["history"]
    a = loaded((DATA / "assessment_v1.json").read_bytes())
    assert a.schema_version == SCHEMA_VERSION
    assert a.history.weekly_distance == raw["history"]["weekly_km"]
    assert a.history.distance_unit is DistanceUnit.km
    assert a.runner_name == ""
    # Nothing else changed on the way: the old answers are kept, new questions are unanswered.
    assert a.history.age == raw["history"]["age"]
    health = a.model_dump(mode="json")["health"]
    assert {k: v for k, v in health.items() if k in raw["health"]} == raw["health"]
    assert all(health[k] is None for k in set(health) - set(raw["health"]))
    assert a.model_dump(mode="json")["goals"] == raw["goals"]
    # The two-year bone stress question is a red-flag question: asked before any plan.
    assert [m.path for m in missing(a)] == ["health.bsi_high_risk_24m"]
    assert a.migrated_from == 2


def test_migrate_does_not_change_its_input():
    raw = {"schema_version": 1, "history": {"weekly_km": 20}}
    out = migrate(raw)
    assert raw == {"schema_version": 1, "history": {"weekly_km": 20}}
    assert out == {
        "schema_version": SCHEMA_VERSION,
        "migrated_from": 2,
        "history": {"weekly_distance": 20, "distance_unit": "km"},
        # v4: an old file's id is derived from its content as read
        "file_id": str(content_file_id(raw)),
    }


def test_a_v1_file_without_history_migrates():
    a = loaded(json.dumps({"schema_version": 1, "assessed_on": "2026-01-05"}))
    assert a.history.weekly_distance is None


@pytest.mark.parametrize("history", [5, "abc", [1, 2], None])
def test_a_v1_file_with_a_broken_history_gets_a_message(history):
    errors = refused(
        json.dumps({"schema_version": 1, "assessed_on": "2026-01-05", "history": history})
    )
    assert errors[0].startswith("history: ")


def test_the_current_version_is_not_migrated():
    data = DRAFT | {"history": {"weekly_km": 20}}
    assert migrate(dict(data)) == data


# --- validation messages ---------------------------------------------------------------


def test_invalid_answers_are_all_reported_with_their_field_paths():
    errors = refused((DATA / "invalid_answers.json").read_bytes())
    assert len(errors) == 3
    assert errors[0].startswith("history.age: ") and "greater than or equal to 12" in errors[0]
    assert errors[1].startswith("history.weekly_distance: ")
    assert errors[2] == "goals: the off-season must end after it starts"


def test_messages_drop_pydantics_value_error_prefix():
    errors = refused(json.dumps(DRAFT | {"history": {"age": 30, "years_running": 40}}))
    assert errors == ["history: years running cannot be more than your age"]


def test_a_missing_assessed_on_names_the_field():
    assert refused(json.dumps({"schema_version": SCHEMA_VERSION})) == [
        "assessed_on: Field required"
    ]


# --- hostile strings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("runner_name", "Ma\x00ya"),
        ("runner_name", "bell\x07"),
        ("runner_name", "esc\x1b[2J"),
        ("runner_name", "del\x7f"),
        ("runner_name", "Maya\nBcc: x"),
        ("runner_name", "Maya\rX"),
        ("runner_name", "tab\there"),
        ("runner_name", "next\x85line"),
        ("runner_name", "line\u2028sep"),
        ("runner_name", "para\u2029sep"),
        ("runner_name", "soft\u00adhyphen"),
        ("runner_name", "\u202eevil\u202c"),
        ("runner_name", "\u2066isolate\u2069"),
        ("runner_name", "mark\u200e\u200f\u061c"),
        ("runner_name", "bom\ufeff"),
        ("goals.races.0.name", "Race\n2"),
        ("health.clearance_note", "ok\x0bvertical tab"),
        ("health.clearance_note", "tab\tin a note"),
        ("health.clearance_note", "\u202eevil"),
    ],
)
def test_control_characters_are_refused_with_the_field_named(path, text):
    section, _, field = path.rpartition(".")
    if section == "goals.races.0":
        data = DRAFT | {"goals": {"races": [{"name": text, "date": "2026-05-10", "type": "trail"}]}}
    else:
        data = DRAFT | ({section: {field: text}} if section else {field: text})
    (msg,) = refused(json.dumps(data))
    assert msg.startswith(f"{path}: contains control characters (")


@pytest.mark.parametrize("text", ["Zoë", "名前 🏃‍♀️", "می\u200cخواهم", "👩\u200d👩\u200d👧"])
def test_zwj_and_zwnj_stay_in_one_line_fields(text):
    a = loaded(json.dumps(DRAFT | {"runner_name": text}))
    assert a.runner_name == text


def test_notes_keep_line_breaks():
    a = loaded(json.dumps(DRAFT | {"health": {"clearance_note": "Dr Lee\nback to running"}}))
    assert a.health.clearance_note == "Dr Lee\nback to running"


HOSTILE = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","Click")',
    "+SUM(1;2)",
    "-2+3",
    "@cmd|' /C calc'!A0",
    "<img src=x onerror=alert(1)>",
    "**bold** [link](javascript:alert(1)) $x^2$",
    "Robert'); DROP TABLE runners;--",
    "名前 🏃‍♀️",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_kept_verbatim(text):
    data = DRAFT | {
        "runner_name": text,
        "health": {"clearance_note": text},
        "goals": {"races": [{"name": text, "date": "2026-05-10", "type": "road_5k"}]},
    }
    a = loaded(json.dumps(data))
    assert a.runner_name == a.health.clearance_note == a.goals.races[0].name == text
    again = loaded(dump_assessment(a))
    assert again == a


def test_the_hostile_fixture_is_valid_and_kept_as_text():
    raw = json.loads((DATA / "hostile_strings.json").read_text())
    a = loaded((DATA / "hostile_strings.json").read_bytes())
    assert a.runner_name == raw["runner_name"] == "<script>alert('x')</script>"
    assert a.goals.races[0].name.startswith("=HYPERLINK(")
    assert a.health.injuries[0].note == raw["health"]["injuries"][0]["note"]
    assert is_complete(a)


def test_lone_surrogates_are_refused():
    errors = refused(HEAD + '"runner_name": "\\ud800"}')
    assert errors[0].startswith("runner_name:")


# --- writing and reading back ----------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_round_trip_through_the_file(name):
    a = load_example(name)
    text = dump_assessment(a)
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    assert loaded(text) == a
    assert loaded(text.encode()) == a


def test_the_file_keeps_unanswered_fields_as_null():
    data = json.loads(dump_assessment(Assessment.model_validate(DRAFT)))
    assert data["history"]["age"] is None
    assert data["goals"]["week"]["mon"] == {"run": None, "strength_ok": None}


@SLOW_DRAWS
@given(assessments())
def test_any_valid_assessment_round_trips(a):
    assert loaded(dump_assessment(a)) == a
    assert loaded(a.model_dump_json().encode()) == a


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(content):
    result = parse_assessment(content)
    assert result.ok or result.errors


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), st.lists, max_leaves=20))
def test_arbitrary_json_never_raises(value):
    result = parse_assessment(json.dumps(value))
    assert not result.ok
    assert result.errors


def test_json_schema_describes_the_file():
    schema = json_schema()
    assert set(schema["properties"]) == {
        "schema_version",
        "file_id",
        "migrated_from",
        "assessed_on",
        "runner_name",
        "history",
        "health",
        "self_tests",
        "goals",
        "earlier",
        "plan",
    }
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert schema["required"] == ["assessed_on"]
    assert schema["additionalProperties"] is False
    json.dumps(schema)  # serialisable as the CLI prints it


@pytest.mark.parametrize(
    ("section", "field", "raw", "said"),
    [
        ("history", "age", "true", "expected a number, not true"),
        ("history", "weekly_distance", "false", "expected a number, not false"),
        ("history", "weekly_distance", "NaN", "expected a finite number, not nan"),
        ("history", "longest_run_last_month", "Infinity", "expected a finite number, not inf"),
        ("self_tests", "prone_plank", "-Infinity", "expected a finite number, not -inf"),
    ],
)
def test_booleans_and_non_finite_numbers_are_refused_in_number_fields(section, field, raw, said):
    text = json.dumps(DRAFT | {section: {field: 0}}).replace(f'"{field}": 0', f'"{field}": {raw}')
    assert refused(text) == [f"{section}.{field}: {said}"]


HEAD = '{"schema_version": 2, "assessed_on": "2026-01-05", '


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            HEAD + '"runner_name": "A", "runner_name": "B"}',
            "runner_name",
        ),
        (
            HEAD + '"history": {"age": 30, "age": 70}}',
            "history.age",
        ),
        (
            HEAD + '"goals": {"races": [{}, {"name": "x", "name": "y"}]}}',
            "goals.races.1.name",
        ),
    ],
)
def test_duplicate_keys_are_refused_with_their_path(text, path):
    assert refused(text) == [f"{path}: this key appears twice in the file; keep one of them"]


def test_v1_migration_keeps_the_unit_of_every_distance():
    data = json.loads((DATA / "assessment_v1.json").read_text())
    data["history"] |= {"distance_unit": "mi", "weekly_km": 80.0, "longest_run_last_month": 15.0}
    a = loaded(json.dumps(data))
    assert a.history.distance_unit == "mi"
    assert a.history.longest_run_km == pytest.approx(15.0 * 1.609344)
    assert a.history.weekly_km == pytest.approx(80.0, abs=0.01)


def test_v1_migration_without_a_unit_reads_kilometres():
    data = json.loads((DATA / "assessment_v1.json").read_text())
    a = loaded(json.dumps(data))
    assert a.history.distance_unit == "km"
    assert a.history.weekly_km == data["history"]["weekly_km"]
