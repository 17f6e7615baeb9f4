"""AppTest helpers shared by the screen tests: open a screen with answers, read what it shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from assessments.examples import example_for_today
from ui import local_store

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def example(name: str = "trail_ankle_sprains", **changes: Any) -> dict[str, Any]:
    """An example's answers as the app keeps them (dates moved to lie ahead of today)."""
    data = example_for_today(name, date.today()).model_dump(mode="python")
    data.update(changes)
    return data


def open_screen(
    path: str | None,
    answers: dict[str, Any] | None = None,
    query: dict[str, str] | None = None,
    timeout: float = 60,
    stored: str | None = None,
    compare: str | None = None,
) -> AppTest:
    """Run the app (through app.py, as a browser would) and switch to the screen at `path`.

    The browser's first report is simulated: nothing kept on the device, or `stored` (a
    record as the browser keeps it) with `compare` (stored compare settings)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    status = "none" if stored is None else "stored"
    for key, value in local_store.report_state(status, stored, compare=compare).items():
        at.session_state[key] = value
    if answers is not None:
        at.session_state["answers"] = answers
    at.query_params.update(query or {})
    at.run()
    if path is not None:
        at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def walk(node: Any) -> list[Any]:
    """Every element on the screen in drawing order."""
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out += walk(child)
    return out


def shown(at: AppTest) -> str:
    """Every message and text on the screen, in one string."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "text", "code")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))
