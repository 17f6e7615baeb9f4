"""Answers with characters a one-line field refuses: the screens say so, nothing crashes."""

from __future__ import annotations

import pytest

from tests.screens import example, open_screen, shown


@pytest.mark.parametrize("screen", ["pages/plan.py", "pages/compare.py"])
def test_a_line_break_in_the_name_gives_a_message_not_an_error_box(screen):
    at = open_screen(screen, example("masters_marathoner", runner_name="Ann\nBEGIN:VEVENT"))
    assert not at.exception
    assert "not valid" in at.warning[0].value
    assert "runner_name: contains control characters" in shown(at)
    assert not at.get("download_button")
