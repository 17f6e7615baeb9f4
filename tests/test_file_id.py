"""The assessment's file id: random for a new file, kept through saves, derived from the
content for files without one (older schemas, hand-made files)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from assessments.examples import example_for_today
from assessments.model import SCHEMA_VERSION, Assessment, content_file_id, new_file_id
from assessments.storage import dump_assessment, migrate, parse_assessment

DATA = Path(__file__).parent / "data"


def loaded(content: bytes | str) -> Assessment:
    result = parse_assessment(content)
    assert result.assessment is not None, result.errors
    return result.assessment


def test_an_old_file_gets_the_same_id_from_its_content_every_time():
    raw = (DATA / "assessment_v1.json").read_bytes()
    first, second = loaded(raw), loaded(raw)
    assert first.file_id == second.file_id
    assert first.file_id.version == 5
    assert first.file_id == content_file_id(json.loads(raw))
    # Another old file gets another id.
    other = json.loads(raw) | {"assessed_on": "2026-01-06"}
    assert loaded(json.dumps(other)).file_id != first.file_id


def test_the_migration_step_adds_the_id_and_keeps_one_already_there():
    old = {"schema_version": SCHEMA_VERSION - 1, "assessed_on": "2026-01-05"}
    out = migrate(old)
    assert out["schema_version"] == SCHEMA_VERSION
    assert uuid.UUID(out["file_id"]) == content_file_id(old)
    assert "file_id" not in old


def test_a_hand_made_current_file_without_an_id_gets_one_from_its_content():
    raw = json.dumps({"schema_version": SCHEMA_VERSION, "assessed_on": "2026-01-05"})
    assert loaded(raw).file_id == loaded(raw).file_id != uuid.UUID(int=0)


def test_the_id_is_kept_through_saves():
    a = Assessment(assessed_on=date(2026, 1, 5), file_id=new_file_id())
    assert a.file_id.version == 4
    again = loaded(dump_assessment(a))
    assert again.file_id == a.file_id
    assert loaded(dump_assessment(again)).file_id == a.file_id
    assert json.loads(dump_assessment(a))["file_id"] == str(a.file_id)


def test_each_loaded_example_is_a_new_file():
    today = date(2026, 11, 30)
    a, b = (
        example_for_today("masters_marathoner", today),
        example_for_today("masters_marathoner", today),
    )
    assert a.file_id != b.file_id
    assert a.file_id.version == 4
    assert a.model_copy(update={"file_id": b.file_id}) == b


def test_a_bad_id_is_refused_with_its_field():
    raw = json.dumps(
        {"schema_version": SCHEMA_VERSION, "assessed_on": "2026-01-05", "file_id": "x"}
    )
    result = parse_assessment(raw)
    assert not result.ok
    assert result.errors[0].startswith("file_id:")


def test_the_browser_copy_stores_the_id_and_a_new_draft_is_still_blank():
    from assessments.local_copy import answers_text, is_blank

    a = Assessment(assessed_on=date(2026, 1, 5), file_id=new_file_id())
    data = a.model_dump(mode="python")
    assert json.loads(answers_text(data))["file_id"] == str(a.file_id)
    assert is_blank(data)  # its own random id is not an answer
    assert not is_blank(data | {"runner_name": "Ann"})
