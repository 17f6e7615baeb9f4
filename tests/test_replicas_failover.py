"""Failover with real browsers: two replicas behind nginx (deploy/nginx.conf), one replica killed.

Every browser on this machine connects from 127.0.0.1, so each one goes through its own
loopback forwarder whose connections to nginx come from 127.0.N.1 (benchmarks/replicas.py);
nginx's address hash then puts the browsers on different replicas, and the test-only
`X-Replica` header says which. Waits on the app's states and the browser's storage, never a
sleep. Run it with `make replicas` (it starts its own two replicas, nginx and two browsers).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from benchmarks.replicas import Cluster, Forwarder, cluster, replica_header
from tests.browser_helpers import new_page, number, step
from tests.conftest import TIMEOUT_MS, wait_idle
from ui.local_store import KEYS, LOADING

pytestmark = [pytest.mark.browser, pytest.mark.replicas]

AGE = "Age (years)"
PAIN = "Pain while running now (0 = none, 10 = worst)"
RESTORED = "Your answers were brought back from this browser."
# Counts the page's disconnections: the app's root leaves CONNECTED when its websocket drops.
WATCH_CONNECTION = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__disconnects = 0;
  let last = app.getAttribute('data-test-connection-state');
  new MutationObserver(() => {
    const now = app.getAttribute('data-test-connection-state');
    if (last === 'CONNECTED' && now !== 'CONNECTED') window.__disconnects += 1;
    last = now;
  }).observe(app, { attributes: true, attributeFilter: ['data-test-connection-state'] });
}"""


def kept(page: Any) -> dict[str, Any] | None:
    """The answers this browser keeps (ui/local_store.py's record), or None."""
    return page.evaluate(
        """([key]) => {
          const record = localStorage.getItem(key);
          return record === null ? null : JSON.parse(JSON.parse(record).answers);
        }""",
        [KEYS["answers"]],
    )


def wait_kept(page: Any, age: int, pain: int) -> None:
    """Wait until autosave has kept this age and pain in the browser's storage."""
    page.wait_for_function(
        """([key, age, pain]) => {
          const record = localStorage.getItem(key);
          if (record === null) return false;
          const a = JSON.parse(JSON.parse(record).answers);
          return a.history.age === age && a.health.current_pain === pain;
        }""",
        arg=[KEYS["answers"], age, pain],
        timeout=TIMEOUT_MS,
    )


def answered_by(url: str) -> str:
    """The replica that answered `url`: the last address of `X-Replica` (nginx lists every
    replica it tried, e.g. a dead one before the live one that answered)."""
    return replica_header(url).split(",")[-1].strip()


def on_replica(c: Cluster, address: str, avoid: set[int]) -> tuple[Forwarder, int]:
    """A forwarder (127.0.N.1) that nginx sends to the replica at `address`."""
    for n in range(1, 60):
        if n in avoid:
            continue
        fwd = c.forwarder(n)
        if answered_by(fwd.url + "/_stcore/health") == address:
            return fwd, n
    raise AssertionError(f"no source address 127.0.N.1 (N < 60) lands on {address}")


def wait_routed(fwd: Forwarder, address: str, timeout: float = 60) -> None:
    """Wait until nginx sends this forwarder's client to `address` again (a replica skipped
    after a failure comes back once its `fail_timeout` has passed)."""
    end = time.monotonic() + timeout
    while (now := answered_by(fwd.url + "/_stcore/health")) != address:
        assert time.monotonic() < end, f"still routed to {now}, not {address}"
        time.sleep(0.5)  # polling nginx's routing, a state with no event to wait on


def answer(page: Any, age: str, pain: str) -> None:
    """Enter an age, go to the next step and enter the current pain."""
    number(page, AGE, age)
    step(page, "Injuries and health")
    number(page, PAIN, pain)


def test_a_killed_replica_loses_nothing_and_comes_back(browser) -> None:
    errors: list[str] = []
    contexts: list[Any] = []

    def browse(fwd: Forwarder) -> Any:
        context, page = new_page(browser, fwd.url, errors)
        contexts.append(context)
        return page

    with cluster(2, replica_header=True) as c:
        try:
            journey(c, browse)
        finally:
            for context in contexts:
                context.close()
    assert not [e for e in errors if e.startswith("pageerror")], errors


def journey(c: Cluster, browse: Any) -> None:
    first, second = (f"127.0.0.1:{r.port}" for r in c.replicas)
    fwd_live, n_live = on_replica(c, first, set())
    fwd_gone, n_gone = on_replica(c, second, {n_live})
    live, gone = c.replica_for(first), c.replica_for(second)

    stays, moves = browse(fwd_live), browse(fwd_gone)
    for page, age, pain in ((stays, "41", "2"), (moves, "52", "3")):
        page.goto("/")
        wait_idle(page)
        answer(page, age, pain)
    wait_kept(stays, 41, 2)
    wait_kept(moves, 52, 3)
    stays.evaluate(WATCH_CONNECTION)

    gone.kill()  # mid-journey, as a crash or a lost machine would

    # The killed replica's runner: the page reconnects through nginx to the live replica,
    # whose new session gets the answers back from this browser's storage.
    expect(moves.get_by_text(RESTORED)).to_be_visible(timeout=TIMEOUT_MS)
    wait_idle(moves)
    expect(moves.get_by_text(LOADING)).to_have_count(0)
    assert answered_by(fwd_gone.url + "/_stcore/health") == first
    expect(moves.get_by_label(AGE, exact=True)).to_have_value("52")
    step(moves, "Injuries and health")
    expect(moves.get_by_label(PAIN, exact=True)).to_have_value("3")
    number(moves, PAIN, "4")  # and carries on there
    wait_kept(moves, 52, 4)

    # The live replica's runner carries on untouched: same session, answers unchanged.
    expect(stays.get_by_label(PAIN, exact=True)).to_have_value("2")
    number(stays, PAIN, "1")  # a rerun on the same session works
    wait_kept(stays, 41, 1)
    step(stays, "Running history")
    expect(stays.get_by_label(AGE, exact=True)).to_have_value("41")
    assert stays.evaluate("window.__disconnects") == 0
    expect(stays.get_by_text(RESTORED)).to_have_count(0)

    # The replica comes back and takes new sessions again: a new browser from the killed
    # replica's source address lands on it once nginx's fail_timeout has passed.
    gone.start()
    gone.wait_healthy()
    fwd_new = Forwarder(c.port, f"127.0.{n_gone}.1")
    fwd_new.start()
    c.forwarders.append(fwd_new)
    wait_routed(fwd_new, second)
    fresh = browse(fwd_new)
    fresh.goto("/")
    wait_idle(fresh)
    answer(fresh, "33", "0")
    wait_kept(fresh, 33, 0)
    assert answered_by(fwd_new.url + "/_stcore/health") == second
    assert live.proc is not None and live.proc.poll() is None
