"""The four-step self-assessment, with save and resume as a file."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

import streamlit as st

from assessments import clock
from assessments.completeness import missing, step_status
from assessments.examples import EXAMPLES, example_for_today
from assessments.model import (
    BACK_QUESTIONS,
    ENERGY_QUESTIONS,
    PARQ_QUESTIONS,
    STEP_TITLES,
    STEPS,
    WEEKDAYS,
    Activity,
    Aim,
    Assessment,
    BodyArea,
    BoneSite,
    DistanceUnit,
    Equipment,
    Goals,
    Health,
    Injury,
    InjuryType,
    Priority,
    RaceType,
    RunningHistory,
    RunType,
    SelfTests,
    Sex,
    Side,
    SidedBalance,
    SidedReps,
    SidedSeconds,
    SquatQuality,
    StrengthExperience,
    Terrain,
    clean_line,
    clean_note,
)
from assessments.questionnaire import (
    HEALTH_INTRO,
    NEW_RACE_WEEKS_AHEAD,
    SELF_TESTS,
    SELF_TESTS_INTRO,
    label,
)
from assessments.storage import MAX_FILE_BYTES, dump_assessment, parse_assessment
from ui import history_actions, replace, screening, state
from ui.shell import require_entry
from ui.widgets import choice, day, inline_errors, many, md_escape, number, yes_no

STEP_KEY = "assessment_step"
FLASH = "assessment_flash"
EXAMPLE_PILLS = "assessment:example_pills"
RESULTS_PAGE = "pages/results.py"


# --- callbacks (they run before the page is drawn, so they may replace widget state) -------


def _on_upload() -> None:
    upload = st.session_state.get("upload_file")
    if upload is None:
        return
    data = upload.getvalue()
    result = parse_assessment(data)
    name = md_escape(upload.name)
    if result.assessment is None:
        st.session_state[FLASH] = (
            "error",
            f"We could not load **{name}**; your current answers are unchanged.",
            result.errors[:12],
        )
        return
    replace.offer(result.assessment, f"Loaded **{name}**. Welcome back!")


def _load_example(key: str = "example_choice") -> None:
    name = st.session_state.get(key)
    if not name:
        return
    if key == EXAMPLE_PILLS:
        st.session_state[key] = None  # a pill is a one-click action, not a lasting choice
    replace.offer(
        example_for_today(name, clock.today(st.context.timezone or "UTC")),
        f"Loaded the example “{EXAMPLES[name]}”. Its dates were moved so its races lie ahead.",
    )


def _start_over() -> None:
    replace.offer(state.new_draft(), "Started a new, empty assessment.")


def _clear_if_skipped(skip_path: str, value_path: str) -> None:
    """A test marked 'not tested' has no result: drop any number typed before."""
    if state.get_path(state.answers(), skip_path):
        state.clear_answer(value_path)


def _go(step: str) -> None:
    st.session_state[STEP_KEY] = step


def _add_item(path: str, item: dict[str, Any]) -> None:
    items = state.get_path(state.answers(), path)
    if items is None:
        items = []
        state.set_path(state.answers(), path, items)
    items.append(item)
    state.drop_widget_keys(state.WIDGET_PREFIX + path + ".")


def _remove_item(path: str, index: int) -> None:
    items = state.get_path(state.answers(), path) or []
    if 0 <= index < len(items):
        items.pop(index)
    state.drop_widget_keys(state.WIDGET_PREFIX + path + ".")


# --- the screen ---------------------------------------------------------------------------


def _flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if not flash:
        return
    kind, message, details = flash
    getattr(st, kind)(message)
    for line in details:
        st.text(line)


def _save_and_resume(a: Assessment | None) -> None:
    with st.expander("Save, resume or try an example", expanded=False):
        left, mid, right = st.columns(3)
        with left:
            st.markdown("**Save your answers**")
            st.caption(
                "Your answers are kept in this browser (see the sidebar). Download them to "
                "keep them for good, or to share them with a coach."
            )
            if a is not None:
                st.download_button(
                    "Download my assessment",
                    data=dump_assessment(a),
                    file_name=f"assessment-{a.assessed_on.isoformat()}.json",
                    mime="application/json",
                    on_click="ignore",
                    icon=":material/download:",
                )
            else:
                st.warning("Fix the answers marked below to download your file.")
        with mid:
            st.markdown("**Resume from a file**")
            st.file_uploader(
                "Upload an assessment file",
                type=["json"],
                key="upload_file",
                on_change=_on_upload,
                help=f"A .json file saved from this app, at most {MAX_FILE_BYTES // 1024} KB.",
            )
        with right:
            st.markdown("**Try an example**")
            st.selectbox(
                "Example runner",
                options=list(EXAMPLES),
                format_func=EXAMPLES.__getitem__,
                key="example_choice",
            )
            st.button("Load this example", on_click=_load_example)
            st.button("Start over with an empty assessment", on_click=_start_over)
        history_actions.add_earlier_from_file()


def _progress(a_data: Assessment | None, errors: dict[str, list[str]]) -> None:
    cols = st.columns(len(STEPS))
    todo = step_status(a_data) if a_data is not None else None
    for col, step in zip(cols, STEPS, strict=True):
        with col:
            has_errors = any(p.startswith(step) for p in errors)
            if has_errors:
                status = "needs a fix"
            elif todo is None:
                status = "…"
            elif todo[step] == 0:
                status = "complete"
            else:
                status = f"{todo[step]} to answer"
            st.button(
                f"{STEP_TITLES[step]} · {status}",
                key=f"go_{step}",
                on_click=_go,
                args=(step,),
                type="primary" if st.session_state[STEP_KEY] == step else "secondary",
                width="stretch",
            )
    if todo is not None:
        done = sum(1 for s in STEPS if todo[s] == 0)
        st.progress(done / len(STEPS), text=f"{done} of {len(STEPS)} steps complete")


def _history(errors: dict[str, list[str]]) -> None:
    h = "history."
    c1, c2, c3 = st.columns(3)
    with c1:
        number("Age (years)", h + "age", RunningHistory, errors)
        choice(
            "Sex",
            h + "sex",
            Sex,
            errors,
            help="Used for bone-health questions and the self-test norms.",
        )
        number(
            "Years running", h + "years_running", RunningHistory, errors, integer=False, step=0.5
        )
    with c2:
        unit = (
            choice(
                "Distance unit",
                h + "distance_unit",
                DistanceUnit,
                errors,
                radio=True,
                horizontal=True,
            )
            or "km"
        )
        number(
            f"Usual weekly distance ({unit})",
            h + "weekly_distance",
            RunningHistory,
            errors,
            integer=False,
            step=1.0,
        )
        number(
            f"Longest run in the last month ({unit})",
            h + "longest_run_last_month",
            RunningHistory,
            errors,
            integer=False,
            step=1.0,
        )
    with c3:
        choice(
            "Strength-training experience", h + "strength_experience", StrengthExperience, errors
        )
        number(
            "Strength sessions per week now",
            h + "strength_sessions_per_week",
            RunningHistory,
            errors,
        )
        many(
            "Other activities",
            h + "other_activities",
            Activity,
            errors,
            help="Power yoga and climbing count as strength work.",
        )
    inline_errors(errors, "history")
    state.bind(
        st.text_input,
        "Your name or nickname (optional, for coaches)",
        "runner_name",
        max_chars=80,
        to_widget=lambda v: v or "",
        from_widget=clean_line,
    )


def _health(errors: dict[str, list[str]]) -> None:
    st.info(HEALTH_INTRO, icon=":material/stethoscope:")
    st.subheader("Past injuries")
    injuries = state.get_path(state.answers(), "health.injuries") or []
    if not injuries:
        st.caption("No injuries listed.")
    for i, _ in enumerate(injuries):
        p = f"health.injuries.{i}."
        with st.container(border=True):
            c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
            with c1:
                kind = choice("Injury", p + "type", InjuryType, errors)
                if kind == InjuryType.bone_stress_injury:
                    choice("Where was the bone stress injury?", p + "bone_site", BoneSite, errors)
            with c2:
                choice("Side", p + "side", Side, errors)
            with c3:
                number("Months since it started", p + "months_since", Injury, errors)
            with c4:
                st.button(
                    "Remove",
                    key=f"rm_injury_{i}",
                    on_click=_remove_item,
                    args=("health.injuries", i),
                )
            inline_errors(errors, f"health.injuries.{i}")
    c1, c2 = st.columns([3, 2])
    with c1:
        st.selectbox(
            "Injury to add",
            options=list(InjuryType),
            key="new_injury",
            format_func=lambda v: label(InjuryType, v),
        )
    with c2:
        new = st.session_state.get("new_injury") or InjuryType.other
        st.button(
            "Add this injury",
            on_click=_add_item,
            args=("health.injuries", _new_injury(new)),
        )

    st.subheader("Pain now")
    c1, c2 = st.columns(2)
    with c1:
        pain = number(
            "Pain while running now (0 = none, 10 = worst)", "health.current_pain", Health, errors
        )
    with c2:
        if pain:
            many("Where does it hurt?", "health.pain_areas", BodyArea, errors)
            yes_no("Does it settle by the next morning?", "health.pain_settles_by_morning", errors)
    inline_errors(errors, "health")

    st.subheader("General health")
    for name, question in PARQ_QUESTIONS.items():
        yes_no(question, f"health.{name}", errors)
    st.subheader("Back pain warning signs")
    for name, question in BACK_QUESTIONS.items():
        yes_no(question, f"health.{name}", errors)
    st.subheader("Energy, bones and pregnancy")
    sex = state.get_path(state.answers(), "history.sex")
    for name, question in ENERGY_QUESTIONS.items():
        if name == "missed_periods" and sex == Sex.male:
            continue
        yes_no(question, f"health.{name}", errors)
        if name == "missed_periods":
            screening.missed_periods_reason(errors)
    screening.energy_and_bone(errors)
    if sex != Sex.male:
        pregnant = yes_no("Are you pregnant?", "health.pregnant", errors)
        if not pregnant:
            number(
                "If you gave birth in the last two years: how many weeks ago?",
                "health.weeks_since_giving_birth",
                Health,
                errors,
                help="Leave empty if this does not apply.",
            )
            screening.postpartum_symptoms(errors)

    st.subheader("Advice from a professional")
    many("Areas a health professional said not to load", "health.do_not_load", BodyArea, errors)
    cleared = state.bind(
        st.checkbox,
        "A health professional has cleared me to train",
        "health.cleared_by_professional",
        to_widget=bool,
    )
    if cleared:
        day("Date of the clearance", "health.cleared_on", errors)
        state.bind(
            st.text_input,
            "Who cleared you, and for what (optional)",
            "health.clearance_note",
            max_chars=500,
            to_widget=lambda v: v or "",
            from_widget=clean_note,
        )


def _new_injury(kind: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": kind,
        "side": Side.not_applicable,
        "months_since": None,
        "bone_site": None,
        "note": "",
    }
    if kind == InjuryType.bone_stress_injury:
        item["bone_site"] = BoneSite.other
    return item


def _self_tests(errors: dict[str, list[str]]) -> None:
    st.info(SELF_TESTS_INTRO, icon=":material/fitness_center:")
    history_actions.retest_now(date.today())
    for test in SELF_TESTS:
        p = f"self_tests.{test.id}"
        with st.container(border=True):
            st.markdown(f"**{test.title}**")
            with st.expander("How to do this test"):
                st.markdown(test.how_to)
            if test.id == "single_leg_balance":
                screening.balance_old_protocol()
            if not test.sided:
                c1, c2 = st.columns(2)
                with c2:
                    skipped = state.bind(
                        st.checkbox,
                        "Not tested",
                        p + "_skipped",
                        to_widget=bool,
                        then=partial(_clear_if_skipped, p + "_skipped", p),
                    )
                with c1:
                    if not skipped:
                        number(f"Result ({test.unit})", p, SelfTests, errors)
                continue
            cols = st.columns(2)
            for col, side in zip(cols, ("left", "right"), strict=True):
                with col:
                    skipped = state.bind(
                        st.checkbox,
                        f"{side.title()}: not tested",
                        f"{p}.{side}_skipped",
                        to_widget=bool,
                        then=partial(_clear_if_skipped, f"{p}.{side}_skipped", f"{p}.{side}"),
                    )
                    if skipped:
                        continue
                    if test.unit == "quality":
                        choice(
                            f"{side.title()} leg",
                            f"{p}.{side}",
                            SquatQuality,
                            errors,
                            radio=True,
                            horizontal=True,
                        )
                    else:
                        model: type[SidedReps | SidedSeconds | SidedBalance] = (
                            SidedReps
                            if test.unit == "reps"
                            else SidedBalance
                            if test.id == "single_leg_balance"
                            else SidedSeconds
                        )
                        number(f"{side.title()} ({test.unit})", f"{p}.{side}", model, errors)
            inline_errors(errors, p)
    screening.postpartum_tests(errors)
    inline_errors(errors, "self_tests")


def _goals(errors: dict[str, list[str]]) -> None:
    g = "goals."
    st.subheader("Races")
    races = state.get_path(state.answers(), "goals.races") or []
    for i, _ in enumerate(races):
        p = f"goals.races.{i}."
        with st.container(border=True):
            c1, c2, c3, c4, c5, c6 = st.columns([3, 2, 2, 2, 2, 1])
            with c1:
                state.bind(
                    st.text_input,
                    "Race name",
                    p + "name",
                    max_chars=80,
                    to_widget=lambda v: v or "",
                    from_widget=clean_line,
                )
            with c2:
                day("Date", p + "date", errors)
            with c3:
                choice("Type", p + "type", RaceType, errors)
            with c4:
                choice("Terrain", p + "terrain", Terrain, errors)
            with c5:
                choice("Priority", p + "priority", Priority, errors)
            with c6:
                st.button(
                    "Remove", key=f"rm_race_{i}", on_click=_remove_item, args=("goals.races", i)
                )
            inline_errors(errors, f"goals.races.{i}")
    no_race = state.get_path(state.answers(), "goals.general_fitness")
    if not no_race:
        first = not races
        st.button(
            "Add a race",
            on_click=_add_item,
            args=(
                "goals.races",
                {
                    "name": "",
                    "date": date.today() + timedelta(weeks=NEW_RACE_WEEKS_AHEAD),
                    "type": RaceType.road_10k,
                    "terrain": Terrain.flat,
                    "priority": Priority.A if first else Priority.B,
                },
            ),
        )
    if not races:
        state.bind(
            st.checkbox,
            "No race planned: I train for general fitness",
            "goals.general_fitness",
            to_widget=bool,
        )
    inline_errors(errors, "goals.races")

    st.subheader("Aim and season")
    c1, c2, c3 = st.columns(3)
    with c1:
        choice("What matters most?", g + "aim", Aim, errors, radio=True)
    with c2:
        day(
            "Off-season starts",
            g + "offseason_start",
            errors,
            help="The stretch of lower running volume, e.g. winter. Leave both empty if none.",
        )
    with c3:
        day("Off-season ends", g + "offseason_end", errors)

    st.subheader("Your running week")
    st.caption("For each day: your usual run, and whether you could fit a strength session in.")
    cols = st.columns(7)
    for col, wd in zip(cols, WEEKDAYS, strict=True):
        with col:
            st.markdown(f"**{wd.title()}**")
            choice("Run", f"{g}week.{wd}.run", RunType, errors)
            state.bind(
                st.radio,
                "Strength?",
                f"{g}week.{wd}.strength_ok",
                options=[True, False],
                index=None,
                format_func=lambda v: "Possible" if v else "Not possible",
            )
            inline_errors(errors, f"{g}week.{wd}.strength_ok")
    runs = sum(
        1
        for wd in WEEKDAYS
        if state.get_path(state.answers(), f"goals.week.{wd}.run") not in (None, RunType.rest)
    )
    st.caption(f"That is {runs} run{'s' if runs != 1 else ''} a week.")

    c1, c2 = st.columns(2)
    with c1:
        number(
            "Minutes available per strength session",
            g + "minutes_per_session",
            Goals,
            errors,
            step=5,
        )
    with c2:
        choice("Equipment", g + "equipment", Equipment, errors)
    inline_errors(errors, "goals")


DRAW = {"history": _history, "health": _health, "self_tests": _self_tests, "goals": _goals}


def main() -> None:
    st.title("Your self-assessment")
    st.caption(
        "Four short steps. Answer what you can: you can save a draft and come back to it. "
        "This is training guidance, not a medical assessment."
    )
    state.answers()
    st.session_state.setdefault(STEP_KEY, STEPS[0])
    st.pills(
        "New here? Look at an example runner's results and plan in one click:",
        list(EXAMPLES),
        format_func=EXAMPLES.__getitem__,
        key=EXAMPLE_PILLS,
        on_change=_load_example,
        args=(EXAMPLE_PILLS,),
    )
    _flash()
    a, errors = state.validate()
    _save_and_resume(a)
    history_actions.pending_merge()
    _progress(a, errors)
    if "" in errors or "assessed_on" in errors:
        for msg in errors.get("", []) + errors.get("assessed_on", []):
            st.error(msg)

    step = st.session_state[STEP_KEY]
    st.header(STEP_TITLES[step])
    DRAW[step](errors)

    index = STEPS.index(step)
    back, _, nxt = st.columns([1, 4, 1])
    if index > 0:
        back.button("← Back", on_click=_go, args=(STEPS[index - 1],), width="stretch")
    if index < len(STEPS) - 1:
        nxt.button(
            "Next →", on_click=_go, args=(STEPS[index + 1],), type="primary", width="stretch"
        )
    elif a is not None:
        gaps = missing(a)
        if gaps:
            shown = gaps[:10]
            more = f" (the first {len(shown)} below)" if len(gaps) > len(shown) else ""
            st.warning(f"{len(gaps)} answers are still needed before we can score this{more}:")
            st.markdown("\n".join(f"- {STEP_TITLES[m.step]}: {md_escape(m.label)}" for m in shown))
        else:
            st.success("All done: your assessment is complete.")
            st.page_link(RESULTS_PAGE, label="Next: see your results", icon=":material/bar_chart:")


require_entry()
main()
