"""Compare two plans side by side: A (the recommendation) and B (a variant with sliders).

The comparison is a fragment: moving a control reruns only it, and scoring and plans come
from caches keyed on their inputs (ui/plan_cache.py). Plan B's controls are bound to the URL
(bind="query-params"), plan A's settings after a swap are one `plan_a` parameter, and the
start date is `start`: a reload or a bookmark keeps the comparison for the assessment that is
loaded. The runner's answers never go into the URL. Control ranges and defaults come from
assessments.compare (the defaults are the recommendation's values), so a control left alone
adds nothing to the URL. Drawing lives in ui/compare_view.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import streamlit as st

from assessments.compare import Controls, Settings, decode, encode, plan_options
from assessments.planner import Plan
from assessments.season import PlanInputError, coming_monday
from ui import followed_view, local_store, plan_cache
from ui.compare_view import B_KEYS, View, build_view, draw, draw_controls
from ui.gate import NOT_A_DIAGNOSIS, assessment_or_stop, plan_or_stop
from ui.shell import require_entry, session_tag
from ui.timing import timed

A_PARAM = "plan_a"  # plan A's settings (departures from the recommendation) in the URL
A_STATE = "compare:plan_a"
PLANS = "compare:plans"  # this session's last few plans, by their inputs (see _plan)
PLANS_KEPT = 4  # plans, and comparisons drawn, kept per session
VIEWS = "compare:views"  # this session's last few comparisons drawn, by their inputs
START = "start"
Files = Callable[[], bytes]
T = TypeVar("T")


# --- plan A's settings (session state, mirrored in the URL); callbacks --------------------


def _a_text() -> str:
    if A_STATE not in st.session_state:
        st.session_state[A_STATE] = st.query_params.get(A_PARAM, "")
    return str(st.session_state[A_STATE])


def _set_a(text: str) -> None:
    st.session_state[A_STATE] = text
    if text:
        st.query_params[A_PARAM] = text
    elif A_PARAM in st.query_params:
        del st.query_params[A_PARAM]


def _b_from_state(ctl: Controls) -> Settings:
    values = {
        name: st.session_state.get(key, getattr(ctl.recommended, name))
        for name, key in B_KEYS.items()
    }
    return ctl.clamp(Settings(**values))


def _set_b(s: Settings) -> None:
    """Bound widgets can only be changed through session state (which updates the URL)."""
    for name, key in B_KEYS.items():
        st.session_state[key] = getattr(s, name)


def _swap(ctl: Controls) -> None:
    a, b = decode(_a_text(), ctl), _b_from_state(ctl)
    _set_a(encode(b, ctl.recommended))
    _set_b(a)


def _reset(ctl: Controls) -> None:
    _set_b(ctl.recommended)


# --- the screen ----------------------------------------------------------------------------


def _files(answers_json: str, start: date, opts: str) -> tuple[Files, Files]:
    """Deferred downloads: built from the cached plan when clicked, never on a slider move."""
    return (
        lambda: plan_cache.csv(answers_json, start, opts),
        lambda: plan_cache.ics(answers_json, start, options_json=opts),
    )


def _recent(
    name: str,
    key: tuple[object, ...],
    make: Callable[[], T],
    fresh: Callable[[T], bool] | None = None,
) -> T:
    """`make()`, remembered in this session's memo `name` for its last `PLANS_KEPT` keys (the
    most recent last), while `fresh` says a kept value still holds."""
    memo: dict[tuple[object, ...], T] = st.session_state.setdefault(name, {})
    got = memo.pop(key, None)  # popped and put back: the most recent last
    if got is None or (fresh is not None and not fresh(got)):
        got = make()
    memo[key] = got
    for old in list(memo)[:-PLANS_KEPT]:
        del memo[old]
    return got


def _plan(answers_json: str, start: date, opts: str) -> Plan:
    """plan_cache.plan, remembered in this session for its last few settings.

    A slider move leaves plan A as it was (and going back to a value finds plan B again),
    and a Streamlit cache lookup of a plan costs several times a dict look-up here. Keyed on
    all of the plan's inputs; the plans are the cache's shared objects, never copied.
    """
    return _recent(
        PLANS, (answers_json, start, opts), lambda: plan_cache.plan(answers_json, start, opts)
    )


def _view(
    answers_json: str,
    start: date,
    opts: list[str],
    plans: tuple[Plan, Plan],
    ab: tuple[Settings, Settings],
    ctl: Controls,
) -> View:
    """build_view, remembered in this session for its last few comparisons.

    Moving a control back to a value seen before then rebuilds nothing, and redraws the very
    chart objects drawn before (a fresh chart's first drawing costs more: pandas and Altair
    fill their own caches). Keyed on everything the view shows (the plans' inputs, both
    settings; the controls follow from the answers and start) and kept only while the plans
    are the same objects.
    """

    def make() -> tuple[tuple[Plan, Plan], View]:
        files = tuple(_files(answers_json, start, o) for o in opts)
        return plans, build_view(plans, ab, ctl, files)

    key = (answers_json, start, *opts, *ab)
    return _recent(VIEWS, key, make, lambda got: got[0][0] is plans[0] and got[0][1] is plans[1])[1]


@st.fragment
def comparison(answers_json: str, start: date, ctl: Controls) -> None:
    """Everything a control changes; a control's change reruns only this."""
    with timed("fragment:compare", session_tag):
        b = draw_controls(ctl, _swap, _reset)
        a = decode(_a_text(), ctl)
        opts = [plan_options(ctl.effective(s), ctl.recommended).model_dump_json() for s in (a, b)]
        try:
            plans = (_plan(answers_json, start, opts[0]), _plan(answers_json, start, opts[1]))
        except PlanInputError as exc:
            st.error(f"No plan for these settings: {exc.message}.")
            return
        draw(_view(answers_json, start, opts, plans, (a, b), ctl))
        followed_view.follow_variant(start, encode(b, ctl.recommended))
        with timed("autosave:compare", session_tag):
            local_store.autosave_compare(answers_json, _a_text(), encode(b, ctl.recommended), start)


def main() -> None:
    st.title("Compare two plans")
    st.caption(
        "Plan A is the plan recommended for your answers; plan B is yours to change. Safety "
        "limits always hold: a setting that would break one is held back, and the screen "
        "says why. Settings outside the evidence are allowed and come with a warning."
    )
    a = assessment_or_stop("compare", what="comparison")
    answers_json = a.model_dump_json(exclude={"earlier"})  # never keyed on the history
    saved = local_store.saved_compare(answers_json)  # kept on this device, used when no URL
    if saved is not None and (set(st.query_params) & {A_PARAM, START, *B_KEYS.values()}):
        saved = None
    if saved is not None and saved.start is not None:
        st.session_state[START] = saved.start
    start = st.date_input(
        "Start both plans on", value=coming_monday(date.today()), key=START, bind="query-params"
    )
    plan_or_stop(lambda: plan_cache.plan(answers_json, start))
    ctl = plan_cache.plan_controls(answers_json, start)
    if saved is not None:
        _set_a(saved.a)
        _set_b(decode(saved.b, ctl))
    comparison(answers_json, start, ctl)
    st.caption(NOT_A_DIAGNOSIS)


require_entry()
main()
