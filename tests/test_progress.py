"""Progress over time: tables, summaries and charts from a file's history."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pytest

from assessments.charts_progress import gap_chart, scores_chart, selftests_chart
from assessments.history import as_assessment, snapshot, timeline, with_timeline
from assessments.progress import (
    gap_table,
    gap_threshold_pct,
    progress_summary,
    score_summaries,
    score_table,
    selftest_summaries,
    selftest_table,
)
from assessments.rules import load_rules
from assessments.scoring import score
from tests.scoring_support import build

D0 = date(2026, 1, 5)


def _file(*calves: tuple[int, int]) -> list:
    entries = [
        build(
            **{
                "assessed_on": (D0 + timedelta(weeks=6 * i)).isoformat(),
                "self_tests.calf_raise.left": left,
                "self_tests.calf_raise.right": right,
            }
        )
        for i, (left, right) in enumerate(calves)
    ]
    return timeline(with_timeline(entries[-1], [snapshot(e) for e in entries]))


@pytest.fixture(scope="module")
def norms():
    return load_rules().norms


def test_the_calf_summary_says_how_far_each_side_and_the_gap_moved(norms) -> None:
    entries = _file((18, 24), (21, 24), (24, 25))
    tests, gaps = selftest_table(entries, norms), gap_table(entries, norms)
    calf = [s for s in selftest_summaries(tests, gaps) if s.startswith("Single-leg calf raises")]
    assert calf == [
        "Single-leg calf raises: your left side went from 18 to 24 reps; your right side went "
        "from 24 to 25 reps; the gap closed from 25% to 4% (over 10% counts as uneven)."
    ]
    assert list(gaps[gaps["Test"] == "Single-leg calf raises"]["Weaker side"]) == ["Left"] * 3


def test_a_widening_gap_is_said_so(norms) -> None:
    entries = _file((24, 24), (20, 25))
    (calf,) = [
        s
        for s in selftest_summaries(selftest_table(entries, norms), gap_table(entries, norms))
        if s.startswith("Single-leg calf")
    ]
    assert "the gap widened from 0% to 20%" in calf


def test_the_table_has_one_row_per_measured_side_with_its_norm(norms) -> None:
    entries = _file((18, 24), (24, 25))
    t = selftest_table(entries, norms)
    calf = t[t["Test"] == "Single-leg calf raises"]
    assert list(calf["Result"]) == [18, 24, 24, 25]
    assert set(calf["Norm low"]) == {25} and set(calf["Norm target"]) == {30}
    assert list(calf["Date"]) == [D0.isoformat()] * 2 + [(D0 + timedelta(weeks=6)).isoformat()] * 2


def test_an_untested_side_has_no_row_and_no_gap(norms) -> None:
    a = build(**{"self_tests.calf_raise.left": None, "self_tests.calf_raise.left_skipped": True})
    entries = [snapshot(a)]
    assert "Left" not in set(
        selftest_table(entries, norms).query("Test == 'Single-leg calf raises'")["Side"]
    )
    assert "Single-leg calf raises" not in set(gap_table(entries, norms)["Test"])


def test_the_side_plank_ratio_band_becomes_a_gap_threshold(norms) -> None:
    (plank,) = [n for n in norms if n.test == "side_plank"]
    assert gap_threshold_pct(plank) == pytest.approx(
        100 * (1 - max(plank.ratio_min, 1 / plank.ratio_max)), abs=0.1
    )


def test_scores_over_time_follow_scoring_of_each_assessment(norms) -> None:
    entries = _file((10, 30), (29, 30))
    scored = [(e, score(as_assessment(e))) for e in entries]
    table = score_table(scored)
    assert len(table) == 2 * len(scored[0][1].focus)
    calf = table[table["Focus area"] == "Calves, Achilles and foot"]["Score"].tolist()
    expected = [next(fs.score for fs in f.focus if fs.area == "calf_foot") for _, f in scored]
    assert calf == expected and calf[0] > calf[1]
    lines = score_summaries(table)
    assert any(
        line.startswith("Calves, Achilles and foot: from") and "less to work on" in line
        for line in lines
    )


def test_a_draft_has_no_scores_and_one_assessment_asks_for_a_retest(norms) -> None:
    (e,) = _file((18, 24))
    assert score_table([(e, None)]).empty
    summary = progress_summary(
        selftest_summaries(selftest_table([e], norms), gap_table([e], norms)), 1
    )
    assert "Retest" in summary


def test_the_charts_carry_their_tables(norms) -> None:
    entries = _file((18, 24), (24, 25))
    tests, gaps = selftest_table(entries, norms), gap_table(entries, norms)
    scores = score_table([(e, score(as_assessment(e))) for e in entries])
    for chart, table in (
        (selftests_chart(tests), tests),
        (gap_chart(gaps), gaps),
        (scores_chart(scores), scores),
    ):
        assert isinstance(chart, alt.TopLevelMixin)
        spec = chart.to_dict()
        (rows,) = spec["datasets"].values()
        assert len(rows) == len(table)
    assert "Test" in str(selftests_chart(tests).to_dict()["facet"])
