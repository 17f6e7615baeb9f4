"""The deployment files say what the README promises. Docker and a cluster cannot run here, so
these read the files: the nginx blocks against the README, the compose and Kubernetes kinds and
fields, and the Dockerfile's user, health check and command."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from benchmarks.replicas import loopback_config, main_config

ROOT = Path(__file__).resolve().parent.parent
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
README = (ROOT / "README.md").read_text()


def _blocks(text: str) -> dict[str, str]:
    """Top-level `upstream`/`map` blocks and every `location` block, comments and spacing gone."""
    clean = "\n".join(line.split("#", 1)[0].rstrip() for line in text.splitlines())
    found: dict[str, str] = {}
    for m in re.finditer(r"^\s*((?:upstream|map|location)\s+[^{]+)\{", clean, re.M):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(clean[i], 0)
            i += 1
        body = " ".join(clean[m.end() : i - 1].split())
        found[" ".join(m.group(1).split())] = body
    return found


def _readme_nginx() -> str:
    m = re.search(r"```nginx\n(.*?)```", README, re.S)
    assert m, "the README has no nginx block"
    return m.group(1)


def test_readme_block_and_deploy_file_agree() -> None:
    ours, readme = _blocks(NGINX), _blocks(_readme_nginx())
    assert set(ours) == {
        "upstream runner_strength",
        "map $http_upgrade $connection_upgrade",
        "location /_stcore/stream",
        "location /",
    }
    assert readme == ours
    assert "listen 443 ssl;" in _readme_nginx()


def test_nginx_conf_choices() -> None:
    blocks = _blocks(NGINX)
    upstream = blocks["upstream runner_strength"]
    assert "hash $binary_remote_addr consistent;" in upstream
    assert "ip_hash" not in upstream
    servers = re.findall(r"server (\S+) ([^;]*);", upstream)
    assert len(servers) >= 2
    assert all("max_fails=" in opts and "fail_timeout=" in opts for _, opts in servers)
    stream = blocks["location /_stcore/stream"]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    assert re.search(r"proxy_read_timeout (\d+)h;", stream)
    assert "proxy_next_upstream error timeout;" in blocks["location /"]


def test_loopback_config_changes_only_addresses_and_port() -> None:
    text = loopback_config([9001, 9002, 9003], 9100, replica_header=False)
    assert re.findall(r"server 127\.0\.0\.1:(\d+) max_fails=1 fail_timeout=10s;", text) == [
        "9001",
        "9002",
        "9003",
    ]
    assert "listen 127.0.0.1:9100;" in text
    ours, loop = _blocks(NGINX), _blocks(text)
    assert {k: v for k, v in loop.items() if not k.startswith("upstream")} == {
        k: v for k, v in ours.items() if not k.startswith("upstream")
    }


@pytest.mark.skipif(
    not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (scripts/ensure-nginx installs it)",
)
def test_loopback_config_passes_nginx_t(tmp_path: Path) -> None:
    site = tmp_path / "site.conf"
    site.write_text(loopback_config([9001, 9002], 9100, replica_header=True))
    main = tmp_path / "nginx.conf"
    main.write_text(main_config(tmp_path, site))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    done = subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(main),
            "-g",
            f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def test_compose_runs_nginx_with_the_deploy_file_before_replicas() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    apps = [name for name in services if name.startswith("app")]
    upstream = _blocks(NGINX)["upstream runner_strength"]
    # The upstream's server names are the compose services.
    assert sorted(re.findall(r"server (app\d+):8501", upstream)) == sorted(apps)
    for name in apps:
        app = services[name]
        assert app["build"]["dockerfile"] == "Dockerfile"
        assert "STREAMLIT_SERVER_COOKIE_SECRET" in app["environment"]
        assert "8501" in [str(p) for p in app["expose"]]
    secrets = {services[n]["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"] for n in apps}
    assert len(secrets) == 1  # one shared secret
    nginx = services["nginx"]
    assert nginx["image"].startswith("nginx")
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    assert set(nginx["depends_on"]) == set(apps)
    assert all(v["condition"] == "service_healthy" for v in nginx["depends_on"].values())


def test_kubernetes_manifests() -> None:
    docs = list(yaml.safe_load_all((ROOT / "deploy" / "k8s" / "runner-strength.yaml").read_text()))
    by_kind = {d["kind"]: d for d in docs}
    assert set(by_kind) == {"Deployment", "Service", "Ingress"}
    pod = by_kind["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]
    assert by_kind["Deployment"]["spec"]["replicas"] >= 2
    labels = by_kind["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert by_kind["Service"]["spec"]["selector"] == labels
    notes = by_kind["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert int(notes["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 3600


def test_dockerfile_user_health_check_and_command() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[1-9]-slim", text, re.M)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in {"root", "0"}
    health = re.search(r"^HEALTHCHECK .*?CMD (\[.*?\])$", text, re.M | re.S)
    assert health, "no HEALTHCHECK"
    assert "urllib" in health.group(1) and "/_stcore/health" in health.group(1)
    assert "curl" not in health.group(1)
    cmd = re.findall(r"^CMD (\[.*\])$", text, re.M)[-1]
    assert '"streamlit", "run", "app.py"' in cmd
    # The production settings travel with the image.
    assert re.search(r"^COPY \.streamlit ", text, re.M)
