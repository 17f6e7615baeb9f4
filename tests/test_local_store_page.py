"""AppTest of the answers kept in the browser: the component's reports, simulated.

AppTest runs no JavaScript, so each test stands in for the browser: it puts the storage
component's first report in session state (stored answers, none, unavailable, tampered) and
reads what the app hands the component back (its `data`).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from streamlit.testing.v1 import AppTest

from assessments.local_copy import LOST, next_write
from tests.screens import APP, example, open_screen, shown
from ui import local_store
from ui.replace import PENDING, UNDO


def stored_record(answers: dict[str, Any]) -> str:
    w = next_write(answers, None, datetime.now(UTC), keep=True)
    assert w is not None
    return w.text


def store_data(at: AppTest, key: str = local_store.APP_KEY) -> dict[str, Any]:
    """The `data` the app handed the storage component with this key on the last run."""
    for el in at.get("bidi_component"):
        if el.key == key:
            proto = el.proto
            return json.loads(
                proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json
            )
    raise AssertionError(f"no storage component {key!r} on the screen")


def age(at: AppTest) -> Any:
    return at.session_state["answers"]["history"]["age"]


def test_a_fresh_session_shows_only_the_loading_line_until_the_browser_reports() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    assert [i.value for i in at.main.info] == [local_store.LOADING]
    assert not at.main.title and not at.main.button and not at.main.number_input
    data = store_data(at)
    assert data["read"] == at.session_state[local_store.NONCE] and data["write"] is None
    # A report for another session (a page whose server restarted) is not this one's answer.
    at.session_state[local_store.APP_KEY] = {"report": {"nonce": "old", "status": "none"}}
    at.run()
    assert [i.value for i in at.main.info] == [local_store.LOADING]


def test_nothing_stored_gives_an_empty_assessment_that_is_then_kept() -> None:
    at = open_screen(None)
    assert at.main.title[0].value == "Your self-assessment"
    assert age(at) is None
    assert "kept on this device for 90 days" in " ".join(c.value for c in at.sidebar.caption)
    at.run()
    assert store_data(at)["write"] is None  # a blank draft is never written
    at.number_input(key="q:history.age").set_value(41).run()
    write = store_data(at)["write"]
    assert write["key"] == local_store.KEYS["answers"]
    kept = json.loads(json.loads(write["text"])["answers"])
    assert kept["history"]["age"] == 41
    at.run()
    assert store_data(at)["write"]["hash"] == write["hash"]  # unchanged answers: same hash


def test_stored_answers_come_back_with_whose_they_are() -> None:
    ruth = example("masters_marathoner")
    at = open_screen(None, stored=stored_record(ruth))
    assert age(at) == ruth["history"]["age"]
    assert at.number_input(key="q:history.age").value == ruth["history"]["age"]
    today = date.today()
    assert f"Continue with Ruth \\(example\\)’s answers from {today.day} {today:%B}?" in shown(at)
    at.button(key="greet_yes").click().run()
    assert "Continue with" not in shown(at)
    assert age(at) == ruth["history"]["age"]


def test_start_a_new_runner_forgets_the_stored_answers() -> None:
    at = open_screen(None, stored=stored_record(example("masters_marathoner")))
    at.button(key="greet_new").click().run()
    assert age(at) is None
    assert "the answers kept on this device were removed" in shown(at)
    assert store_data(at)["forget"]  # the browser removes its copy
    assert store_data(at)["write"] is None


def test_browser_without_storage_says_so_and_keeps_nothing() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in local_store.report_state("unavailable", reason="SecurityError").items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    assert "private mode" in shown(at)
    at.number_input(key="q:history.age").set_value(41).run()
    assert store_data(at)["write"] is None


def test_a_tampered_copy_loses_only_the_bad_field_and_says_which() -> None:
    ruth = example("masters_marathoner")
    env = json.loads(stored_record(ruth))
    answers = json.loads(env["answers"])
    answers["history"]["age"] = {"$gt": ""}
    answers["runner_name"] = "<script>alert(1)</script>"
    env["answers"] = json.dumps(answers)
    at = open_screen(None, stored=json.dumps(env))
    assert not at.exception
    assert age(at) is None
    assert (
        at.session_state["answers"]["history"]["weekly_distance"]
        == (ruth["history"]["weekly_distance"])
    )
    assert "history.age: not a valid answer; left out" in shown(at)
    assert "<script>" not in " ".join(m.value for m in at.markdown)  # escaped, as text


def test_a_broken_copy_is_left_out_and_the_screen_still_works() -> None:
    at = open_screen(None, stored='{"app": "strength-for-runners", "answers": 5}')
    assert not at.exception
    assert "could not be read" in shown(at)
    at.switch_page("pages/results.py").run()
    assert "still missing" in shown(at)


def test_after_a_server_restart_the_answers_come_back_and_the_runner_is_told() -> None:
    ruth = example("masters_marathoner")
    at = AppTest.from_file(APP, default_timeout=30)
    report = local_store.report_state("stored", stored_record(ruth), reconnected=True)
    for key, value in report.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    assert LOST in shown(at) and "brought back from this browser" in shown(at)
    assert "Continue with" not in shown(at)
    assert age(at) == ruth["history"]["age"]


def test_loading_an_example_over_a_draft_asks_first_and_can_be_undone_once() -> None:
    at = open_screen(None)
    at.number_input(key="q:history.age").set_value(33).run()
    at.selectbox(key="example_choice").set_value("road_5k_weak_hamstrings").run()
    at.button[[b.label for b in at.button].index("Load this example")].click().run()
    assert PENDING in at.session_state and age(at) == 33  # asked, nothing replaced yet
    assert "This replaces the answers you have entered" in shown(at)
    next(b for b in at.button if b.label == "Keep my answers").click().run()
    assert age(at) == 33 and PENDING not in at.session_state

    at.button[[b.label for b in at.button].index("Load this example")].click().run()
    next(b for b in at.button if b.label == "Replace my answers").click().run()
    assert age(at) == example("road_5k_weak_hamstrings")["history"]["age"]
    assert "Loaded the example" in shown(at)
    next(b for b in at.button if b.label == "Undo").click().run()
    assert age(at) == 33
    assert UNDO not in at.session_state and not [b for b in at.button if b.label == "Undo"]


def test_start_over_on_an_empty_draft_needs_no_question() -> None:
    at = open_screen(None)
    at.button[[b.label for b in at.button].index("Start over with an empty assessment")].click()
    at.run()
    assert PENDING not in at.session_state
    assert "Started a new, empty assessment." in shown(at)


def test_forget_asks_to_confirm_then_clears_the_device_and_the_tab() -> None:
    at = open_screen(None, stored=stored_record(example("masters_marathoner")))
    at.sidebar.button[0].click().run()  # "Forget my answers on this device"
    assert "Forget the answers kept on this device" in shown(at)
    assert age(at) is not None and not store_data(at)["forget"]
    next(b for b in at.sidebar.button if b.label == "Cancel").click().run()
    assert age(at) is not None
    at.sidebar.button[0].click().run()
    next(b for b in at.sidebar.button if b.label == "Yes, forget them").click().run()
    assert age(at) is None and store_data(at)["forget"]
    assert "removed from this device" in shown(at)


def test_the_shared_device_switch_stops_writing_and_clears_the_copy() -> None:
    at = open_screen(None)
    at.sidebar.toggle[0].set_value(True).run()
    at.number_input(key="q:history.age").set_value(41).run()
    data = store_data(at)
    assert data["nosave"] is True and data["write"] is None
    assert "Nothing is kept on this device" in shown(at)
    at.sidebar.toggle[0].set_value(False).run()
    assert store_data(at)["write"] is not None  # back on: the answers are written again


def test_a_stored_shared_device_choice_is_remembered() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in local_store.report_state("none", nosave=True).items():
        at.session_state[key] = value
    at.run()
    assert at.sidebar.toggle[0].value is True


def test_the_compare_fragment_keeps_its_settings_and_finds_them_again() -> None:
    ruth = example("masters_marathoner")
    at = open_screen("pages/compare.py", ruth)
    at.slider(key="b_minutes").set_value(30).run()
    write = store_data(at, local_store.COMPARE_KEY)["write"]
    assert write["key"] == local_store.KEYS["compare"]
    # A new tab (no settings in its URL) finds plan B's settings on this device.
    tab = open_screen(None, stored=stored_record(ruth), compare=write["text"])
    tab.switch_page("pages/compare.py").run()
    assert not tab.exception
    assert tab.slider(key="b_minutes").value == 30
