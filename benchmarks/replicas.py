"""K replicas of the app behind nginx on loopback, for the failover test and the load figures.

The replicas are `streamlit run app.py` on free loopback ports sharing one cookie secret (as the
README's deploy section asks); nginx runs as our own child process (`daemon off`) with
`deploy/nginx.conf` itself, only its `server` addresses and `listen` port swapped for loopback
ones, and its pid, logs and temp files in a temporary folder. Everything is stopped by its pid.

    python -m benchmarks.replicas --replicas 2     # serve until Ctrl-C, printing the URL

A `Forwarder` accepts on 127.0.0.1 and connects onwards from its own source address 127.0.N.1,
so several browsers on one machine look like several clients to nginx's address hash.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.serve import ROOT, _free_port, _healthy, debian_binary

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
# Shown on every response in the test configuration only: which replica answered.
REPLICA_HEADER = "X-Replica"


def nginx_path() -> str:
    return debian_binary("nginx", "/usr/sbin/nginx", "ensure-nginx")


def loopback_config(ports: list[int], listen: int, replica_header: bool = False) -> str:
    """deploy/nginx.conf with loopback replicas and listen port; nothing else changes."""
    text = NGINX_CONF.read_text()
    upstream = re.search(r"upstream runner_strength \{.*?\n\}", text, re.S)
    if upstream is None:
        raise RuntimeError(f"{NGINX_CONF}: no `upstream runner_strength` block")
    block = upstream.group(0)
    lines = block.splitlines()
    server_lines = [i for i, line in enumerate(lines) if line.strip().startswith("server ")]
    if not server_lines:
        raise RuntimeError(f"{NGINX_CONF}: the upstream has no `server` line")
    options = lines[server_lines[0]].strip().split(None, 2)[2]  # "max_fails=... fail_timeout=...;"
    indent = lines[server_lines[0]][
        : len(lines[server_lines[0]]) - len(lines[server_lines[0]].lstrip())
    ]
    new_servers = [f"{indent}server 127.0.0.1:{p} {options}" for p in ports]
    kept = [line for i, line in enumerate(lines) if i not in server_lines]
    at = server_lines[0]
    new_block = "\n".join(kept[:at] + new_servers + kept[at:])
    text = text.replace(block, new_block)
    text, n = re.subn(r"listen \d+;", f"listen 127.0.0.1:{listen};", text)
    if n != 1:
        raise RuntimeError(f"{NGINX_CONF}: expected one `listen` line, found {n}")
    if replica_header:
        text = text.replace(
            "proxy_pass http://runner_strength;",
            f"proxy_pass http://runner_strength;\n        add_header {REPLICA_HEADER} "
            "$upstream_addr always;",
        )
    return text


def main_config(tmp: Path, site: Path) -> str:
    """The nginx main file around the site: temp paths and logs in `tmp`, one worker."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {tmp / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    access_log {tmp / 'access.log'};\n"
        f"{temp}\n"
        f"    include {site};\n"
        "}\n"
    )


@dataclass
class Replica:
    port: int
    secret: str
    log: Path
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        env = {**os.environ, **self.env, "STREAMLIT_SERVER_COOKIE_SECRET": self.secret}
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - our own server
                cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env
            )

    def wait_healthy(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if _healthy(self.url):
                return
            if self.proc is not None and self.proc.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(
                    f"replica on {self.port} exited ({self.proc.returncode})\n{tail}"
                )
            time.sleep(0.2)
        raise RuntimeError(f"replica on {self.port} did not answer within {timeout} s")

    def kill(self) -> None:
        """Stop at once, as a crashed process or a lost machine would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Cluster:
    url: str
    port: int
    replicas: list[Replica]
    nginx: subprocess.Popen[bytes]
    folder: Path
    forwarders: list[Forwarder] = field(default_factory=list)

    def replica_for(self, address: str) -> Replica:
        """The replica whose `host:port` nginx reported in the test header."""
        port = int(address.rsplit(":", 1)[1])
        return next(r for r in self.replicas if r.port == port)

    def forwarder(self, n: int) -> Forwarder:
        """A loopback forwarder to nginx whose connections come from 127.0.N.1."""
        fwd = Forwarder(self.port, f"127.0.{n}.1")
        fwd.start()
        self.forwarders.append(fwd)
        return fwd


@contextmanager
def cluster(
    k: int = 2, replica_header: bool = False, env: dict[str, str] | None = None
) -> Iterator[Cluster]:
    """K replicas and nginx, all stopped by their pids when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="runner-replicas-"))
    folder.chmod(0o755)
    secret = secrets.token_hex(32)
    replicas = [
        Replica(_free_port(), secret, folder / f"replica-{i + 1}.log", env or {}) for i in range(k)
    ]
    nginx: subprocess.Popen[bytes] | None = None
    made: Cluster | None = None
    try:
        for r in replicas:
            r.start()
        port = _free_port()
        site = folder / "site.conf"
        site.write_text(loopback_config([r.port for r in replicas], port, replica_header))
        main = folder / "nginx.conf"
        main.write_text(main_config(folder, site))
        cmd = [
            nginx_path(),
            "-p",
            str(folder),
            "-c",
            str(main),
            "-g",
            f"daemon off; pid {folder / 'nginx.pid'}; error_log {folder / 'error.log'};",
        ]
        nginx = subprocess.Popen(  # noqa: S603 - our own proxy
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "nginx.out", "wb"),  # noqa: SIM115
        )
        for r in replicas:
            r.wait_healthy()
        url = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 30
        while not _healthy(url):
            if nginx.poll() is not None or time.monotonic() > end:
                raise RuntimeError(
                    "nginx did not start: " + (folder / "nginx.out").read_text(errors="replace")
                )
            time.sleep(0.1)
        made = Cluster(url, port, replicas, nginx, folder)
        yield made
    finally:
        if made is not None:
            for fwd in made.forwarders:
                fwd.stop()
        if nginx is not None and nginx.poll() is None:
            nginx.terminate()
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()
        for r in replicas:
            r.stop()
        shutil.rmtree(folder, ignore_errors=True)


def replica_header(url: str) -> str:
    """Which replica answers a plain GET of `url` (the test configuration's header)."""
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback
        return str(resp.headers.get(REPLICA_HEADER, ""))


class Forwarder:
    """Accept on 127.0.0.1:<port>; connect onwards to 127.0.0.1:<target> from `source`."""

    def __init__(self, target: int, source: str) -> None:
        self.target = target
        self.source = source
        self.port = _free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        fut = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        self._server = fut.result(timeout=10)

    async def _serve(self) -> asyncio.base_events.Server:
        return await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(
                "127.0.0.1", self.target, local_addr=(self.source, 0)
            )
        except OSError:
            writer.close()
            return

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with suppress(OSError, asyncio.CancelledError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            with suppress(OSError):
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def stop(self) -> None:
        """Close the listener and every open connection, then the loop and its thread."""

        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            with suppress(TimeoutError, RuntimeError):
                asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=5)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        if not self._loop.is_running():
            self._loop.close()


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, choices=range(1, 9), metavar="K")
    args = parser.parse_args()
    with cluster(args.replicas, replica_header=True) as c:
        print(f"nginx {c.url} -> " + ", ".join(r.url for r in c.replicas), flush=True)
        with suppress(KeyboardInterrupt):
            while all(r.proc is not None and r.proc.poll() is None for r in c.replicas):
                time.sleep(1)


if __name__ == "__main__":
    _main()
