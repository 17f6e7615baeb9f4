"""Load through nginx: K = 1 and K = 2 replicas, with each process's CPU. A script, not a test.

    .venv/bin/python -m benchmarks.replicas_load                  # K = 1, 2; 6 sessions, 45 s
    .venv/bin/python -m benchmarks.replicas_load --replicas 1 2 --sessions 6 --duration 45

For each K, benchmarks/replicas.py starts K replicas and nginx (deploy/nginx.conf, loopback
addresses); every replica gets one uncounted warm-up journey on its own address; then
benchmarks/load.py's `run_step()` runs N runners through nginx, each session connecting from its
own 127.0.N.1 address, chosen (by the test-only `X-Replica` header) so that nginx's address hash
gives every replica its share of the sessions: a handful of addresses can all hash to one
replica, which would measure K = 1 twice; the spread is printed. Reported per K: the slider round
trip (plan B moved in the compare fragment, request sent -> script finished, client side)
p50/p95, errors,
the CPU each process used over the step (each replica, nginx's master and worker, the generator
itself: cores, i.e. CPU seconds per wall second) and the machine's load average.

Every process shares the machine's cores, so K = 2 is not expected to be twice as fast on a
two-core machine: the figures show where the time goes, and no scaling is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil
import streamlit

from benchmarks.load import SLIDER, StepResult, print_step, run_step, warm_up
from benchmarks.replicas import REPLICA_HEADER, Cluster, cluster


@dataclass
class KResult:
    replicas: int
    sessions_per_replica: dict[str, int]  # replica address -> sessions nginx sent there
    cpu: dict[str, float]  # process -> cores used over the step
    step: StepResult


def _cpu_seconds(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return float(t.user + t.system)


def _processes(c: Cluster) -> dict[str, psutil.Process]:
    """Every process of the cluster by name, and the generator (this process)."""
    procs: dict[str, psutil.Process] = {}
    for i, r in enumerate(c.replicas, start=1):
        assert r.proc is not None
        procs[f"replica {i} (:{r.port})"] = psutil.Process(r.proc.pid)
    master = psutil.Process(c.nginx.pid)
    procs["nginx master"] = master
    for j, child in enumerate(master.children(), start=1):
        procs[f"nginx worker {j}"] = child
    procs["generator"] = psutil.Process()
    return procs


def lands_on(c: Cluster, source: str) -> str:
    """Which replica nginx picks for a client at `source` (the X-Replica header)."""
    conn = http.client.HTTPConnection("127.0.0.1", c.port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", "/_stcore/health")
        resp = conn.getresponse()
        resp.read()
        return resp.getheader(REPLICA_HEADER) or "?"
    finally:
        conn.close()


def balanced_sources(c: Cluster, sessions: int) -> tuple[list[str], dict[str, int]]:
    """Source addresses 127.0.N.1 chosen so nginx's hash gives every replica its share of the
    sessions (a few addresses can all hash to one replica), and the sessions per replica."""
    want = {f"127.0.0.1:{r.port}": sessions // len(c.replicas) for r in c.replicas}
    for r in c.replicas[: sessions % len(c.replicas)]:
        want[f"127.0.0.1:{r.port}"] += 1
    found: dict[str, list[str]] = {addr: [] for addr in want}
    for n in range(1, 255):
        if all(len(found[a]) >= want[a] for a in want):
            break
        source = f"127.0.{n}.1"
        where = lands_on(c, source)
        if where in found and len(found[where]) < want[where]:
            found[where].append(source)
    else:
        raise RuntimeError(f"no balanced spread over 254 source addresses: {found}")
    rounds = max(want.values())
    sources = [found[a][i] for i in range(rounds) for a in want if i < len(found[a])]
    return sources, {a: len(v) for a, v in found.items()}


async def measure(k: int, sessions: int, seconds: float, seed: int) -> KResult:
    with cluster(k, replica_header=True) as c:
        for r in c.replicas:  # imports, rules tables and first plans: not counted
            await warm_up(r.url, seed)
        sources, spread = balanced_sources(c, sessions)
        procs = _processes(c)
        before = {name: _cpu_seconds(p) for name, p in procs.items()}
        t0 = time.perf_counter()
        step = await run_step(
            c.url,
            sessions,
            seconds,
            sources=sources,
            server_pids=[r.proc.pid for r in c.replicas if r.proc is not None],
            seed=seed,
        )
        wall = time.perf_counter() - t0
        cpu = {name: (_cpu_seconds(p) - before[name]) / wall for name, p in procs.items()}
    return KResult(k, spread, cpu, step)


def print_k(r: KResult) -> None:
    print(f"\nK = {r.replicas} replica(s) behind nginx")
    print(
        "  sessions per replica (X-Replica): "
        + ", ".join(f"{addr} {n}" for addr, n in sorted(r.sessions_per_replica.items()))
    )
    print_step(r.step)
    print("  CPU over the step, cores: " + ", ".join(f"{n} {v:.3f}" for n, v in r.cpu.items()))


def print_table(results: list[KResult]) -> None:
    print(
        "\n  K   sessions   slider p50    p95    max   n     errors   CPU: replicas | nginx | "
        "generator   load average (before -> after)"
    )
    for r in results:
        s = r.step.client.get(SLIDER)
        figs = f"{s.p50:10.0f} {s.p95:6.0f} {s.max:6.0f}   {s.n:<5}" if s else "    -" * 4
        reps = " + ".join(f"{v:.2f}" for n, v in r.cpu.items() if n.startswith("replica"))
        ngx = sum(v for n, v in r.cpu.items() if n.startswith("nginx"))
        print(
            f"  {r.replicas}   {r.step.sessions:8d}   {figs}   {len(r.step.errors):6d}   "
            f"{reps} | {ngx:.2f} | {r.cpu['generator']:.2f}   "
            f"{r.step.load[0]} -> {r.step.load[1]}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2], metavar="K")
    parser.add_argument("--sessions", type=int, default=6, help="concurrent runners (default 6)")
    parser.add_argument("--duration", type=float, default=45.0, help="seconds per K (default 45)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    if any(not 1 <= k <= 8 for k in args.replicas):
        parser.error("K is 1..8")
    if not 1 <= args.sessions <= 200 or not 0 < args.duration <= 600:
        parser.error("1..200 sessions, at most 600 s per K")
    print(
        f"Replicas behind nginx: Python {platform.python_version()}, Streamlit "
        f"{streamlit.__version__}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    results: list[KResult] = []
    for k in args.replicas:
        r = asyncio.run(measure(k, args.sessions, args.duration, args.seed))
        print_k(r)
        results.append(r)
    print_table(results)
    if args.json:
        out: list[dict[str, Any]] = [asdict(r) for r in results]
        args.json.write_text(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
