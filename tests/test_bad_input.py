"""Bad input on the screens (AppTest): a clear message, and nothing already entered is lost.

Complements the bad-file tests of tests/test_assessment_page.py and tests/test_storage.py (not
JSON, too large, nested, other schemas, hostile strings), the date checks of
tests/test_season.py and the broken-rules message of tests/test_results_page.py; what needs a
real browser or server is in tests/test_browser_bad_input.py.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import assessments.scoring as scoring_module
from assessments.completeness import missing
from assessments.examples import example_for_today
from assessments.model import Assessment
from assessments.rules import load_rules_from
from assessments.season import coming_monday
from assessments.storage import dump_assessment
from assessments.tables import SHIPPED_RULES_DIR
from tests.screens import example, open_screen, shown

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
PLAN_SCREENS = {"plan": "pages/plan.py", "compare": "pages/compare.py"}
SCREENS = {"results": "pages/results.py", **PLAN_SCREENS}
RULE_FILES = ("sources.csv", "findings.csv", "red_flags.csv", "cautions.csv", "norms.csv")


def has_plan_or_results(at: AppTest) -> bool:
    charts = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    return bool(at.get("download_button") or charts or at.get("arrow_data_frame"))


# --- out-of-range numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "path", "bad"),
    [
        ("history", "history.age", 150),
        ("history", "history.age", 3),
        ("health", "health.current_pain", 11),
        ("goals", "goals.minutes_per_session", 500),
    ],
)
def test_an_out_of_range_number_never_reaches_the_answers(step: str, path: str, bad: int) -> None:
    """The browser refuses these with a message by the field (tests/test_browser_bad_input.py);
    a client that sends one anyway must not get it stored or crash the screen."""
    at = open_screen(None)
    at.number_input(key="q:history.years_running").set_value(4.0).run()
    at.button(key=f"go_{step}").click().run()
    at.number_input(key=f"q:{path}").set_value(bad).run()
    assert not at.exception
    section, field = path.split(".")
    assert at.session_state["answers"][section][field] != bad
    assert at.session_state["answers"]["history"]["years_running"] == 4.0
    Assessment.model_validate(at.session_state["answers"])  # still a valid draft


def test_out_of_range_numbers_in_a_file_are_named_and_the_answers_kept() -> None:
    at = open_screen(None)
    at.number_input(key="q:history.age").set_value(44).run()
    content = (DATA / "invalid_answers.json").read_bytes()
    at.file_uploader(key="upload_file").set_value(("mine.json", content, "application/json"))
    at.run()
    text = shown(at)
    assert "current answers are unchanged" in text
    assert "history.age: Input should be greater than or equal to 12" in text
    assert "history.weekly_distance: Input should be greater than or equal to 0" in text
    assert at.session_state["answers"]["history"]["age"] == 44
    assert at.number_input(key="q:history.age").value == 44


# --- required answers left empty -----------------------------------------------------------


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_screen_names_each_missing_answer_and_keeps_the_rest(screen: str) -> None:
    answers = example("masters_marathoner")
    answers["history"]["age"] = None
    answers["goals"]["week"]["tue"]["run"] = None
    answers["self_tests"]["calf_raise"]["left"] = None
    kept = copy.deepcopy(answers)
    at = open_screen(SCREENS[screen], answers)
    gaps = missing(Assessment.model_validate(answers))
    assert len(gaps) == 3
    text = shown(at)
    assert "3 answers are still missing" in text
    assert "Running history: your age" in text
    assert "Goals and week: your run on Tue" in text
    assert f"Self-tests: {gaps[1].label}" in text and "calf raises, left side" in gaps[1].label
    assert not has_plan_or_results(at)
    assert any("assessment" in e.proto.label for e in at.get("page_link"))  # the way back
    assert at.session_state["answers"] == kept


# --- impossible dates ------------------------------------------------------------------------


def _race_before_start() -> dict[str, Any]:
    start = coming_monday(date.today())
    answers = example("trail_ankle_sprains")
    for race in answers["goals"]["races"]:
        race["date"] = start - timedelta(days=10)
    answers["goals"]["offseason_start"] = answers["goals"]["offseason_end"] = None
    return answers


@pytest.mark.parametrize("screen", list(PLAN_SCREENS))
def test_a_race_before_the_plans_start_gets_a_message_naming_the_answer(screen: str) -> None:
    answers = _race_before_start()
    kept = copy.deepcopy(answers)
    race = answers["goals"]["races"][0]["date"]
    at = open_screen(PLAN_SCREENS[screen], answers)
    error = at.error[0].value
    assert error.startswith("No plan for these dates: your A race")
    assert race.isoformat() in error and "is not after the plan start" in error
    assert "Answer: goals.races" in shown(at)
    assert not has_plan_or_results(at)
    assert at.session_state["answers"] == kept


def test_a_passed_race_still_gets_its_results() -> None:
    """Scoring does not depend on dates: only the plan refuses a race that has passed."""
    at = open_screen(SCREENS["results"], _race_before_start())
    assert not at.error
    assert any(e.label.startswith("Why?") for e in at.expander)


@pytest.mark.parametrize("screen", list(PLAN_SCREENS))
def test_an_off_season_ending_after_the_a_race_gets_a_message_naming_the_answer(
    screen: str,
) -> None:
    answers = example("trail_ankle_sprains")
    a_race = max(r["date"] for r in answers["goals"]["races"] if r["priority"] == "A")
    answers["goals"]["offseason_end"] = a_race + timedelta(days=14)
    kept = copy.deepcopy(answers)
    at = open_screen(PLAN_SCREENS[screen], answers)
    error = at.error[0].value
    assert error.startswith("No plan for these dates: your off-season ends on")
    assert (a_race + timedelta(days=14)).isoformat() in error and a_race.isoformat() in error
    assert "Answer: goals.offseason_end" in shown(at)
    assert not has_plan_or_results(at)
    assert at.session_state["answers"] == kept


def test_the_assessment_keeps_an_off_season_that_ends_after_the_race() -> None:
    """The answers are kept as given: the plan screen explains the problem (above)."""
    answers = example("trail_ankle_sprains")
    a_race = max(r["date"] for r in answers["goals"]["races"] if r["priority"] == "A")
    answers["goals"]["offseason_end"] = a_race + timedelta(days=14)
    at = open_screen(None, answers)
    at.button(key="go_goals").click().run()
    assert at.date_input(key="q:goals.offseason_end").value == a_race + timedelta(days=14)
    assert at.session_state["answers"]["goals"]["offseason_end"] == a_race + timedelta(days=14)


# --- hostile text from a file ----------------------------------------------------------------

HOSTILE_NOTE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil.example") **bold**'


def test_hostile_text_in_the_plans_notes_is_shown_as_text() -> None:
    answers = example("cleared_after_bone_stress")
    answers["health"]["clearance_note"] = HOSTILE_NOTE
    answers["runner_name"] = "<script>alert('x')</script>"
    at = open_screen(PLAN_SCREENS["plan"], answers)
    notes = [m.value for m in at.markdown if "clearance" in m.value]
    assert notes, "the clearance note is not among the plan's notes"
    assert all("\\<img" in n and not re.search(r"(?<!\\)[<>]", n) for n in notes)
    assert all("**bold**" not in n for n in notes)
    assert all("http://" not in n for n in notes)  # a URL left as is becomes a link
    assert "<script>" not in shown(at)


# --- a broken rules file -------------------------------------------------------------------


def _broken_rules(folder: Path) -> str:
    """A copy of the scoring rules with one broken cell; returns the expected problem."""
    for name in RULE_FILES:
        shutil.copy(SHIPPED_RULES_DIR / name, folder / name)
    path = folder / "findings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines, 1) if ",calf_raise.below_norm," in line)
    lines[row - 1] = lines[row - 1].replace(",calf_raise.below_norm,", ",calf_rase.below_norm,")
    path.write_text("".join(lines), encoding="utf-8")
    return f"findings.csv:{row}:field1: unknown field 'calf_rase.below_norm'"


@pytest.mark.parametrize("screen", list(PLAN_SCREENS))
def test_a_broken_rules_row_on_the_plan_screens_names_file_row_column(
    screen: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _broken_rules(tmp_path)
    monkeypatch.setattr(scoring_module, "load_rules", lambda: load_rules_from(tmp_path))
    # A name no other test uses, so no cached findings from another test answer for these.
    answers = example("masters_marathoner", runner_name=f"broken rules {screen}")
    at = open_screen(PLAN_SCREENS[screen], answers)
    assert "rules tables have a problem" in at.error[0].value
    assert expected in at.code[0].value
    assert not has_plan_or_results(at)


def _score_cli(file: Path, rules_dir: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RUNNER_RULES_DIR"}
    if rules_dir is not None:
        env["RUNNER_RULES_DIR"] = str(rules_dir)
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "assessments", "score", str(file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_runner_rules_dir_points_the_app_at_another_copy_of_the_rules(tmp_path: Path) -> None:
    """The setting the browser test uses to start a server on a broken copy of rules/."""
    file = tmp_path / "ruth.json"
    file.write_text(dump_assessment(example_for_today("masters_marathoner", date.today())))
    good = tmp_path / "good"
    shutil.copytree(SHIPPED_RULES_DIR, good)
    broken = tmp_path / "broken"
    broken.mkdir()
    expected = _broken_rules(broken)

    shipped, copy_, bad = (_score_cli(file, d) for d in (None, good, broken))
    assert shipped.returncode == copy_.returncode == 0, shipped.stderr + copy_.stderr
    assert json.loads(copy_.stdout) == json.loads(shipped.stdout)
    assert bad.returncode == 2
    assert expected in bad.stderr and "Traceback" not in bad.stderr
