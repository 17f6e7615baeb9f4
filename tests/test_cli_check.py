"""`python -m assessments schema|check`: exit codes, messages with field paths, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessments.cli import EXIT_INVALID, EXIT_OK, main
from assessments.completeness import missing
from assessments.examples import EXAMPLES
from assessments.model import SCHEMA_VERSION
from assessments.storage import json_schema, parse_assessment

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
EXAMPLE_FILES = [ROOT / "assessments" / "examples" / f"{n}.json" for n in EXAMPLES]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_schema_prints_the_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == EXIT_OK
    assert json.loads(out) == json_schema()


def test_check_complete_examples(capsys):
    code, out, _ = run(capsys, "check", *EXAMPLE_FILES)
    assert code == EXIT_OK
    assert out.splitlines() == [f"{p}: valid and complete" for p in EXAMPLE_FILES]


def test_check_a_draft_lists_every_missing_answer(capsys):
    code, out, _ = run(capsys, "check", DATA / "draft.json")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == f"{DATA / 'draft.json'}: valid draft; still needed for scoring:"
    draft = parse_assessment((DATA / "draft.json").read_bytes()).assessment
    assert draft is not None
    assert lines[1:] == [f"  {m.path}: {m.label}" for m in missing(draft)]
    assert "  history.years_running: how many years you have been running" in lines
    assert not any(line.startswith("  history.age") for line in lines)


def test_check_an_invalid_file_prints_each_error_with_its_path(capsys):
    path = DATA / "invalid_answers.json"
    code, out, _ = run(capsys, "check", path)
    assert code == EXIT_INVALID
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{path}: history.age: ")
    assert lines[1].startswith(f"{path}: history.weekly_distance: ")
    assert lines[2] == f"{path}: goals: the off-season must end after it starts"


def test_check_migrates_an_old_file_and_asks_the_new_red_flag_question(capsys):
    code, out, _ = run(capsys, "check", DATA / "assessment_v1.json")
    assert code == EXIT_OK
    lines = out.splitlines()
    path = DATA / "assessment_v1.json"
    assert lines[0] == f"{path}: valid draft; still needed for scoring:"
    assert lines[1].startswith("  health.bsi_high_risk_24m: In the last two years")
    # The new caution questions are warnings, not gaps.
    assert f"{path}: not asked yet (warnings; the plan is made without them):" in lines
    assert "  warning: health.low_sex_drive: " in out


def test_check_passes_a_migrated_file_with_only_caution_questions_unasked(capsys):
    code, out, _ = run(capsys, "check", DATA / "assessment_v2.json")
    assert code == EXIT_OK
    lines = out.splitlines()
    path = DATA / "assessment_v2.json"
    assert lines[0] == f"{path}: valid and complete"
    assert lines[1] == f"{path}: not asked yet (warnings; the plan is made without them):"
    warned = [line.split(": ")[1] for line in lines[2:]]
    assert warned == [
        "health.low_sex_drive",
        "health.frequent_illness",
        "health.unusual_fatigue",
        "health.osteoporosis_or_fragility_fracture",
    ]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("not_json.json", "not valid JSON"),
        ("newer_schema.json", "newer version of the app"),
    ],
)
def test_check_files_that_are_not_assessments(capsys, name, words):
    code, out, _ = run(capsys, "check", DATA / name)
    assert code == EXIT_INVALID
    assert out.startswith(f"{DATA / name}: ") and words in out


def test_check_a_missing_file_says_it_cannot_read_it(capsys, tmp_path):
    path = tmp_path / "nowhere.json"
    code, out, _ = run(capsys, "check", path)
    assert code == EXIT_INVALID
    assert out.strip() == f"{path}: file not found"


def test_check_a_directory_says_it_cannot_read_it(capsys, tmp_path):
    code, out, _ = run(capsys, "check", tmp_path)
    assert code == EXIT_INVALID
    assert out.strip() == f"{tmp_path}: a folder, not a file"


def test_check_a_binary_file(capsys, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    code, out, _ = run(capsys, "check", path)
    assert code == EXIT_INVALID
    assert "not text" in out


def test_check_a_huge_file(capsys, tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b"[" * (3 * 1024 * 1024))
    code, out, _ = run(capsys, "check", path)
    assert code == EXIT_INVALID
    assert "at most 655,360 bytes (640 KB)" in out


def test_check_several_files_reports_each_and_exits_with_the_worst(capsys, tmp_path):
    files = [EXAMPLE_FILES[0], DATA / "invalid_answers.json", DATA / "draft.json"]
    code, out, _ = run(capsys, "check", *files)
    assert code == EXIT_INVALID
    assert f"{files[0]}: valid and complete" in out
    assert f"{files[1]}: history.age:" in out
    assert f"{files[2]}: valid draft" in out


@pytest.mark.parametrize(
    ("argv", "code"),
    [([], EXIT_INVALID), (["frobnicate"], EXIT_INVALID), (["check"], EXIT_INVALID)],
)
def test_usage_errors_exit_2_with_usage(capsys, argv, code):
    got, _, err = run(capsys, *argv)
    assert got == code
    assert "usage: python -m assessments" in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == EXIT_OK
    assert "check" in out and "schema" in out


# --- the real command, as a coach would run it ------------------------------------------


def module(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessments", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_module_check_valid_invalid_and_missing_files():
    ok = module("check", *EXAMPLE_FILES)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("valid and complete") == len(EXAMPLE_FILES)

    bad = module("check", DATA / "invalid_answers.json", "missing.json", DATA / "not_json.json")
    assert bad.returncode == 2
    assert "history.age:" in bad.stdout
    assert "missing.json: file not found" in bad.stdout
    assert "not valid JSON" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_module_schema_prints_json():
    result = module("schema")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_module_without_a_command_exits_2_without_traceback():
    result = module()
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
