"""Drawing of the screening questions added in schema 3 and of the postpartum self-tests.

Kept apart from pages/assessment.py so that page stays about layout; the wording and which
question shows when come from `assessments.model`, `assessments.questionnaire` and
`assessments.completeness`.
"""

from __future__ import annotations

import streamlit as st

from assessments.model import (
    BONE_HEALTH_QUESTIONS,
    ENERGY_SIGN_QUESTIONS,
    MISSED_PERIODS_REASON_QUESTION,
    POSTPARTUM_SYMPTOMS_QUESTION,
    Answer,
    PeriodsReason,
)
from assessments.questionnaire import POSTPARTUM_TESTS, POSTPARTUM_TESTS_INTRO

from . import state
from .widgets import choice, yes_no

ENERGY_SIGNS_INTRO = (
    "These three questions look for signs of low energy availability (eating too little for "
    "your training). They are for every runner; choose 'prefer not to say' if you wish."
)


def missed_periods_reason(errors: dict[str, list[str]]) -> None:
    """Asked only after a 'yes' to missed periods: some reasons are not a warning sign."""
    if state.get_path(state.answers(), "health.missed_periods"):
        choice(
            MISSED_PERIODS_REASON_QUESTION,
            "health.missed_periods_reason",
            PeriodsReason,
            errors,
            radio=True,
            horizontal=True,
        )
    elif state.get_path(state.answers(), "health.missed_periods_reason") is not None:
        state.clear_answer("health.missed_periods_reason")


def energy_and_bone(errors: dict[str, list[str]]) -> None:
    st.caption(ENERGY_SIGNS_INTRO)
    for name, question in ENERGY_SIGN_QUESTIONS.items():
        choice(question, f"health.{name}", Answer, errors, radio=True, horizontal=True)
    for name, question in BONE_HEALTH_QUESTIONS.items():
        yes_no(question, f"health.{name}", errors)


def postpartum_symptoms(errors: dict[str, list[str]]) -> None:
    """Asked once the runner says when they gave birth."""
    if state.get_path(state.answers(), "health.weeks_since_giving_birth") is not None:
        yes_no(POSTPARTUM_SYMPTOMS_QUESTION, "health.postpartum_symptoms", errors)
    elif state.get_path(state.answers(), "health.postpartum_symptoms") is not None:
        state.clear_answer("health.postpartum_symptoms")


def postpartum_tests(errors: dict[str, list[str]]) -> None:
    """goom2019's return-to-running tests, for a runner who gave birth."""
    if state.get_path(state.answers(), "health.weeks_since_giving_birth") is None:
        return
    with st.container(border=True):
        st.markdown("**Return-to-running tests after giving birth**")
        st.info(POSTPARTUM_TESTS_INTRO, icon=":material/pregnant_woman:")
        for name, (title, how_to) in POSTPARTUM_TESTS.items():
            path = f"self_tests.postpartum.{name}"
            state.bind(
                st.radio,
                title,
                path,
                options=[True, False],
                index=None,
                horizontal=True,
                format_func=lambda v: "Passed" if v else "Not yet",
                help=how_to,
            )


def balance_old_protocol() -> None:
    """Times kept from before schema 3 were taken hands on hips, without the 45 s cap."""
    if state.get_path(state.answers(), "self_tests.single_leg_balance.old_protocol"):
        state.bind(
            st.checkbox,
            "These times were taken with the old protocol (hands on hips). Untick once you "
            "have redone the test as described above.",
            "self_tests.single_leg_balance.old_protocol",
            to_widget=bool,
        )
