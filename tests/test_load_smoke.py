"""The load generator's protocol client against the real app: one session, two slider moves.

benchmarks/load.py speaks Streamlit's websocket protocol itself (benchmarks/st_client.py),
pinned to the installed Streamlit. When an upgrade changes that protocol (the XSRF handshake,
the upload endpoint, page navigation, fragment reruns), this test fails and says where.
It uses the browser tests' shared server, so it runs with them (`make browser`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from assessments.examples import example_for_today
from assessments.storage import dump_assessment
from benchmarks.load import EXPECT, SLIDER, SLIDERS, UPLOADER, Runner, Sample
from benchmarks.st_client import Session, Target

pytestmark = pytest.mark.browser
CHANGED = "Streamlit's protocol changed under benchmarks/st_client.py: "
FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


async def _journey(url: str) -> None:
    s = Session(Target(url, source="127.0.2.1"), timeout=25)  # as --bind-sources does
    try:
        opened = await s.open()
        assert s.local_address()[0] == "127.0.2.1"
        assert opened.ok, CHANGED + f"the first run ended with status {opened.status}"
        assert s.session_id, CHANGED + "no session id in new_session.initialize"
        assert {"results", "plan", "compare"} <= set(s.pages), CHANGED + f"pages {s.pages}"

        data = dump_assessment(example_for_today("road_5k_weak_hamstrings", date.today()))
        up = await s.upload(UPLOADER, "runner.json", data.encode(), "application/json")
        assert up.ok and any("Loaded" in body for _, body in up.alerts), (
            CHANGED + f"the upload did not reach the app: {up.alerts} {up.exceptions}"
        )

        page = await s.goto("compare")
        assert page.ok and EXPECT["page:compare"] in page.headings, (
            CHANGED + f"the compare screen drew {page.headings} {page.alerts}"
        )
        minutes = s.widget("slider", SLIDERS[0])
        assert minutes.fragment_id, CHANGED + "plan B's sliders carry no fragment_id"
        assert minutes.proto.query_param_key == "b_minutes", CHANGED + "slider not URL-bound"

        p = minutes.proto
        for value in (p.min, p.min + p.step):  # both differ from the recommended value
            move = await s.set_slider(SLIDERS[0], value)
            assert move.status == FRAGMENT_DONE, (
                CHANGED + f"a slider move was not a fragment rerun (status {move.status})"
            )
            assert not move.exceptions, move.exceptions
            assert "Plan B: a variant" in move.headings, (
                CHANGED + f"plan B did not change: {move.headings}"
            )
            assert f"b_minutes={value:g}" in s.query_string
    finally:
        await s.close()


def _run(coro: Coroutine[Any, Any, None]) -> None:
    """asyncio.run in a thread of its own: Playwright's sync API (the browser tests in this
    process) keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


def test_one_session_two_slider_moves(streamlit_server: str) -> None:
    _run(asyncio.wait_for(_journey(streamlit_server), 30))


def test_runner_journey_records_every_rerun_kind(streamlit_server: str) -> None:
    """The generator's runner itself: one pass, no errors, every kind of rerun measured."""
    samples: list[Sample] = []
    start = time.perf_counter()
    runner = Runner(Target(streamlit_server), 0, samples, start, start + 60, 0.01, seed=3)
    _run(runner.run(passes=1))
    errors = [s.error for s in samples if s.error]
    assert not errors, errors
    kinds = {s.kind for s in samples}
    assert {"open", "upload", "page:results", "page:plan", "page:compare", SLIDER} <= kinds
    assert all(s.ms > 0 for s in samples)
