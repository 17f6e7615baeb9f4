"""AppTest of the assessment screen: steps, answers across navigation, bad files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessments.examples import EXAMPLES, example_for_today
from assessments.model import STEPS
from assessments.storage import MAX_FILE_BYTES, dump_assessment
from ui import local_store

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in local_store.report_state("none").items():  # the browser kept nothing
        app.session_state[key] = value
    app.run()
    assert not app.exception
    return app


def go(at: AppTest, step: str) -> AppTest:
    at.button(key=f"go_{step}").click().run()
    assert not at.exception
    return at


def answers(at: AppTest) -> dict:
    return at.session_state["answers"]


@pytest.mark.parametrize("step", STEPS)
def test_each_step_renders_its_questions(at: AppTest, step: str) -> None:
    go(at, step)
    assert at.header[0].value.startswith(
        {"history": "Running", "health": "Injuries", "self_tests": "Self", "goals": "Goals"}[step]
    )
    keys = [w.key for w in list(at.number_input) + list(at.radio) + list(at.selectbox)]
    assert any(k and k.startswith(f"q:{step}.") for k in keys)


def test_values_survive_moving_between_steps_in_any_order(at: AppTest) -> None:
    at.number_input(key="q:history.age").set_value(41).run()
    at.selectbox(key="q:history.sex").set_value("female").run()
    go(at, "goals")
    at.number_input(key="q:goals.minutes_per_session").set_value(35).run()
    at.selectbox(key="q:goals.week.tue.run").set_value("hard").run()
    go(at, "health")
    at.radio(key="q:health.chest_pain").set_value(False).run()
    go(at, "history")
    assert at.number_input(key="q:history.age").value == 41
    assert at.selectbox(key="q:history.sex").value == "female"
    go(at, "goals")
    assert at.number_input(key="q:goals.minutes_per_session").value == 35
    assert at.selectbox(key="q:goals.week.tue.run").value == "hard"
    go(at, "health")
    assert at.radio(key="q:health.chest_pain").value is False
    data = answers(at)
    assert data["history"]["age"] == 41
    assert data["goals"]["week"]["tue"]["run"] == "hard"


def test_next_and_back_move_between_steps(at: AppTest) -> None:
    next(b for b in at.main.button if b.label.startswith("Next")).click().run()
    assert at.session_state["assessment_step"] == "health"
    back = next(b for b in at.button if b.label.startswith("←"))
    back.click().run()
    assert at.session_state["assessment_step"] == "history"


def test_cross_field_error_shows_inline_and_keeps_the_answers(at: AppTest) -> None:
    at.number_input(key="q:history.age").set_value(20).run()
    at.number_input(key="q:history.years_running").set_value(30.0).run()
    messages = [e.value for e in at.error]
    assert any("years running cannot be more than your age" in m for m in messages)
    assert answers(at)["history"]["years_running"] == 30.0
    assert answers(at)["history"]["age"] == 20
    # Fixing one answer clears the message.
    at.number_input(key="q:history.years_running").set_value(5.0).run()
    assert not any("years running" in e.value for e in at.error)


def test_progress_shows_complete_after_loading_an_example(at: AppTest) -> None:
    at.selectbox(key="example_choice").set_value("trail_ankle_sprains").run()
    next(b for b in at.button if b.label == "Load this example").click().run()
    assert not at.exception
    labels = [b.label for b in at.button if (b.key or "").startswith("go_")]
    assert all("complete" in label for label in labels), labels
    assert at.number_input(key="q:history.age").value == 36
    assert any("All done" in s.value for s in at.success) or at.success


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, content, "application/json")).run()
    assert not at.exception
    return at


def test_uploading_a_valid_file_restores_the_answers(at: AppTest) -> None:
    a = example_for_today("masters_marathoner", date.today())
    _upload(at, "ruth.json", dump_assessment(a).encode())
    assert answers(at)["history"]["age"] == a.history.age
    assert at.number_input(key="q:history.age").value == a.history.age
    assert any("Loaded" in s.value for s in at.success)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"this is not json", "not valid JSON"),
        (b"[" * 10_000 + b"]" * 10_000, "nested"),
        (json.dumps({"schema_version": 99, "assessed_on": "2026-01-01"}).encode(), "newer"),
        (json.dumps({"hello": "world"}).encode(), "schema_version"),
        (b"{" + b" " * (MAX_FILE_BYTES + 1) + b"}", "KB"),
    ],
    ids=["not-json", "deep", "newer-schema", "other-schema", "too-large"],
)
def test_bad_upload_shows_a_message_and_keeps_answers(
    at: AppTest, content: bytes, expected: str
) -> None:
    at.number_input(key="q:history.age").set_value(33).run()
    _upload(at, "bad.json", content)
    shown = " ".join(e.value for e in at.error) + " ".join(t.value for t in at.text)
    assert "current answers are unchanged" in shown
    assert expected in shown
    assert answers(at)["history"]["age"] == 33
    assert at.number_input(key="q:history.age").value == 33


def test_hostile_strings_are_shown_as_text_not_markup(at: AppTest) -> None:
    a = example_for_today("road_5k_weak_hamstrings", date.today())
    data = json.loads(dump_assessment(a))
    data["runner_name"] = "<script>alert(1)</script>"
    data["goals"]["races"][0]["name"] = '=HYPERLINK("http://x")'
    _upload(at, "<b>evil</b>.json", json.dumps(data).encode())
    assert answers(at)["runner_name"] == "<script>alert(1)</script>"
    success = " ".join(s.value for s in at.success)
    assert "<b>" not in success and "\\<b\\>" in success


def test_every_example_loads_without_error(at: AppTest) -> None:
    for name in EXAMPLES:
        at.selectbox(key="example_choice").set_value(name).run()
        next(b for b in at.button if b.label == "Load this example").click().run()
        assert not at.exception
        for step in STEPS:
            go(at, step)
        assert not at.error, (name, [e.value for e in at.error])


def test_marking_a_side_not_tested_drops_its_result_and_stays_valid(at: AppTest) -> None:
    go(at, "self_tests")
    at.number_input(key="q:self_tests.calf_raise.left").set_value(25).run()
    assert answers(at)["self_tests"]["calf_raise"]["left"] == 25
    at.checkbox(key="q:self_tests.calf_raise.left_skipped").check().run()
    assert answers(at)["self_tests"]["calf_raise"]["left"] is None
    assert answers(at)["self_tests"]["calf_raise"]["left_skipped"] is True
    assert not at.error
    # Un-ticking brings the number back, empty, ready for a result.
    at.checkbox(key="q:self_tests.calf_raise.left_skipped").uncheck().run()
    assert at.number_input(key="q:self_tests.calf_raise.left").value is None


def test_typed_text_loses_hidden_characters_but_keeps_zwj(at: AppTest) -> None:
    go(at, "history")
    at.text_input(key="q:runner_name").input("Ma\u202eya\u00ad\u2028 🏃\u200d♀️").run()
    assert answers(at)["runner_name"] == "Maya 🏃\u200d♀️"
    assert not at.error


def test_an_example_runner_is_one_click_from_the_first_screen(at: AppTest) -> None:
    pills = at.get("button_group")[0]
    assert pills.key == "assessment:example_pills"
    pills.set_value("masters_marathoner").run()
    assert not at.exception
    assert at.session_state["answers"]["history"]["age"] == 58
    assert any("Loaded the example" in s.value for s in at.success)
    assert at.get("button_group")[0].value is None  # an action, not a lasting choice
    at.button(key=f"go_{STEPS[-1]}").click().run()  # the end of the assessment
    links = [e.proto.page for e in at.get("page_link")]
    assert links == ["results"]  # the example is complete: the next step is the results
