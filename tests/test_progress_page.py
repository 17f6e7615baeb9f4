"""AppTest of the history actions (retest now, add an earlier file) and the Progress screen."""

from __future__ import annotations

from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from assessments.examples import example_for_today
from assessments.history import snapshot, timeline, with_timeline
from assessments.model import Assessment
from assessments.storage import dump_assessment
from tests.screens import open_screen, shown, walk

TODAY = date.today()


def _example(
    weeks_ago: int = 0, calf: tuple[int, int] | None = None, **changes: object
) -> Assessment:
    a = example_for_today("trail_ankle_sprains", TODAY - timedelta(weeks=weeks_ago))
    data = a.model_dump(mode="python") | changes
    if calf is not None:
        data["self_tests"]["calf_raise"] |= {"left": calf[0], "right": calf[1]}
    return Assessment.model_validate(data)


def _self_tests_step(answers: Assessment) -> AppTest:
    at = open_screen(None, answers.model_dump(mode="python"))
    at.button(key="go_self_tests").click().run()
    assert not at.exception
    return at


def _add(at: AppTest, a: Assessment, name: str = "earlier.json") -> AppTest:
    at.file_uploader(key="add_file").set_value(
        (name, dump_assessment(a).encode(), "application/json")
    ).run()
    assert not at.exception, at.exception
    return at


def test_retest_now_keeps_the_other_answers_and_empties_the_self_tests() -> None:
    before = _example(weeks_ago=6, calf=(18, 24))
    at = _self_tests_step(before)
    at.button(key="history:retest").click().run()
    after = Assessment.model_validate(at.session_state["answers"])
    assert after.assessed_on == TODAY
    assert after.self_tests.calf_raise.left is None
    assert (after.history, after.health, after.goals) == (
        before.history,
        before.health,
        before.goals,
    )
    assert [e.self_tests.calf_raise.left for e in after.earlier] == [18]
    assert "Retest started" in shown(at)
    assert at.number_input(key="q:self_tests.calf_raise.left").value is None


def test_adding_an_earlier_file_keeps_the_draft_and_grows_the_history() -> None:
    draft = _example(calf=(24, 25))
    at = open_screen(None, draft.model_dump(mode="python"))
    _add(at, _example(weeks_ago=6, calf=(18, 24), file_id=draft.file_id))  # the same file
    a = Assessment.model_validate(at.session_state["answers"])
    assert a.self_tests == draft.self_tests and a.assessed_on == TODAY
    assert [e.self_tests.calf_raise.left for e in timeline(a)] == [18, 24]
    assert "Added" in shown(at)


def test_a_conflict_and_another_runner_wait_for_the_runners_say() -> None:
    draft = with_timeline(
        _example(runner_name="Ana"),
        [snapshot(_example(weeks_ago=6, calf=(18, 24))), snapshot(_example(runner_name="Ana"))],
    )
    at = open_screen(None, draft.model_dump(mode="python"))
    _add(at, _example(weeks_ago=6, calf=(19, 24), runner_name="Ben"), "ben.json")
    text = shown(at)
    assert "needs your say" in text and "Ben" in text
    assert Assessment.model_validate(at.session_state["answers"]) == draft  # nothing yet
    assert at.button(key="history:add").disabled
    at.checkbox(key="history:same_runner").check().run()
    (radio,) = [r for r in at.radio if r.key and r.key.startswith("history:conflict:")]
    radio.set_value("The file's").run()
    at.button(key="history:add").click().run()
    a = Assessment.model_validate(at.session_state["answers"])
    assert a.runner_name == "Ana"
    assert [e.self_tests.calf_raise.left for e in timeline(a)] == [
        19,
        draft.self_tests.calf_raise.left,
    ]


def test_progress_shows_charts_summaries_and_tables_that_follow_a_retest() -> None:
    a = with_timeline(
        _example(calf=(24, 25)),
        [snapshot(_example(weeks_ago=6, calf=(18, 24))), snapshot(_example(calf=(24, 25)))],
    )
    at = open_screen("pages/progress.py", a.model_dump(mode="python"))
    text = shown(at)
    assert "2 assessments" in text
    assert "your left side went from 18 to 24 reps" in text
    assert "the gap closed from 25% to 4%" in text
    assert len([e for e in walk(at.main) if e.type == "vega_lite_chart"]) == 3
    assert len(at.dataframe) == 3


def test_progress_with_one_assessment_asks_for_a_retest() -> None:
    at = open_screen("pages/progress.py", _example().model_dump(mode="python"))
    assert "One assessment so far" in shown(at)
