"""The README's command-line examples work as written, on the shipped examples as they are."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import icalendar
import pandas as pd
import pypdf

from assessments.cli import EXIT_OK, main

README = Path(__file__).resolve().parent.parent / "README.md"
PREFIX = [".venv/bin/python", "-m", "assessments"]


def readme_commands() -> list[list[str]]:
    """The commands of the README's "Try it on a shipped example" block."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"Try it on a shipped example.*?```sh\n(.*?)```", text, re.S)
    assert block, "the README lost its runnable example block"
    commands = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [c for c in commands if c]


def test_the_readme_examples_run_as_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    # A day after every shipped example's race: the example command must move the dates.
    monkeypatch.setenv("RUNNER_TODAY", "2031-03-02")
    commands = readme_commands()
    assert len(commands) >= 4
    for argv in commands:
        assert argv[:3] == PREFIX, argv
        assert main(argv[3:]) == EXIT_OK, (argv, capsys.readouterr().err)
    people = pd.read_csv(tmp_path / "plan.csv", dtype=str, keep_default_na=False)
    coach = pd.read_csv(tmp_path / "plan-coach.csv", dtype=str, keep_default_na=False)
    assert len(people) > 0 and len(coach) > len(people)
    assert min(people["date"]) >= "2031-03-02"
    cal = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == people["date"].nunique()
    pages = pypdf.PdfReader(io.BytesIO((tmp_path / "plan.pdf").read_bytes())).pages
    assert len(pages) >= 2


def test_pdf_and_coach_options_refuse_what_they_cannot_do(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUNNER_TODAY", "2031-03-02")
    assert main(["example", "masters_marathoner", "--out", "a.json"]) == EXIT_OK
    assert main(["example", "trail_ankle_sprains", "--out", "b.json"]) == EXIT_OK
    capsys.readouterr()
    assert main(["plan", "a.json", "--out", "same.pdf", "--pdf", "same.pdf"]) == 2
    assert "--pdf: same.pdf is also the --out file" in capsys.readouterr().err
    assert main(["plan", "a.json", "--pdf", "a.json"]) == 2
    assert "is the input file" in capsys.readouterr().err
    assert main(["plan", "a.json", "b.json", "--out-dir", "out", "--pdf", "x.pdf"]) == 2
    assert "--pdf takes one assessment file" in capsys.readouterr().err
    assert main(["example", "no_such_runner"]) == 2
    assert "the examples are" in capsys.readouterr().err
    assert not (tmp_path / "same.pdf").exists() and not (tmp_path / "x.pdf").exists()
    # The coach CSV of a group: one per athlete, with the reasoning columns.
    assert main(["plan", "a.json", "b.json", "--coach", "--out-dir", "out"]) == EXIT_OK
    for name in ("a", "b"):
        df = pd.read_csv(tmp_path / "out" / f"{name}.csv", dtype=str, keep_default_na=False)
        assert "rule" in df.columns and "notes" in set(df["session"])
