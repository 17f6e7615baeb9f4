"""md_escape: every markdown special gets one backslash, nothing else changes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ui.widgets import MD_SPECIAL, md_escape

TEXT = st.text(alphabet=st.sampled_from(MD_SPECIAL) | st.characters(), max_size=60)


@given(TEXT)
def test_each_special_gets_a_backslash_and_the_rest_is_kept(text: str) -> None:
    out = md_escape(text)
    assert out == "".join("\\" + c if c in MD_SPECIAL else c for c in text)
    # Read back as markdown reads an escaped special: the text itself.
    assert re.sub(r"\\(.)", r"\1", out, flags=re.S) == text


def test_links_html_and_emoji_codes_are_inert() -> None:
    out = md_escape("see http://x.org <b>hi</b> :fire: a@b.c [t](u)")
    for raw in ("http://", "<b>", ":fire:", "a@b", "[t](u)"):
        assert raw not in out
