"""Reading and writing assessment files safely.

Uploaded files are untrusted: they are size-limited, checked for nesting depth before the JSON
parser sees them, migrated from older schema versions, then validated. Errors come back as
plain messages with field paths, never as exceptions with tracebacks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .files import FileProblem, read_capped
from .model import (
    BALANCE_CAP_S,
    HIGH_RISK_BONE_SITES,
    KM_PER_MILE,
    SCHEMA_VERSION,
    Assessment,
    content_file_id,
)

# A complete assessment is about 5 KB, at most about 31 KB with every list and text full.
# Two years of retests every 6 weeks (18 assessments) filled to the brim are about 584 KB
# (tests/test_history_size.py), so the cap is 640 KB: under the 1 MB upload limit.
MAX_FILE_BYTES = 640 * 1024
MAX_DEPTH = 12  # the schema nests 7 deep (an earlier assessment's week)


@dataclass
class LoadResult:
    assessment: Assessment | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.assessment is not None


# The bracket depth outside strings without a Python loop over every character (that loop was
# a third of reading a file in the batch CLI). On the UTF-8 bytes (brackets, quotes and
# backslashes never occur inside a multibyte character): strings are removed (without a
# backslash in the text every string runs from a quote to the next one; with one, a backslash
# escapes the next character), then everything but brackets, then the running depth is summed.
# An unterminated string runs to the end of the text, as a parser reads it.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_ALL_BUT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = dict.fromkeys(b"[{", 1) | dict.fromkeys(b"]}", -1)


def _depth_exceeds(text: str, limit: int) -> bool:
    """Scan bracket depth outside strings, so a hostile file never reaches the parser."""
    data = text.encode("utf-8", "surrogatepass")
    if b"\\" in data:
        outside = _STRING.sub(b"", data)
    else:
        outside = b"".join(data.split(b'"')[::2])
    brackets = outside.translate(None, _ALL_BUT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


# --- migrations: each takes a dict of version N and returns version N+1 -------------------


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 stored the weekly distance as `weekly_km` (always km) and had no runner name.

    The other distances (the longest run) were already in the file's `distance_unit`, so the
    unit stays and the weekly figure is converted into it: no distance changes meaning.
    """
    history = data.get("history")
    if isinstance(history, dict) and "weekly_km" in history:
        history = dict(history)
        weekly = history.pop("weekly_km")
        unit = history.get("distance_unit", "km")
        if unit == "mi" and isinstance(weekly, int | float) and not isinstance(weekly, bool):
            weekly = round(weekly / KM_PER_MILE, 2)
        history["weekly_distance"] = weekly
        history["distance_unit"] = unit
        data = dict(data, history=history)
    return dict(data, schema_version=2)


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """v3 asks new screening questions and uses springer2007's balance protocol.

    The high-risk bone stress window grew from 12 months to two years, and is now a question:
    what v2 derived as true (a high-risk site within 12 months in the injury list) stays true;
    anything else is unanswered, so it is asked before any plan. Balance times taken with the
    old protocol are marked as such and capped at the new protocol's 45 s. `migrated_from` lets
    the new finding and caution questions show as "not asked yet" instead of blocking the plan.
    """
    out = dict(data, schema_version=3)
    out.setdefault("migrated_from", 2)
    health = data.get("health")
    if isinstance(health, dict):
        injuries = health.get("injuries")
        recent_high_risk = isinstance(injuries, list) and any(
            isinstance(i, dict)
            and i.get("bone_site") in {s.value for s in HIGH_RISK_BONE_SITES}
            and isinstance(i.get("months_since"), int)
            and i["months_since"] <= 12
            for i in injuries
        )
        if recent_high_risk:
            out["health"] = dict(health, bsi_high_risk_24m=True)
    tests = data.get("self_tests")
    balance = tests.get("single_leg_balance") if isinstance(tests, dict) else None
    if isinstance(tests, dict) and isinstance(balance, dict):
        balance = dict(balance)
        measured = False
        for side in ("left", "right"):
            value = balance.get(side)
            if isinstance(value, int | float) and not isinstance(value, bool):
                measured = True
                balance[side] = min(value, BALANCE_CAP_S)
        if measured:
            balance["old_protocol"] = True
        out["self_tests"] = dict(tests, single_leg_balance=balance)
    return out


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """v4 adds the file id; an older file gets one derived from its content (UUIDv5 of its
    canonical JSON, added by `migrate` before the first step), so the same old file always
    gives the same calendar event ids."""
    file_id = data.get("file_id") or str(content_file_id(data))
    return dict(data, schema_version=4, file_id=file_id)


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """v5 adds earlier assessments and the plan record; a v4 file is one assessment."""
    return dict(data, schema_version=5)


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("the file has no schema_version, so it is not an assessment file")
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"the file is from a newer version of the app (schema {version}); "
            f"this app reads up to schema {SCHEMA_VERSION}"
        )
    if version < SCHEMA_VERSION and data.get("file_id") is None:
        # The id of a file from before ids: UUIDv5 of the file's own canonical JSON, as read.
        data = dict(data, file_id=str(content_file_id(data)))
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"schema version {version} is not one this app knows")
        data = step(data)
        version = data["schema_version"]
    return data


def format_errors(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "(file)"
        msg = err["msg"].removeprefix("Value error, ")
        out.append(f"{path}: {msg}")
    return out


def read_object(data: bytes | str) -> tuple[dict[str, Any] | None, list[str]]:
    """File contents to a migrated JSON object (not yet validated), or what is wrong.

    The size, depth and migration checks of every untrusted source: an uploaded file and the
    copy of the answers kept in the runner's browser (assessments/local_copy.py).
    """
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            return None, [_too_large(len(data))]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, ["The file is not text (UTF-8), so it is not an assessment."]
    else:
        text = data
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            return None, [_too_large(len(text.encode("utf-8")))]
    if _depth_exceeds(text, MAX_DEPTH):
        return None, ["The file is nested far deeper than an assessment ever is."]
    try:
        raw = json.loads(text, object_pairs_hook=_pairs)
    except _DuplicateKey:
        where = _duplicate_path(text)
        return None, [f"{where}: this key appears twice in the file; keep one of them"]
    except (ValueError, RecursionError) as exc:  # ValueError: also a number with 5000 digits
        msg = getattr(exc, "msg", "unreadable")
        return None, [f"The file is not valid JSON ({msg})."]
    if not isinstance(raw, dict):
        return None, ["The file does not hold an assessment (expected a JSON object)."]
    try:
        return migrate(raw), []
    except ValueError as exc:
        return None, [f"This is not an assessment this app can read: {exc}."]


def parse_assessment(data: bytes | str) -> LoadResult:
    """Turn file contents into an Assessment, or into messages saying what is wrong."""
    raw, errors = read_object(data)
    if raw is None:
        return LoadResult(errors=errors)
    try:
        return LoadResult(assessment=Assessment.model_validate(raw))
    except ValidationError as exc:
        return LoadResult(errors=format_errors(exc))


def _too_large(size: int) -> str:
    cap = f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 1024} KB)"
    return f"The file is {size:,} bytes; an assessment file is at most {cap}. Is it the right file?"


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _duplicate_path(text: str) -> str:
    """Where the first repeated key is: parse again keeping every pair, then walk the tree."""

    def walk(node: Any, path: list[str]) -> list[str] | None:
        if isinstance(node, list) and node and isinstance(node[0], tuple):  # an object's pairs
            seen: set[str] = set()
            for key, _ in node:
                if key in seen:
                    return [*path, key]
                seen.add(key)
            items: Any = [(key, value) for key, value in node]
        elif isinstance(node, list):
            items = [(str(i), value) for i, value in enumerate(node)]
        else:
            return None
        for key, value in items:
            found = walk(value, [*path, key])
            if found:
                return found
        return None

    found = walk(json.loads(text, object_pairs_hook=lambda p: p), [])
    return ".".join(found) if found else "(file)"


def load_file(path: Path | str) -> LoadResult:
    """An assessment file named by a user: refused before reading unless it is a regular
    file within the size limit (a device or FIFO would never end)."""
    try:
        content = read_capped(path, MAX_FILE_BYTES)
    except FileProblem as exc:
        if exc.size is not None:
            return LoadResult(errors=[_too_large(exc.size)])
        return LoadResult(errors=[exc.message])
    return parse_assessment(content)


def dump_assessment(a: Assessment) -> str:
    """The file a runner downloads: stable key order, readable, no empty defaults dropped."""
    return a.model_dump_json(indent=2)


def json_schema() -> dict[str, Any]:
    return Assessment.model_json_schema()
