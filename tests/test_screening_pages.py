"""AppTest of the schema-3 screening: new questions, "not asked yet", the norm row in Why."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from assessments.completeness import NOT_ASKED_INTRO
from assessments.examples import shift_dates
from assessments.model import ENERGY_SIGN_QUESTIONS, POSTPARTUM_SYMPTOMS_QUESTION
from assessments.questionnaire import POSTPARTUM_TESTS
from assessments.storage import parse_assessment
from tests.screens import example, open_screen, shown

DATA = Path(__file__).parent / "data"


def migrated_v2() -> dict[str, Any]:
    a = parse_assessment((DATA / "assessment_v2.json").read_bytes()).assessment
    assert a is not None
    return shift_dates(a, date.today()).model_dump(mode="python")  # its race lies ahead


def test_results_and_plan_list_what_an_older_file_was_never_asked() -> None:
    for page in ("pages/results.py", "pages/plan.py"):
        at = open_screen(page, migrated_v2())
        text = shown(at).replace("\\", "")  # labels are shown escaped for markdown
        assert NOT_ASKED_INTRO in text, page
        for question in ENERGY_SIGN_QUESTIONS.values():
            assert question in text, (page, question)
    plan = open_screen("pages/plan.py", migrated_v2())
    assert plan.get("download_button"), "the plan is shown, not stopped"


def test_a_current_file_has_no_not_asked_note() -> None:
    at = open_screen("pages/results.py", example("road_5k_weak_hamstrings"))
    assert NOT_ASKED_INTRO not in shown(at)


def test_why_shows_the_norm_row_used() -> None:
    answers = example("masters_marathoner")  # 58: the 50-59 balance band
    at = open_screen("pages/results.py", answers)
    why = " ".join(m.value for m in at.markdown)
    assert "Norm used:" in why and "ages 50\\-59" in why


def _health(answers: dict[str, Any]) -> Any:
    at = open_screen("pages/assessment.py", answers)
    at.session_state["assessment_step"] = "health"
    at.run()
    assert not at.exception, at.exception
    return at


def test_health_step_asks_the_energy_signs_with_prefer_not_to_say() -> None:
    at = _health(example("trail_ankle_sprains"))  # a man: no periods question
    radios = {r.label: r for r in at.radio}
    for question in ENERGY_SIGN_QUESTIONS.values():
        assert question in radios
        assert list(radios[question].options) == ["Yes", "No", "Prefer not to say"]
    assert not any("periods" in label for label in radios)


def test_missed_periods_asks_why_and_postpartum_asks_symptoms_and_tests() -> None:
    answers = example("road_5k_weak_hamstrings")
    answers["health"] |= {
        "missed_periods": True,
        "missed_periods_reason": None,
        "weeks_since_giving_birth": 30,
        "postpartum_symptoms": None,
    }
    at = _health(answers)
    labels = [r.label for r in at.radio]
    assert "Is that because of any of these?" in labels
    assert POSTPARTUM_SYMPTOMS_QUESTION in labels
    at.session_state["assessment_step"] = "self_tests"
    at.run()
    labels = [r.label for r in at.radio]
    for title, _ in POSTPARTUM_TESTS.values():
        assert title in labels
