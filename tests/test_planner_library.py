"""The exercise library and phase parameters: loaded, cross-checked, errors by file:row:column."""

from __future__ import annotations

import shutil

import pytest

from assessments.library import Category, PhaseName, load_library
from assessments.model import StrengthExperience
from assessments.tables import RULES_DIR, RulesError


def copy_rules(tmp_path):
    for name in ("exercises.csv", "phases.csv"):
        shutil.copy(RULES_DIR / name, tmp_path / name)
    return tmp_path / "exercises.csv", tmp_path / "phases.csv"


def test_shipped_library_is_complete():
    lib = load_library()
    assert len(lib.exercises) >= 40
    assert {e.category for e in lib.exercises.values()} == set(Category)
    assert {e.activity.value for e in lib.exercises.values() if e.activity} == {
        "power_yoga",
        "climbing",
    }
    for phase in PhaseName:
        for exp in StrengthExperience:
            assert lib.blocks(phase, exp), (phase, exp)
    ranges = {
        PhaseName.off_season: (2, 3),
        PhaseName.pre_season: (2, 2),
        PhaseName.in_season: (1, 2),
        PhaseName.taper: (0, 1),
    }
    for row in lib.phases:
        assert (row.sessions_min, row.sessions_max) == ranges[row.phase]
        assert row.source


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_bad_cell_is_named_by_file_row_and_column(tmp_path):
    ex, ph = copy_rules(tmp_path)
    replace_in(
        ex,
        "goblet_squat,Goblet squat,quadriceps;bone,heavy_strength,squat,dumbbells,1",
        "goblet_squat,Goblet squat,quadriceps;bone,heavy_strength,squat,barbell,1",
    )
    with pytest.raises(RulesError) as exc:
        load_library(ex, ph)
    assert exc.value.problems[0].startswith("exercises.csv:")
    assert ":equipment:" in exc.value.problems[0]


def test_unknown_variant_and_source_are_reported(tmp_path):
    ex, ph = copy_rules(tmp_path)
    replace_in(ex, "box_squat_bw,back_squat,", "box_squat_bw,front_squat,")
    replace_in(ex, "acsm2009;runner_heavy,", "acsm2009;made_up_2024,")
    with pytest.raises(RulesError) as exc:
        load_library(ex, ph)
    text = "\n".join(exc.value.problems)
    assert "harder: 'front_squat' is not an exercise id" in text
    assert "source: unknown source id 'made_up_2024'" in text


def test_missing_phase_row_and_bad_session_range(tmp_path):
    ex, ph = copy_rules(tmp_path)
    lines = [ln for ln in ph.read_text().splitlines() if not ln.startswith("taper,")]
    ph.write_text("\n".join(lines) + "\n")
    with pytest.raises(RulesError) as exc:
        load_library(ex, ph)
    assert any("no row for taper" in p for p in exc.value.problems)
    ex, ph = copy_rules(tmp_path)
    replace_in(
        ph,
        "in-season,6_to_24_months,maintenance,1,1,2",
        "in-season,6_to_24_months,maintenance,2,1,2",
    )
    with pytest.raises(RulesError) as exc:
        load_library(ex, ph)
    assert "sessions_max" in exc.value.problems[0]
