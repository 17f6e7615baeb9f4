"""The charts' colours and text: a colour-blind-safe palette and text that meets WCAG AA.

Categories use the Okabe–Ito palette (Okabe & Ito 2008), which stays distinguishable with
the common colour-vision deficiencies; no chart pairs red with green. Chart text (titles,
axes, legends) is drawn in colours that reach 4.5:1 against the app's background, the same
background as `.streamlit/config.toml` (tests check both, and the browser test measures the
screens). `styled()` gives a chart that text and its accessible name.
"""

from __future__ import annotations

from typing import Any, TypeVar

import altair as alt
from altair.utils.schemapi import debug_mode

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
BACKGROUND = "#fbfaf7"  # .streamlit/config.toml [theme] backgroundColor (charts are transparent)
TEXT = "#0a140f"  # .streamlit/config.toml [theme] textColor: titles
MUTED = "#3d4641"  # axis and legend labels, ticks
AA = 4.5  # WCAG 2 AA contrast for normal text

CONFIG: dict[str, Any] = {
    "title": {"color": TEXT, "subtitleColor": MUTED},
    "axis": {
        "labelColor": MUTED,
        "titleColor": TEXT,
        "tickColor": MUTED,
        "domainColor": MUTED,
    },
    "legend": {"labelColor": MUTED, "titleColor": TEXT},
    "header": {"labelColor": MUTED, "titleColor": TEXT},
    "text": {"color": TEXT},
    # Screen readers get the chart's name, its axes and legends; one description per mark
    # (dozens of bars and points) would bury them, and the data is in a table beside it.
    "mark": {"aria": False},
}
# The text colours CONFIG sets, by where they are used (the unit test checks each).
TEXT_COLOURS = {
    f"{part}.{key}": value
    for part, keys in CONFIG.items()
    for key, value in keys.items()
    if key.endswith(("Color", "color")) and key not in ("tickColor", "domainColor")
}

C = TypeVar("C", bound=alt.TopLevelMixin)


def styled(chart: C, description: str) -> C:
    """The chart with the theme's text colours and an accessible name (Vega's description,
    which becomes the chart's aria-label)."""
    with debug_mode(False):
        return chart.properties(description=description).configure(**CONFIG)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#rrggbb" colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def blend(colour: str, over: str, alpha: float) -> str:
    """A colour drawn with `alpha` over another, as "#rrggbb" (how a faded caption looks)."""
    mixed = (
        round(int(colour[i : i + 2], 16) * alpha + int(over[i : i + 2], 16) * (1 - alpha))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)
