"""The command line against hostile arguments: devices, FIFOs, outputs onto inputs, escapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessments.cli import main
from assessments.examples import load_example
from assessments.storage import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
START = "2026-01-05"


def module(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A real process: a hang or a memory blow-up fails by the timeout, not the whole suite."""
    return subprocess.run(
        [sys.executable, "-m", "assessments", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        timeout=30,
        env={**os.environ, **(env or {})},
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def example(path: Path, name: str = "trail_ankle_sprains", **changes: object) -> Path:
    data = load_example(name).model_dump(mode="json") | changes
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def test_devices_fifos_folders_and_huge_files_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (MAX_FILE_BYTES + 44 * 1024))
    done = module("check", "/dev/zero", "/dev/urandom", fifo, tmp_path, huge)
    out = done.stdout.decode()
    assert done.returncode == 2
    assert "/dev/zero: not a regular file (a device, pipe or socket)" in out
    assert "/dev/urandom: not a regular file" in out
    assert f"{fifo}: not a regular file" in out
    assert f"{tmp_path}: a folder, not a file" in out
    assert f"{huge}: The file is {MAX_FILE_BYTES + 44 * 1024:,} bytes;" in out


def test_out_onto_the_input_is_refused_and_the_input_kept(tmp_path, capsys):
    f = example(tmp_path / "ann.json")
    before = f.read_bytes()
    code, _, err = run(capsys, "plan", f, "--start", START, "--out", f)
    assert code == 2
    assert err.strip() == f"--out: {f} is the input file {f}; choose another name"
    assert f.read_bytes() == before


def test_ics_onto_the_input_or_the_csv_is_refused_before_writing(tmp_path, capsys):
    f = example(tmp_path / "ann.json")
    link = tmp_path / "same.json"
    os.link(f, link)
    code, _, err = run(capsys, "plan", f, "--start", START, "--ics", link)
    assert code == 2 and err.startswith("--ics: ") and "input file" in err
    out = tmp_path / "plan.csv"
    code, _, err = run(capsys, "plan", f, "--start", START, "--out", out, "--ics", out)
    assert code == 2 and err.strip() == f"--ics: {out} is also the --out file; choose another name"
    assert not out.exists()


def test_same_file_names_in_out_dir_get_their_own_csv(tmp_path, capsys):
    a = example(tmp_path / "ann" / "assessment-2026-01-05.json", runner_name="Ann")
    b = example(
        tmp_path / "bob" / "assessment-2026-01-05.json",
        "road_5k_weak_hamstrings",
        runner_name="Bob",
    )
    out = tmp_path / "out"
    code, _, err = run(capsys, "plan", a, b, "--start", START, "--out-dir", out)
    assert code == 0, err
    first, second = out / "assessment-2026-01-05.csv", out / "assessment-2026-01-05-2.csv"
    assert {p.name for p in out.iterdir()} == {first.name, second.name}
    assert first.read_text() != second.read_text()
    assert f"{b}: written to {second}" in err


def test_bad_time_zone_stops_before_any_file_is_written(tmp_path, capsys):
    f = example(tmp_path / "ann.json")
    out, ics = tmp_path / "plan.csv", tmp_path / "plan.ics"
    code, _, err = run(
        capsys, "plan", f, "--start", START, "--out", out, "--ics", ics, "--at", "18:00",
        "--tz", "Mars/Olympus",
    )  # fmt: skip
    assert code == 2 and "argument --tz: 'Mars/Olympus' is not an IANA time zone" in err
    assert not out.exists() and not ics.exists()


def test_every_argument_error_names_its_argument(tmp_path, capsys):
    f = example(tmp_path / "ann.json")
    code, _, err = run(capsys, "plan", f, "--start", "9999-12-31")
    assert code == 2 and "--start 9999-12-31" in err
    code, _, err = run(capsys, "plan", f, "--start", START, "--out", tmp_path / "no" / "x.csv")
    assert code == 2 and err.startswith("--out: cannot write ")


def test_terminal_control_sequences_are_never_echoed(tmp_path, capsys):
    data = load_example("trail_ankle_sprains").model_dump(mode="json")
    data["\x1b[2J\x1b[1;1H\x1b[32mvalid and complete\x1b[0m"] = 1
    f = tmp_path / "evil\r.json"
    f.write_text(json.dumps(data))
    code, out, _ = run(capsys, "check", f)
    assert code == 2
    assert "\x1b" not in out and "\r" not in out
    assert "\\u001b[2J" in out and "evil\\u000d.json" in out


def test_output_is_utf8_whatever_the_locale(tmp_path):
    f = example(tmp_path / "🏃 Zoë.json", "cleared_after_bone_stress")
    data = json.loads(f.read_text())
    data["health"]["clearance_note"] = "Dr Lee 👍 said fine"
    f.write_text(json.dumps(data))
    env = {"PYTHONIOENCODING": "cp1252", "LC_ALL": "C"}
    checked = module("check", f, env=env)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode("utf-8") == f"{f}: valid and complete\n"
    scored = module("score", f, "--format", "text", env=env)
    assert scored.returncode == 0, scored.stderr
    assert "Dr Lee 👍 said fine" in scored.stdout.decode("utf-8")


def test_a_line_break_in_the_name_is_refused_before_any_file_is_written(tmp_path, capsys):
    f = example(tmp_path / "ann.json", runner_name="Ann\rX-INJECTED:1")
    code, out, _ = run(capsys, "check", f)
    assert code == 2 and f"{f}: runner_name: contains control characters (" in out
    csv, ics = tmp_path / "plan.csv", tmp_path / "plan.ics"
    code, _, err = run(capsys, "plan", f, "--start", START, "--out", csv, "--ics", ics)
    assert code == 2 and "runner_name: contains control characters" in err
    assert not csv.exists() and not ics.exists()
