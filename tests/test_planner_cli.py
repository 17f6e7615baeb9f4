"""`python -m assessments plan`: exit codes, one line naming the field, files per athlete."""

from __future__ import annotations

import io
import json

import icalendar
import pandas as pd

from assessments.cli import main
from assessments.examples import EXAMPLES, load_example

START = "2026-01-05"


def write(tmp_path, name, data) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, default=str))
    return str(path)


def example_file(tmp_path, name):
    return write(tmp_path, name, load_example(name).model_dump(mode="json"))


def test_one_file_to_stdout(tmp_path, capsys):
    f = example_file(tmp_path, "trail_ankle_sprains")
    assert main(["plan", f, "--start", START]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(df) > 50 and df["date"].min() >= START


def test_group_gives_one_csv_per_athlete_and_red_flag_exit_3(tmp_path, capsys):
    files = [example_file(tmp_path, n) for n in EXAMPLES]
    out = tmp_path / "out"
    code = main(["plan", *files, "--start", START, "--out-dir", str(out)])
    assert code == 3
    err = capsys.readouterr().err
    assert "red_flag_bone_stress" in err and "doctor" in err
    written = sorted(p.stem for p in out.glob("*.csv"))
    assert written == sorted(n for n in EXAMPLES if n != "red_flag_bone_stress")


def test_invalid_file_is_one_line_naming_the_field(tmp_path, capsys):
    data = load_example("trail_ankle_sprains").model_dump(mode="json")
    data["history"]["age"] = 7
    f = write(tmp_path, "bad", data)
    assert main(["plan", f, "--start", START]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "age" in err[0]


def test_incomplete_file_names_the_missing_answer(tmp_path, capsys):
    data = load_example("trail_ankle_sprains").model_dump(mode="json")
    data["goals"]["equipment"] = None
    f = write(tmp_path, "draft", data)
    assert main(["plan", f, "--start", START]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "goals.equipment" in err[0]


def test_impossible_dates_exit_2_naming_the_field(tmp_path, capsys):
    f = example_file(tmp_path, "trail_ankle_sprains")
    assert main(["plan", f, "--start", "2026-12-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "goals.races" in err[0]


def test_out_and_ics(tmp_path):
    f = example_file(tmp_path, "masters_marathoner")
    csv_path, ics_path = tmp_path / "plan.csv", tmp_path / "plan.ics"
    args = ["plan", f, "--start", START, "--out", str(csv_path), "--ics", str(ics_path)]
    assert main(args) == 0
    df = pd.read_csv(csv_path)
    cal = icalendar.Calendar.from_ical(ics_path.read_bytes())
    sessions = [e for e in cal.walk("VEVENT") if str(e["summary"]) != "Retest the self-tests"]
    assert len(sessions) == df["date"].nunique()


def test_several_files_need_an_out_dir(tmp_path, capsys):
    f = example_file(tmp_path, "trail_ankle_sprains")
    assert main(["plan", f, f, "--start", START]) == 2
    assert "--out-dir" in capsys.readouterr().err


def test_bad_start_date_is_exit_2(tmp_path):
    f = example_file(tmp_path, "trail_ankle_sprains")
    assert main(["plan", f, "--start", "2026-13-01"]) == 2
