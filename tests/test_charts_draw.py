"""ui/charts.py: the screens draw the very spec `st.altair_chart` would, minus the check.

The spec Streamlit sends is compared whole (datasets included) for a chart of each screen,
with and without the skipped validation; and an invalid chart, which the unit tests' own
`to_dict()` rejects, is what the skip lets through, so the tests must keep validating.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pytest
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from assessments.charts_compare import focus_coverage, season_timelines, weekly_load_compare
from assessments.charts_plan import season_timeline, weekly_load
from tests.test_charts_plan import plan
from ui.charts import unvalidated


def _spec(chart: Any) -> str:
    spec = _convert_altair_to_vega_lite_spec(chart)
    names = sorted(spec.pop("datasets"))  # dataset names are ids of the data frames
    return json.dumps(spec, sort_keys=True, default=str) + str(len(names))


@pytest.mark.parametrize(
    "build",
    [
        lambda p: season_timeline(p),
        lambda p: weekly_load(p),
        lambda p: weekly_load_compare(p, p),
        lambda p: focus_coverage(p, p),
        lambda p: season_timelines(p, p),
    ],
)
def test_the_drawn_spec_is_the_validated_one(build: Any) -> None:
    p = plan()
    checked, skipped = build(p), unvalidated(build(p))
    assert _spec(skipped) == _spec(checked)
    assert skipped.to_dict() == checked.to_dict()


def test_only_the_check_is_skipped() -> None:
    bad = alt.Chart().mark_bar().encode(x="a:Q")
    bad.width = "not a width"  # set as an attribute: .properties() would refuse it already
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        bad.to_dict()
    assert unvalidated(bad.copy()).to_dict()["width"] == "not a width"
