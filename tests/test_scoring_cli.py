"""`python -m assessments score`: JSON and text output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessments.cli import main
from assessments.examples import EXAMPLES

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "assessments" / "examples"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_json_output_for_each_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(EXAMPLES_DIR / f"{name}.json")])
    data = json.loads(capsys.readouterr().out)
    assert code == (3 if name == "red_flag_bone_stress" else 0)
    assert data["plan_allowed"] is (name != "red_flag_bone_stress")
    assert len(data["focus"]) == 8 and "rule-of-thumb" in data["weights_note"]
    scores = [f["score"] for f in data["focus"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(EXAMPLES_DIR / "red_flag_bone_stress.json"), "--format", "text"])
    out = capsys.readouterr().out
    assert code == 3
    assert out.startswith("RED FLAGS (no plan until a professional clears you):")
    assert "Calves, Achilles and foot" in out and "calf_low" in out
    assert "not a diagnosis" in out


def test_a_draft_exits_2_naming_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({"schema_version": 2, "assessed_on": "2026-01-05"}))
    assert main(["score", str(draft)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not complete" in captured.err and "history.age: your age" in captured.err


def test_unreadable_and_invalid_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(tmp_path / "nope.json")]) == 2
    assert "nope.json: file not found" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["score", str(bad)]) == 2
    assert "bad.json:" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2, "assessed_on": "2026-01-05", "history": {"age": 7}}')
    result = subprocess.run(
        [sys.executable, "-m", "assessments", "score", str(bad), "--format", "text"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "history.age" in result.stderr
