"""AppTest of the results screen: each example, red-flag gating, clearance, drafts, broken rules."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import assessments.rules as rules_module
from assessments.examples import EXAMPLES, example_for_today
from assessments.focus import FocusArea
from assessments.grades import GRADE_WORDS
from assessments.rules import load_rules_from
from assessments.scoring import score
from assessments.tables import RULES_DIR
from tests.screens import example, open_screen, walk

RESULTS = "pages/results.py"


def results_for(answers: dict[str, Any] | None) -> AppTest:
    return open_screen(RESULTS, answers, timeout=30)


def kinds_in_order(at: AppTest) -> list[str]:
    return [
        e.type
        for e in walk(at.main)
        if e.type in ("error", "warning", "success", "vega_lite_chart")
    ]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_example_shows_ranked_focus_charts_tables_and_why(name: str) -> None:
    at = results_for(example(name))
    findings = score(example_for_today(name, date.today()))
    why = [e.label for e in at.expander if e.label.startswith("Why?")]
    assert len(why) == len(FocusArea)
    assert [w.rsplit(": ", 1)[1] for w in why] == [str(fs.score) for fs in findings.focus]
    assert len(at.dataframe) == 3
    charts = [e for e in walk(at.main) if e.type == "vega_lite_chart"]
    assert len(charts) == 3
    text = " ".join(m.value for m in at.markdown)
    assert "Your top priorities" in text and "not a diagnosis" in " ".join(
        c.value for c in at.caption
    )
    referral = [e.value for e in at.error]
    assert bool(referral) == (not findings.plan_allowed)


def test_red_flag_example_shows_the_referral_first_and_no_plan() -> None:
    at = results_for(example("red_flag_bone_stress"))
    kinds = kinds_in_order(at)
    assert kinds[0] == "error" and kinds.index("warning") < kinds.index("vega_lite_chart")
    assert "Please see a professional" in at.error[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "bone stress injury" in text and "sports medicine doctor" in text
    assert "come\nback" in text or "come back" in text
    assert "No plan is made" in text
    assert any("not a diagnosis" in c.value for c in at.caption)


def test_cleared_example_shows_the_clearance_note_and_no_referral() -> None:
    at = results_for(example("cleared_after_bone_stress"))
    assert not at.error
    assert "cleared" in at.success[0].value
    note = " ".join(t.value for t in at.text)
    assert "Sports physio cleared full training" in note and "high-risk site" in note


def test_user_text_is_shown_literally() -> None:
    answers = example("cleared_after_bone_stress")
    answers["health"]["clearance_note"] = "<b>ok</b> **really** [link](javascript:x)"
    at = results_for(answers)
    assert "<b>ok</b> **really** [link](javascript:x)" in " ".join(t.value for t in at.text)
    assert not any("<b>" in m.value for m in at.markdown)


def test_a_draft_names_what_is_missing_and_offers_an_example() -> None:
    at = results_for(None)
    assert "still missing" in at.info[0].value
    assert "your age" in at.text[0].value
    assert not at.expander  # no results for a draft
    at.selectbox(key="results:example").set_value("trail_ankle_sprains").run()
    at.button(key="results:load_example").click().run()
    assert not at.exception
    races = at.session_state["answers"]["goals"]["races"]
    assert races and races[0]["date"] > date.today()  # the example, shifted to today
    assert any(e.label.startswith("Why? Single-leg balance") for e in at.expander)


def test_invalid_answers_are_listed_not_scored() -> None:
    answers = example("masters_marathoner")
    answers["history"]["years_running"] = 90  # more than the age
    at = results_for(answers)
    assert "not valid" in at.warning[0].value
    assert "years running" in at.text[0].value
    assert not at.expander


def test_broken_rules_show_file_row_column_on_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("sources.csv", "findings.csv", "red_flags.csv", "cautions.csv", "norms.csv"):
        shutil.copy(RULES_DIR / name, tmp_path / name)
    path = tmp_path / "findings.csv"
    path.write_text(path.read_text().replace("calf_raise.below_norm", "calf_rase.below_norm", 1))
    monkeypatch.setattr(rules_module, "load_rules", lambda: load_rules_from(tmp_path))
    at = results_for(example("masters_marathoner"))
    assert "rules tables have a problem" in at.error[0].value
    assert "findings.csv:2:field1: unknown field 'calf_rase.below_norm'" in at.code[0].value
    assert not at.expander


def test_results_follow_the_answers_when_they_change() -> None:
    at = results_for(example("trail_ankle_sprains"))
    assert at.expander[3].label.startswith("Why? Single-leg balance")
    at.session_state["answers"] = example("road_5k_weak_hamstrings")
    at.run()
    assert at.expander[3].label.startswith("Why? Posterior chain")
    answers = at.session_state["answers"]
    answers["health"]["bone_stress_current"] = True  # edited in place, as widgets do
    at.run()
    assert "Please see a professional" in at.error[0].value


def test_rule_ids_are_only_in_the_for_coaches_detail_and_the_plan_is_one_click_on() -> None:
    at = results_for(example("masters_marathoner"))
    findings = score(example_for_today("masters_marathoner", date.today()))
    fired = [r.rule_id for fs in findings.focus for r in fs.rules]
    coaches = [e for e in at.expander if e.label == "For coaches"]
    assert len(coaches) == 1
    inside = "\n".join(m.value for m in coaches[0].markdown).replace("\\", "")
    assert all(f"findings.csv, row {rid}" in inside for rid in fired)
    outside = [
        m.value.replace("\\", "")
        for e in at.expander
        if e.label.startswith("Why?")
        for m in e.markdown
    ]
    assert not any(rid in text for rid in fired for text in outside)
    words = [w.split(":")[0] for w in GRADE_WORDS.values()]  # "Strong", "Moderate", ...
    assert any("Evidence:" in text and any(w in text for w in words) for text in outside)
    assert [e.proto.page for e in at.get("page_link")] == ["plan"]
