"""No internal names in the runner's text: every example's results and plan screens, with the
collapsed sections' contents and every table's data, the "For coaches" detail excepted."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.examples import EXAMPLES
from tests.internal_names import found_in, internal_names, source_ids
from tests.screens import example, open_screen

TEXT = {"markdown", "caption", "warning", "info", "error", "success", "text", "code", "title"}
TEXT |= {"subheader", "header"}
TABLES = {"arrow_data_frame", "arrow_table", "table", "dataframe"}
COACHES = "For coaches"


def runner_texts(node: Any) -> list[str]:
    """Every text and table of the screen, collapsed or not, outside the For coaches detail."""
    out: list[str] = []
    for child in getattr(node, "children", {}).values():
        label = getattr(child, "label", None)
        if child.type in ("expandable", "expander") and label == COACHES:
            continue
        if label:
            out.append(str(label))
        if child.type in TEXT:
            out.append(str(child.value))
        elif child.type in TABLES:
            out.append(child.value.to_csv())
        out += runner_texts(child)
    return out


def test_the_scan_knows_the_ids_it_looks_for():
    names = internal_names()
    assert {"calf_low", "calf_raise.weaker", "rest_s", "blagrove2018", "heuristic"} <= names
    assert source_ids() <= names
    assert (
        found_in("Rule: calf_low, (acsm2009) and goals.races")
        == [
            "acsm2009",
            "calf_low",
            "goals.races",
        ]
        or "goals.races" not in names
    )
    assert found_in("Masters marathoner, a heuristic-free calf low") == ["heuristic"]


@pytest.mark.parametrize("name", list(EXAMPLES))
@pytest.mark.parametrize("screen", ["pages/results.py", "pages/plan.py"])
def test_no_internal_names_outside_for_coaches(name: str, screen: str) -> None:
    at = open_screen(screen, example(name), timeout=30)
    if screen == "pages/plan.py":
        at.session_state["plan:tables"] = True  # open the lazy section of the charts' data
        at.run()
        assert not at.exception
    texts = runner_texts(at.main)
    assert texts
    found = {f for t in texts for f in found_in(t.replace("\\", ""))}
    assert found == set(), [t[:200] for t in texts if found_in(t.replace("\\", ""))]
    coaches = [e for e in at.expander if e.label == COACHES]
    assert len(coaches) <= 1
