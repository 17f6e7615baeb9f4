"""Rules tables that are not tables: folders, devices, empty, doubled columns, NaN; caching."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import assessments.library as library_module
import assessments.rules as rules_module
import assessments.tables as tables
from assessments.rules import load_rules_from
from assessments.tables import MAX_TABLE_BYTES, SHIPPED_RULES_DIR, RulesError
from tests.screens import example, open_screen, shown


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(SHIPPED_RULES_DIR, folder)
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(RulesError) as info:
        load_rules_from(folder)
    return info.value.problems


def test_a_folder_in_place_of_a_table_is_named(rules_dir):
    (rules_dir / "findings.csv").unlink()
    (rules_dir / "findings.csv").mkdir()
    assert problems(rules_dir) == ["findings.csv: a folder, not a file"]


def test_a_device_or_fifo_in_place_of_a_table_is_refused_without_reading(rules_dir):
    (rules_dir / "findings.csv").unlink()
    (rules_dir / "findings.csv").symlink_to("/dev/zero")
    assert problems(rules_dir) == ["findings.csv: not a regular file (a device, pipe or socket)"]
    (rules_dir / "findings.csv").unlink()
    os.mkfifo(rules_dir / "findings.csv")  # reading it would wait for a writer forever
    assert problems(rules_dir) == ["findings.csv: not a regular file (a device, pipe or socket)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_table_is_named(rules_dir):
    (rules_dir / "norms.csv").chmod(0)
    assert problems(rules_dir) == ["norms.csv: no permission to read the file"]


def test_a_table_over_the_size_cap_is_refused(rules_dir):
    path = rules_dir / "cautions.csv"
    path.write_bytes(path.read_bytes() + b"#" * MAX_TABLE_BYTES)
    size = path.stat().st_size
    assert problems(rules_dir) == [
        f"cautions.csv: the file is {size:,} bytes; a rules table is at most "
        f"{MAX_TABLE_BYTES:,} bytes"
    ]


def test_a_header_without_rows_is_refused(rules_dir):
    path = rules_dir / "cautions.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    assert problems(rules_dir) == ["cautions.csv: the table has a header but no rows"]


def test_a_duplicate_header_is_refused_with_its_column(rules_dir):
    path = rules_dir / "red_flags.csv"
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("message", "see", 1)
    path.write_text("\n".join(lines) + "\n")
    assert problems(rules_dir) == ["red_flags.csv:1:see: column appears twice"]


@pytest.mark.parametrize("cell", ["nan", "infinity", "-inf", "1e999"])
def test_a_non_finite_threshold_is_refused_with_file_row_and_column(rules_dir, cell):
    path = rules_dir / "findings.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    row = next(i for i, line in enumerate(lines) if ",ge," in line and i > 0)
    cells = lines[row].split(",")
    at = cells.index("ge") + 1
    cells[at] = cell
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    assert problems(rules_dir) == [
        f"findings.csv:{row + 1}:{header[at]}: {cell!r} is not a finite number"
    ]


def test_a_non_finite_norm_is_refused(rules_dir):
    path = rules_dir / "norms.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    col = header.index("low")
    cells[col] = "Infinity"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    assert problems(rules_dir) == ["norms.csv:2:low: 'Infinity' is not a finite number"]


def test_loads_are_cached_on_size_and_mtime_and_reread_only_what_changed(rules_dir, monkeypatch):
    reads: list[str] = []
    real = tables.read_capped

    def counting(path, cap):
        reads.append(Path(path).name)
        return real(path, cap)

    monkeypatch.setattr(tables, "read_capped", counting)
    monkeypatch.setattr(rules_module, "RULES_DIR", rules_dir)
    load = rules_module.load_rules
    first = load()
    assert sorted(reads) == sorted(rules_module.FILES.values())
    reads.clear()
    assert load() is first and reads == []  # unchanged: nothing read
    path = rules_dir / "findings.csv"
    good = path.read_text()
    path.write_text(good.replace("calf_raise.below_norm", "calf_rase.below_norm", 1))
    with pytest.raises(RulesError):
        load()
    assert reads == ["findings.csv"]  # only the changed file
    reads.clear()
    with pytest.raises(RulesError) as again:
        load()
    assert reads == [] and "calf_rase" in again.value.problems[0]  # a failure is cached too
    path.write_text(good)
    ns = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(ns, ns))
    assert load().findings == first.findings and reads == ["findings.csv"]


@pytest.mark.parametrize("screen", ["pages/results.py", "pages/plan.py", "pages/compare.py"])
def test_a_folder_for_a_table_gives_the_error_screen(rules_dir, monkeypatch, screen):
    (rules_dir / "findings.csv").unlink()
    (rules_dir / "findings.csv").mkdir()
    monkeypatch.setattr(rules_module, "RULES_DIR", rules_dir)
    monkeypatch.setattr(library_module, "RULES_DIR", rules_dir)
    # A name of its own, so no cached findings from another test stand in for scoring.
    at = open_screen(screen, example("masters_marathoner", runner_name=f"folder {screen}"))
    assert "rules tables have a problem" in at.error[0].value
    assert "findings.csv: a folder, not a file" in shown(at)
