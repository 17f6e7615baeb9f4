"""Process settings the app and the CLI share: how often Python looks for garbage cycles.

A plan briefly holds a few thousand small objects (prescriptions, sessions, CSV cells) and
frees them all when it is done; with Python's default young-generation threshold (700) each
plan set off a collection or more, and about every hundredth of those a full one over every
object Streamlit, pandas and Altair loaded: about 0.5 ms of a 10 ms plan, and a quarter of
the batch CLI's time (measured with gc.callbacks, 2026-11-30). A higher threshold lets a plan
finish first; cycles are still collected, only in larger batches.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # objects allocated and not freed before a young collection


def tune_gc(*, freeze: bool = False) -> None:
    """Raise the young-generation threshold (idempotent: the app calls it on every run).

    `freeze` (for a short batch process, after its imports) moves everything loaded so far out
    of the collector's sight, so the rare full collections skip the libraries' objects. Not
    for the server: a session's objects frozen by a later call would never be collected."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
    if freeze:
        gc.freeze()
