"""The progress baseline page, timed around its body as app.py times a screen's."""

from __future__ import annotations

import runpy
from pathlib import Path

from ui.timing import timed

with timed("page:baseline"):
    runpy.run_path(str(Path(__file__).resolve().parent / "progress_baseline_body.py"))
