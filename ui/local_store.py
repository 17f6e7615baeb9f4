"""The answers and compare settings kept in the runner's own browser (local storage).

Built on Streamlit's own component API, `st.components.v2` (no package to install or keep up
to date; a few lines of JavaScript with no HTML). One component is registered here, once, and
mounted twice with fixed keys: in app.py on every full run (the answers) and inside the compare
fragment (its settings; a fragment rerun does not redraw app.py). The answers travel to the
browser only as the component's `data`, never formatted into its JavaScript, and come back as
its `report` state. Every decision (what to write, when a copy expired, what a copy read back
becomes) is in assessments/local_copy.py; this module only moves data and draws.

A session's first run asks the browser for its copy (`read` = the session's nonce) and shows
only "Loading your saved answers…" until the report for that nonce arrives: stored answers,
"none" or "unavailable" (the script always gets one, also when local storage throws). Nothing
is written before then, so a copy is never replaced by blanks.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import streamlit as st

from assessments.local_copy import (
    EXPIRY,
    CompareSettings,
    Write,
    arrival,
    compare_record,
    compare_settings,
    digest,
    next_write,
)
from ui import state
from ui.widgets import md_escape

KEYS = {
    "answers": "strength-for-runners:answers",
    "compare": "strength-for-runners:compare",
    "nosave": "strength-for-runners:dont-save",
}
APP_KEY = "local_store"  # the component in app.py
COMPARE_KEY = "local_store:compare"  # the component in the compare fragment

NONCE = "store:nonce"  # this session's request for the browser's copy
READY = "store:ready"  # the report arrived and was handled
LAST = "store:last"  # the record last handed to the browser (assessments.local_copy.Write)
KEEP_OFF = "store:shared_device"  # the "shared device: don't save" switch
AVAILABLE = "store:available"
FORGET = "store:forget"  # a token: the browser removes its copy once per token
GREETING = "store:greeting"
NOTICES = "store:notices"
OTHER_TAB = "store:other_tab"
FAILED = "store:failed"
CONFIRM_FORGET = "store:confirm_forget"
COMPARE = "store:compare"  # the stored compare settings, until the compare screen uses them

LOADING = "Loading your saved answers…"
LOADING_KEY = "loading-saved-answers"  # its container's class: st-key-loading-saved-answers
OTHER_TAB_TEXT = "Your answers were changed in another tab — reload this page to see them."

_JS = """
export default function (component) {
  const { data, setStateValue, setTriggerValue } = component;
  const keys = data.keys || {};
  const mem = (window.__strengthForRunners = window.__strengthForRunners || {});
  const own = (mem[data.role] = mem[data.role] || { written: {}, answered: null, forgot: null });
  let ls = null;
  try { ls = window.localStorage; } catch (e) { ls = null; }
  const quietly = (fn) => { try { return fn(); } catch (e) { return null; } };
  const why = (e) => String((e && e.name) || e);

  if (data.read && own.answered !== data.read) {
    const reconnected = own.answered !== null;  // this page answered a session now gone
    own.answered = data.read;
    let report;
    try {
      const probe = keys.answers + ":probe";
      ls.setItem(probe, "1");
      ls.removeItem(probe);
      const answers = ls.getItem(keys.answers);
      report = {
        nonce: data.read, reconnected,
        status: answers === null ? "none" : "stored",
        answers, compare: ls.getItem(keys.compare), nosave: ls.getItem(keys.nosave) === "1",
      };
    } catch (e) {
      report = { nonce: data.read, reconnected, status: "unavailable", reason: why(e) };
    }
    setStateValue("report", report);
  }
  if (data.forget && own.forgot !== data.forget) {
    own.forgot = data.forget;
    own.written = {};
    quietly(() => ls.removeItem(keys.answers));
    quietly(() => ls.removeItem(keys.compare));
  }
  if (data.nosave === true) {
    own.written = {};
    quietly(() => ls.setItem(keys.nosave, "1"));
    quietly(() => ls.removeItem(keys.answers));
    quietly(() => ls.removeItem(keys.compare));
  } else if (data.nosave === false) {
    quietly(() => ls.removeItem(keys.nosave));
  }
  const w = data.write;
  if (w && own.written[w.key] !== w.hash) {
    own.written[w.key] = w.hash;  // a failed hash is not retried: no loop of failures
    try {
      if (ls.getItem(w.key) !== w.text) ls.setItem(w.key, w.text);
    } catch (e) {
      setTriggerValue("failed", why(e));
    }
  }
  if (data.role === "app") {
    // A server restart leaves the old page on screen, connected to a new, empty session that
    // does not run until the next click. Ask for a run as soon as the page reconnects: the new
    // session asks for this browser's copy again (a new nonce), and gets it back.
    own.trigger = setTriggerValue;
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && !own.observer) {
      let last = app.getAttribute("data-test-connection-state");
      own.observer = new MutationObserver(() => {
        const now = app.getAttribute("data-test-connection-state");
        if (now === "CONNECTED" && last !== "CONNECTED") own.trigger("reconnected", Date.now());
        last = now;
      });
      const watched = ["data-test-connection-state"];
      own.observer.observe(app, { attributes: true, attributeFilter: watched });
    }
  }
  if (!data.watch) return undefined;
  const onStorage = (event) => {
    if (event.key === keys.answers) setTriggerValue("other_tab", Date.now());
  };
  window.addEventListener("storage", onStorage);
  return () => window.removeEventListener("storage", onStorage);
}
"""

_store = st.components.v2.component("strength_for_runners.local_store", js=_JS)


def _noop() -> None:
    return None


def _now() -> datetime:
    return datetime.now(UTC)


def keeping() -> bool:
    """Answers may be written now: the report arrived, storage works, not a shared device."""
    ss = st.session_state
    return bool(ss.get(READY)) and bool(ss.get(AVAILABLE, True)) and not ss.get(KEEP_OFF)


def autosave() -> None:
    """Mount the storage component (app.py, every full run); on a session's first runs, wait
    for the browser's report and restore from it, showing only the loading line."""
    ss = st.session_state
    nonce = ss.setdefault(NONCE, uuid.uuid4().hex)
    ready = bool(ss.get(READY))
    write = next_write(state.answers(), ss.get(LAST), _now(), keep=keeping()) if ready else None
    if write is not None and write is not ss.get(LAST):
        ss[LAST] = write
        ss.pop(OTHER_TAB, None)  # this tab's change is now the later write: it wins
    data: dict[str, Any] = {
        "role": "app",
        "keys": KEYS,
        "read": nonce,
        "watch": ready,
        "forget": ss.get(FORGET),
        "nosave": (bool(ss.get(KEEP_OFF)) if ready else None),
        "write": _write_data("answers", write),
    }
    with st.sidebar:
        result = _store(
            key=APP_KEY,
            data=data,
            height=0,
            on_report_change=_noop,
            on_other_tab_change=_noop,
            on_failed_change=_noop,
            on_reconnected_change=_noop,
        )
    if result.other_tab:
        ss[OTHER_TAB] = True
    if result.failed:
        ss[FAILED] = str(result.failed)
    if ready:
        return
    report = result.report
    if not isinstance(report, dict) or report.get("nonce") != nonce:
        with st.container(key=LOADING_KEY):  # tests and benchmarks wait for it to go
            st.info(LOADING, icon=":material/hourglass_top:")
        st.stop()
    _arrive(report)


def _write_data(kind: str, write: Write | None) -> dict[str, str] | None:
    return None if write is None else {"key": KEYS[kind], "hash": write.hash, "text": write.text}


def _arrive(report: dict[str, Any]) -> None:
    ss = st.session_state
    got = arrival(report, _now(), date.today())
    ss[READY] = True
    ss[AVAILABLE] = got.available
    ss[KEEP_OFF] = not got.keep
    if got.answers is not None:
        state.replace_data(got.answers)
        ss[LAST] = got.last
    if got.forget:
        ss[FORGET] = uuid.uuid4().hex
    if got.greeting:
        ss[GREETING] = got.greeting
    if got.compare:
        ss[COMPARE] = got.compare
    ss[NOTICES] = got.notices


# --- what the runner sees and does -------------------------------------------------------------


def _forget(message: str) -> None:
    """Remove the copy on this device and start this tab afresh (a blank is never written)."""
    ss = st.session_state
    ss[FORGET] = uuid.uuid4().hex
    ss[LAST] = None
    for key in (GREETING, COMPARE, CONFIRM_FORGET):
        ss.pop(key, None)
    state.replace_data(state.blank())
    ss[NOTICES] = [("success", message)]


def _start_new_runner() -> None:
    _forget("Started a new runner: the answers kept on this device were removed.")


def _forget_confirmed() -> None:
    _forget("Your answers were removed from this device and from this tab.")


def _shared_device_changed() -> None:
    st.session_state[LAST] = None  # switched back on: the answers are written again


def banners() -> None:
    """Messages from the browser's copy, above the screen."""
    ss = st.session_state
    for kind, text in ss.pop(NOTICES, []):
        getattr(st, kind)(text)
    if ss.get(OTHER_TAB):
        st.warning(OTHER_TAB_TEXT, icon=":material/tab:")
    if ss.get(FAILED):
        st.warning(
            "Your answers could not be kept on this device (its storage is full or blocked), "
            "so download your file to keep them."
        )
    if ss.get(GREETING):
        with st.container(border=True):
            st.markdown(md_escape(ss[GREETING]))
            left, right, _ = st.columns([1, 1, 3])
            left.button(
                "Continue", type="primary", on_click=ss.pop, args=(GREETING, None), key="greet_yes"
            )
            right.button("Start a new runner", on_click=_start_new_runner, key="greet_new")


def privacy_controls() -> None:
    """The sidebar's line on what is kept where, the shared-device switch and "Forget"."""
    ss = st.session_state
    with st.sidebar:
        if not ss.get(AVAILABLE, True):
            st.caption("This browser does not let the app keep your answers: download your file.")
            return
        if ss.get(KEEP_OFF):
            st.caption("Nothing is kept on this device. Download your file to keep your answers.")
        else:
            st.caption(
                f"Your answers are kept on this device for {EXPIRY.days} days after your last "
                "change, so a reload or a new tab finds them. Keep your downloaded file too."
            )
        st.toggle("Shared device: don't save", key=KEEP_OFF, on_change=_shared_device_changed)
        if ss.get(CONFIRM_FORGET):
            st.warning("Forget the answers kept on this device, and clear them from this tab?")
            left, right = st.columns(2)
            left.button("Yes, forget them", type="primary", on_click=_forget_confirmed)
            right.button("Cancel", on_click=ss.pop, args=(CONFIRM_FORGET, None))
        else:
            st.button(
                "Forget my answers on this device",
                on_click=ss.__setitem__,
                args=(CONFIRM_FORGET, True),
            )


# --- the compare screen -------------------------------------------------------------------------


def saved_compare(answers_json: str) -> CompareSettings | None:
    """The compare settings kept on this device for these answers, once per session."""
    text = st.session_state.pop(COMPARE, None)
    return compare_settings(text, digest(answers_json), date.today()) if text else None


@lru_cache(maxsize=64)
def _answers_digest(answers_json: str) -> str:
    """digest() of the answers, once per answers: each slider move would hash them again."""
    return digest(answers_json)


def autosave_compare(answers_json: str, a_text: str, b_text: str, start: date) -> None:
    """Inside the compare fragment: keep plan A's and B's settings on this device."""
    write = None
    if keeping():
        text = compare_record(_answers_digest(answers_json), a_text, b_text, start)
        write = {"key": KEYS["compare"], "hash": digest(text), "text": text}
    _store(key=COMPARE_KEY, data={"role": "compare", "keys": KEYS, "write": write}, height=0)


def report_state(status: str = "none", answers: str | None = None, **extra: Any) -> dict[str, Any]:
    """Session-state entries that stand for the browser's first report, for a run without a
    browser (AppTest, benchmarks): the component's `report` for this session's nonce."""
    nonce = "apptest"
    report = {"nonce": nonce, "status": status, "answers": answers, **extra}
    return {NONCE: nonce, APP_KEY: {"report": report}}
