"""The real results screen, timed around its body exactly like results_baseline.py."""

from __future__ import annotations

import runpy
from pathlib import Path

from ui.timing import timed

with timed("page:results"):
    runpy.run_path(str(Path(__file__).resolve().parent.parent / "pages" / "results.py"))
