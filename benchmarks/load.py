"""Capacity of one server process, measured without browsers.

    .venv/bin/python -m benchmarks.load            # the curve N = 1..40 (60 s each), then
                                                   # a 5-minute no-leak run at the capacity
    .venv/bin/python -m benchmarks.load --quick    # N = 1, 2, 5, 10 for 20 s each (< 3 min)
    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8080 --sessions 10 \\
        --bind-sources --server-pid 1234 --server-pid 1235   # a server someone else runs

A script, not a test. N sessions (benchmarks/st_client.py: Streamlit's own protocol over a
websocket, no browser) each go through a runner's journey again and again until the step's time
is up: open the app, upload an example assessment file (dates moved to today, as the example
picker does, and a runner name of its own, so that each pass is a new runner to the server's
caches), open the results, plan and compare screens, then move plan B's sliders in the
comparison fragment (a fragment rerun with its fragment_id) 8 times, back to the assessment and
round again with the next example. Between actions a runner thinks for 2 s ± 50% (uniform).
Sessions start spread over the first think time, stay connected, and stop by themselves.

Without --url, each step gets a fresh `streamlit run app.py` on loopback with the app's timing
log on (RUNNER_TIMING_LOG, ui/timing.py) and one warm-up journey that is not counted (module
imports, rules tables, first plans). Measured per step:
- client-side round trip per kind of rerun (request sent → the server's script_finished):
  p50 / p95 / max; beside it the server's own time for the same kind from its timing log;
- errors: an exception drawn by the app, a run that did not finish successfully, a lost
  connection, an upload refused, a screen without its expected content, a 60 s timeout;
- the server's resident memory (VmRSS), sampled every second; the generator's own CPU time
  per wall second (a step where it used more than half a core is marked `*`: the generator
  may then be part of the round trip it measures).

Capacity of one process: the largest N whose p95 slider round trip stays within 2x the
single-session (N = 1) p50 slider round trip, with no errors (on a busy machine a smaller N
can miss where a larger one passes: the table shows every step). No leak: at that N for
--soak seconds (300 in full mode), RSS at the end must be within +10% (or +20 MiB) of RSS at
minute 1, and the slider round trip must not drift upward (the least-squares slope of the
per-minute medians, times the run's minutes, under 25% of their median; each minute's line
shows the machine's load average beside it, as a busy shared machine drifts too).

Loopback only (the target must be 127.x, localhost or ::1), at most 200 sessions and 30
minutes a step. --bind-sources binds session i's connections to 127.0.(i+1).1, so a proxy
that hashes client addresses (nginx ip_hash uses the first three octets) spreads the sessions;
--json PATH keeps every figure for other scripts. `run_step()` is the API for them.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import streamlit  # noqa: E402

from assessments.examples import EXAMPLES, example_for_today  # noqa: E402
from assessments.storage import dump_assessment  # noqa: E402
from benchmarks.serve import serve  # noqa: E402
from benchmarks.st_client import ProtocolError, Run, Session, Target  # noqa: E402

PLANNED = [name for name in EXAMPLES if not name.startswith("red_flag")]  # each has a plan
UPLOADER = "Upload an assessment file"
REPLACE = "Replace my answers"  # asked before a file replaces answers already entered
SLIDERS = ("Minutes per session", "Sessions a week in season", "Sessions a week in the off-season")
MOVES = 8  # slider moves per visit of the compare screen
THINK_S = 2.0
CURVE = (1, 2, 5, 10, 20, 40)
QUICK_CURVE = (1, 2, 5, 10)
MAX_SESSIONS = 200
MAX_STEP_S = 1800
SLIDER = "slider"
EXPECT = {  # what each screen must show, or the run counts as an error
    "page:results": "Your results",
    "page:plan": "A typical week",
    "page:compare": "The differences",
    SLIDER: "The differences",
}


# --- one runner ------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    t: float  # seconds since the step started, at the end of the run
    ms: float
    error: str = ""


def _example_file(name: str, runner: str) -> bytes:
    """An example's file as a runner would save it: dates moved to today, their own name (so
    every runner's answers differ, and the server's caches see a new runner, as in real use)."""
    a = example_for_today(name, date.today()).model_copy(update={"runner_name": runner})
    return dump_assessment(a).encode()


def _check(run: Run) -> str:
    if run.exceptions:
        return f"exception drawn: {run.exceptions[0][:120]}"
    if not run.ok:
        return f"script finished with status {run.status}"
    want = EXPECT.get(run.kind)
    if want and want not in run.headings:
        return f"{run.kind}: no heading {want!r} (alerts: {[b[:80] for _, b in run.alerts]})"
    if run.kind == "upload" and not any("Loaded" in body for _, body in run.alerts):
        return "upload: no 'Loaded' message"
    return ""


class Runner:
    """One simulated runner; records a Sample per action into `samples`."""

    def __init__(
        self,
        target: Target,
        index: int,
        samples: list[Sample],
        t0: float,
        deadline: float,
        think: float,
        seed: int,
    ) -> None:
        self.target, self.index, self.samples = target, index, samples
        self.t0, self.deadline, self.think = t0, deadline, think
        self.rng = random.Random(seed * 1000 + index)
        self.values: dict[str, float] = {}
        self.passes = 0

    def _left(self) -> float:
        return self.deadline - time.perf_counter()

    async def _pause(self, scale: float = 1.0) -> bool:
        """Think for 2 s ± 50%; False when the step's time is up."""
        wait = self.think * self.rng.uniform(0.5, 1.5) * scale
        if self._left() <= wait:
            return False
        await asyncio.sleep(wait)
        return True

    async def _do(self, kind: str, action: Any) -> bool:
        try:
            run = await action
            error = _check(run)
            ms = run.ms
        except (ProtocolError, OSError, TimeoutError) as exc:
            error, ms = f"{kind}: {type(exc).__name__}: {exc}"[:200], float("nan")
        self.samples.append(Sample(kind, time.perf_counter() - self.t0, ms, error))
        return not error

    async def run(self, passes: int | None = None) -> None:
        """Journeys until the deadline (or `passes` journeys); reconnects after an error."""
        if not await self._pause(scale=self.rng.random()):  # spread the sessions' starts
            return
        done, ex = 0, self.index
        while self._left() > 0 and (passes is None or done < passes):
            session = Session(self.target)
            try:
                if not await self._do("open", session.open()):
                    if not await self._pause():
                        return
                    continue
                while self._left() > 0 and (passes is None or done < passes):
                    name = PLANNED[ex % len(PLANNED)]
                    ex += 1
                    failed = await self._journey(session, name)
                    if failed is None:  # the step's time is up
                        return
                    if failed:
                        break  # reconnect, as a runner reloads the page
                    done += 1
            finally:
                await session.close()
            if not await self._pause():
                return

    async def _journey(self, s: Session, name: str) -> bool | None:
        """One pass: False when done, True after an error (the caller reconnects), None when
        the step's time is up."""
        self.passes += 1
        data = _example_file(name, f"Load runner {self.index}.{self.passes}")
        steps: list[tuple[str, Any]] = [
            ("upload", lambda: self._upload(s, name, data)),
            ("page:results", lambda: s.goto("results")),
            ("page:plan", lambda: s.goto("plan")),
            ("page:compare", lambda: s.goto("compare")),
        ]
        for kind, make in steps:
            if not await self._pause():
                return None
            if not await self._do(kind, make()):
                return True
        self.values.clear()
        for _ in range(MOVES):
            label = self.rng.choice(SLIDERS)
            try:
                value = self._new_value(s, label)
            except ProtocolError as exc:
                self.samples.append(
                    Sample(SLIDER, time.perf_counter() - self.t0, float("nan"), str(exc))
                )
                return True
            if not await self._pause():
                return None
            if not await self._do(SLIDER, s.set_slider(label, value)):
                return True
            self.values[label] = value
        if not await self._pause():
            return None
        return not await self._do("page:assessment", s.goto(""))

    async def _upload(self, s: Session, name: str, data: bytes) -> Run:
        """Upload the file; over the previous pass's answers the app asks first (ui/replace.py):
        the runner confirms, and the upload's time includes the confirming run."""
        run = await s.upload(UPLOADER, f"{name}.json", data, "application/json")
        if REPLACE in run.buttons:
            confirmed = await s.click(REPLACE, "upload")
            confirmed.ms += run.ms
            return confirmed
        return run

    def _new_value(self, s: Session, label: str) -> float:
        """A value of the slider's range other than its current one."""
        p = s.widget("slider", label).proto
        steps = round((p.max - p.min) / p.step) if p.step else 0
        values = [p.min + i * p.step for i in range(steps + 1)]
        now = self.values.get(label, (list(p.value) or list(p.default) or [p.min])[0])
        choices = [v for v in values if v != now] or values
        return self.rng.choice(choices)


# --- one step: N runners for a while -----------------------------------------------------------


@dataclass
class Stats:
    n: int
    p50: float
    p95: float
    max: float

    @staticmethod
    def of(values: list[float]) -> Stats | None:
        if not values:
            return None
        return Stats(len(values), percentile(values, 50), percentile(values, 95), max(values))


@dataclass
class StepResult:
    sessions: int
    seconds: float
    client: dict[str, Stats]  # kind -> client-side round trips (ms)
    server: dict[str, Stats]  # timing-log `what` -> server-side times (ms)
    errors: list[str]
    rss_mib: list[tuple[float, float]]  # (s since start, MiB), server processes summed
    generator_cpu: float  # cores used by this process on average
    load: tuple[str, str]  # load average before, after
    slider_times: list[tuple[float, float]] = field(default_factory=list)  # (t, ms)
    loads: list[tuple[float, float]] = field(default_factory=list)  # (t, 1-minute load avg)

    @property
    def busy_generator(self) -> bool:
        return self.generator_cpu > 0.5


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _server_stats(log: Path | None, since: float, until: float) -> dict[str, Stats]:
    """The app's own timing records of the window, by `what`; a fragment record nested in a
    page run of its session is part of that page run and left out."""
    if log is None or not log.exists():
        return {}
    records = [json.loads(x) for x in log.read_text().splitlines() if x.strip()]
    records = [r for r in records if since <= r["t"] <= until]
    pages: dict[str, list[tuple[float, float]]] = {}
    for r in records:
        if r["what"].startswith("page:"):
            pages.setdefault(r.get("session", ""), []).append((r["t"] - r["ms"] / 1000, r["t"]))
    groups: dict[str, list[float]] = {}
    for r in records:
        nested = r["what"].startswith("fragment:") and any(
            a <= r["t"] <= b for a, b in pages.get(r.get("session", ""), [])
        )
        if not nested:
            groups.setdefault(r["what"], []).append(r["ms"])
    return {k: s for k, v in groups.items() if (s := Stats.of(v)) is not None}


def _source(i: int) -> str:
    return f"127.0.{i % 254 + 1}.1"


async def run_step(
    url: str,
    sessions: int,
    seconds: float,
    *,
    bind_sources: bool = False,
    server_pids: list[int] | None = None,
    timing_log: Path | None = None,
    think: float = THINK_S,
    seed: int = 1,
    sources: list[str] | None = None,
) -> StepResult:
    """N runners against `url` for `seconds`; every figure of the step. `sources` gives
    session i's source address (instead of --bind-sources' 127.0.(i+1).1)."""
    if not 1 <= sessions <= MAX_SESSIONS or not 0 < seconds <= MAX_STEP_S:
        raise ValueError(f"1..{MAX_SESSIONS} sessions and up to {MAX_STEP_S} s per step")
    _loopback(url)
    pids = server_pids or []
    samples: list[Sample] = []
    rss: list[tuple[float, float]] = []
    loads: list[tuple[float, float]] = []
    load_before = _load()
    me = psutil.Process()
    cpu0 = sum(me.cpu_times()[:2])
    wall0, t0 = time.time(), time.perf_counter()
    deadline = t0 + seconds
    runners = [
        Runner(
            Target(url, sources[i] if sources else (_source(i) if bind_sources else None)),
            i,
            samples,
            t0,
            deadline,
            think,
            seed,
        )
        for i in range(sessions)
    ]

    async def sample_rss() -> None:
        while True:
            now = time.perf_counter() - t0
            if pids:
                rss.append((now, _rss_mib(pids)))
            loads.append((now, os.getloadavg()[0]))
            await asyncio.sleep(1)

    sampler = asyncio.create_task(sample_rss())
    try:
        await asyncio.wait_for(
            asyncio.gather(*(r.run() for r in runners)), seconds + 120
        )  # a run in flight at the deadline may take up to its timeout
    finally:
        sampler.cancel()
    wall = time.perf_counter() - t0
    cpu = (sum(me.cpu_times()[:2]) - cpu0) / wall
    kinds: dict[str, list[float]] = {}
    for s in samples:
        if not s.error:
            kinds.setdefault(s.kind, []).append(s.ms)
    return StepResult(
        sessions=sessions,
        seconds=wall,
        client={k: st for k, v in kinds.items() if (st := Stats.of(v)) is not None},
        server=_server_stats(timing_log, wall0, time.time()),
        errors=[s.error for s in samples if s.error],
        rss_mib=rss,
        generator_cpu=cpu,
        load=(load_before, _load()),
        slider_times=[(s.t, s.ms) for s in samples if s.kind == SLIDER and not s.error],
        loads=loads,
    )


# --- a server of our own -------------------------------------------------------------------------


@contextmanager
def own_server(extra_args: tuple[str, ...] = ()) -> Iterator[tuple[str, int, Path]]:
    """A fresh `streamlit run app.py` on loopback with the timing log on; (url, pid, log)."""
    log = Path(tempfile.mkstemp(prefix="timing-", suffix=".jsonl")[1])
    out = Path(tempfile.mkstemp(prefix="streamlit-load-", suffix=".log")[1])
    try:
        with serve(
            "app.py", env={"RUNNER_TIMING_LOG": str(log)}, log=out, extra_args=extra_args
        ) as server:
            yield server.url, server.proc.pid, log
    finally:
        log.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


async def warm_up(url: str, seed: int) -> None:
    """One journey that is not counted: imports, rules tables and first plans."""
    samples: list[Sample] = []
    t0 = time.perf_counter()
    runner = Runner(Target(url), 0, samples, t0, t0 + 120, 0.01, seed)
    await runner.run(passes=1)
    errors = [s.error for s in samples if s.error]
    if errors:
        raise SystemExit(f"the warm-up journey failed: {errors[0]}")


async def step(args: argparse.Namespace, sessions: int, seconds: float) -> StepResult:
    if args.url:
        if not getattr(args, "warmed", False):  # someone else's server: warm it up once
            await warm_up(args.url, args.seed)
            args.warmed = True
        return await run_step(
            args.url,
            sessions,
            seconds,
            bind_sources=args.bind_sources,
            server_pids=args.server_pid,
            timing_log=args.timing_log,
            think=args.think,
            seed=args.seed,
        )
    with own_server(tuple(args.server_arg or ())) as (url, pid, log):
        await warm_up(url, args.seed)
        return await run_step(
            url,
            sessions,
            seconds,
            bind_sources=args.bind_sources,
            server_pids=[pid],
            timing_log=log,
            think=args.think,
            seed=args.seed,
        )


# --- report ------------------------------------------------------------------------------------


KINDS = ("open", "upload", "page:results", "page:plan", "page:compare", SLIDER, "page:assessment")
SERVER_KIND = {SLIDER: "fragment:compare"}


def _fmt(s: Stats | None) -> str:
    return (
        f"{s.p50:6.0f} {s.p95:6.0f} {s.max:6.0f}  n={s.n:<4}"
        if s
        else "     -      -      -        "
    )


def print_step(r: StepResult) -> None:
    mark = "  * generator above half a core" if r.busy_generator else ""
    rss = f"{r.rss_mib[0][1]:.0f} -> {r.rss_mib[-1][1]:.0f} MiB" if r.rss_mib else "not measured"
    print(
        f"\nN = {r.sessions}: {r.seconds:.0f} s, load average {r.load[0]} -> {r.load[1]}, "
        f"server RSS {rss}, generator CPU {r.generator_cpu:.2f} core{mark}"
    )
    print(
        f"  {'rerun kind':<17}{'client ms: p50    p95    max':>31}   {'server ms: p50    p95':>24}"
    )
    for kind in KINDS:
        if kind in r.client:
            srv = r.server.get(SERVER_KIND.get(kind, kind))
            srv_text = f"{srv.p50:6.0f} {srv.p95:6.0f}" if srv else "     -      -"
            print(f"  {kind:<17}{_fmt(r.client[kind]):>38}   {srv_text:>13}")
    if r.errors:
        print(f"  errors: {len(r.errors)}; first: {r.errors[0]}")


def capacity(curve: list[StepResult]) -> tuple[int, float]:
    """(capacity N, the limit in ms): N = 1's p50 slider round trip, times two."""
    solo = curve[0].client.get(SLIDER)
    if curve[0].sessions != 1 or solo is None:
        return 0, float("nan")  # no reference: print_curve says so
    limit = 2 * solo.p50
    passing = [
        r.sessions
        for r in curve
        if (s := r.client.get(SLIDER)) is not None and s.p95 <= limit and not r.errors
    ]
    return max(passing, default=0), limit


def print_curve(curve: list[StepResult], best: int, limit: float) -> None:
    print(
        f"\nCapacity curve (slider = plan B moved in the compare fragment; limit {limit:.0f} ms "
        "= 2 x the single-session p50)"
    )
    print("     N   slider p50    p95    max   server p95   errors   RSS MiB   gen CPU   within")
    nan = Stats(0, float("nan"), float("nan"), float("nan"))
    for r in curve:
        s = r.client.get(SLIDER) or nan
        srv = r.server.get("fragment:compare") or nan
        rss = f"{r.rss_mib[-1][1]:7.0f}" if r.rss_mib else "      -"
        ok = "yes" if s.n and s.p95 <= limit and not r.errors else "no"
        busy = "*" if r.busy_generator else " "
        print(
            f"  {r.sessions:4d}   {s.p50:10.0f} {s.p95:6.0f} {s.max:6.0f}   {srv.p95:10.0f}   "
            f"{len(r.errors):6d}   {rss}   {r.generator_cpu:5.2f}{busy}   {ok}"
        )
    if limit != limit:  # nan
        print("No capacity: the single session made no slider move (a longer --duration?)")
        return
    print(
        f"Capacity of one process: {best} concurrent sessions"
        if best
        else "Capacity of one process: below one session (N = 1 missed its own limit)"
    )


@dataclass
class Soak:
    sessions: int
    rss_minute1: float
    rss_end: float
    rss_ok: bool
    minutes: list[tuple[int, Stats | None, float, float]]  # minute, slider, RSS, load avg
    slope_ms_per_min: float
    drift_ok: bool


def soak_verdict(r: StepResult) -> Soak:
    at1 = [m for t, m in r.rss_mib if t >= 60] or [m for _, m in r.rss_mib] or [float("nan")]
    rss1, rss_end = at1[0], (r.rss_mib[-1][1] if r.rss_mib else float("nan"))
    rss_ok = rss_end <= max(rss1 * 1.10, rss1 + 20)

    def last(series: list[tuple[float, float]], before: float) -> float:
        return ([v for t, v in series if t < before] or [float("nan")])[-1]

    minutes = []
    for m in range(int(r.seconds // 60) + 1):
        values = [ms for t, ms in r.slider_times if m * 60 <= t < (m + 1) * 60]
        end = (m + 1) * 60
        if values:
            minutes.append((m + 1, Stats.of(values), last(r.rss_mib, end), last(r.loads, end)))
    # The trend of the per-minute medians from minute 1 on (robust to a few slow moves).
    medians = [(float(m), st.p50) for m, st, _, _ in minutes if st is not None and st.n >= 5]
    slope, drift_ok = 0.0, False
    if len(medians) >= 3:
        slope = statistics.linear_regression(*zip(*medians, strict=True)).slope
        span = medians[-1][0] - medians[0][0]
        drift_ok = slope * span <= 0.25 * statistics.median(v for _, v in medians)
    return Soak(r.sessions, rss1, rss_end, rss_ok, minutes, slope, drift_ok)


def print_soak(s: Soak) -> None:
    print(f"\nNo-leak run at N = {s.sessions}:")
    print(
        f"  server RSS at minute 1 {s.rss_minute1:.0f} MiB, at the end {s.rss_end:.0f} MiB "
        f"(limit +10% or +20 MiB): {'ok' if s.rss_ok else 'GROWING'}"
    )
    for minute, st, rss, load in s.minutes:
        if st:
            print(
                f"  minute {minute}: slider p50 {st.p50:.0f} ms, p95 {st.p95:.0f} ms, "
                f"n={st.n}; RSS {rss:.0f} MiB; machine load average {load:.1f}"
            )
    print(
        f"  trend of the per-minute slider p50: {s.slope_ms_per_min:+.1f} ms per minute: "
        f"{'no upward drift' if s.drift_ok else 'DRIFTING UP (compare the load average)'}"
    )


def _loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"loopback targets only (127.x, localhost, ::1), not {host!r}")


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    print(
        f"Load generator: Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"{os.cpu_count()} CPUs, load average {_load()}"
    )
    curve: list[StepResult] = []
    for n in args.sessions:
        r = await step(args, n, args.duration)
        print_step(r)
        curve.append(r)
    out: dict[str, Any] = {"curve": [asdict(r) for r in curve]}
    best = 0
    if curve and curve[0].sessions == 1:
        best, limit = capacity(curve)
        print_curve(curve, best, limit)
        out.update(capacity=best, limit_ms=limit)
    at = args.soak_at or best
    if args.soak and at:
        r = await step(args, at, args.soak)
        print_step(r)
        s = soak_verdict(r)
        print_soak(s)
        out["soak"] = {**asdict(s), "step": asdict(r)}
    print(f"\nLoad average at the end: {_load()}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="N = 1, 2, 5, 10; 20 s each; no soak")
    parser.add_argument(
        "--sessions",
        type=lambda v: [int(x) for x in v.split(",")],
        help="comma-separated N (default 1,2,5,10,20,40)",
    )
    parser.add_argument("--duration", type=float, help="seconds per N (default 60)")
    parser.add_argument(
        "--soak", type=float, help="no-leak run at the capacity, seconds (default 300; 0 = none)"
    )
    parser.add_argument(
        "--soak-at",
        type=int,
        help="the no-leak run's N instead of the capacity; without --sessions, no curve runs",
    )
    parser.add_argument("--url", help="a running server's base URL (loopback); default: our own")
    parser.add_argument(
        "--server-pid",
        type=int,
        action="append",
        help="with --url: a server process whose RSS to sum (repeatable)",
    )
    parser.add_argument(
        "--timing-log", type=Path, help="with --url: the server's RUNNER_TIMING_LOG"
    )
    parser.add_argument(
        "--server-arg",
        action="append",
        help="an extra `streamlit run` option for our own server, e.g. "
        "--server-arg=--runner.postScriptGC=true (repeatable)",
    )
    parser.add_argument(
        "--bind-sources", action="store_true", help="bind session i's connections to 127.0.(i+1).1"
    )
    parser.add_argument("--think", type=float, default=THINK_S, help="mean think time, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    if args.sessions is None:
        args.sessions = [] if args.soak_at else list(QUICK_CURVE if args.quick else CURVE)
    args.duration = args.duration or (20.0 if args.quick else 60.0)
    args.soak = (0.0 if args.quick else 300.0) if args.soak is None else args.soak
    if any(not 1 <= n <= MAX_SESSIONS for n in [*args.sessions, args.soak_at or 1]):
        parser.error(f"sessions must be 1..{MAX_SESSIONS}")
    if not 0 < args.duration <= MAX_STEP_S or not 0 <= args.soak <= MAX_STEP_S:
        parser.error(f"a step lasts at most {MAX_STEP_S} s")
    if args.url:
        try:
            _loopback(args.url)
        except ValueError as exc:
            parser.error(str(exc))
    # A plain `kill` ends the run like Ctrl-C: the servers it started are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = asyncio.run(main_async(args))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
