"""A real `streamlit run` server on a loopback port, and Chromium, for the browser benchmarks.

Same flags as the browser tests' server (tests/conftest.py): headless, no file watcher, no
usage statistics. The process is the server itself (`python -m streamlit`), so its pid is the
one whose memory /proc/<pid>/status reports.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The app is idle when connected, its script has finished, no widget is still a skeleton and
# it is not waiting for the browser's copy of the answers (ui/local_store.py's loading line)
# (the same test as tests/conftest.py's wait_idle).
IDLE = (
    '[data-testid="stApp"]'
    '[data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)
LOADING = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"], .st-key-loading-saved-answers'
SETTLED = "([idle, loading]) => !!document.querySelector(idle) && !document.querySelector(loading)"


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]

    def rss_kb(self) -> int:
        """The server's resident memory now (VmRSS), in kB."""
        return _status_kb(self.proc.pid, "VmRSS")

    def peak_kb(self) -> int:
        """The server's peak resident memory so far (VmHWM), in kB."""
        return _status_kb(self.proc.pid, "VmHWM")


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/{pid}/status")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:  # noqa: S310
            return resp.status == 200
    except OSError:
        return False


@contextmanager
def serve(
    script: str = "app.py",
    env: dict[str, str] | None = None,
    log: Path | None = None,
    extra_args: tuple[str, ...] = (),
    port: int | None = None,
) -> Iterator[Server]:
    """Run `streamlit run SCRIPT` on 127.0.0.1 until the block ends (a minute to start), on
    `port` or a free one (a restart test starts a second server on the first one's port)."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(  # noqa: S603 - our own server
        cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    try:
        for _ in range(240):
            if _healthy(url):
                break
            if proc.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:] if log else ""
                raise RuntimeError(f"streamlit exited with {proc.returncode} (log: {log})\n{tail}")
            time.sleep(0.25)
        else:
            raise RuntimeError(f"streamlit did not answer at {url} within a minute")
        yield Server(url, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]


def debian_binary(name: str, where: str, installer: str) -> str:
    """A program from Debian's packages, or a message naming the script that installs it."""
    found = shutil.which(name) or (where if os.path.exists(where) else None)
    if found is None:
        raise SystemExit(f"Debian's {name} is not installed: run scripts/{installer}")
    return found


def chromium_path() -> str:
    return debian_binary("chromium", "/usr/bin/chromium", "ensure-chromium")


def launch_args() -> dict[str, Any]:
    return {"executable_path": chromium_path(), "headless": True, "args": CHROMIUM_ARGS}
