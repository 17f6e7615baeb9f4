"""Runner text without internal names: evidence ids in brackets become nothing or words.

Planner and rules texts end some sentences with the evidence ids behind them, "(acsm2009)" or
"(every few weeks; heuristic)". The runner reads the evidence one click away, in words and with
its grade; the ids stay for coaches (the "For coaches" detail, the coach CSV, the CLI).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

_BRACKET = re.compile(r"\s*\(([^()]*)\)")
_SEP = re.compile(r"\s*[;,]\s*")


def without_ids(text: str, ids: Collection[str]) -> str:
    """`text` with every bracketed id of `ids` taken out; brackets left empty go entirely."""

    def fix(m: re.Match[str]) -> str:
        parts = _SEP.split(m.group(1).strip())
        keep = [p for p in parts if p not in ids]
        if len(keep) == len(parts):
            return m.group(0)
        if not keep:
            return ""
        lead = m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())]
        return f"{lead}({'; '.join(keep)})"

    return _BRACKET.sub(fix, text)


def replace_ids(text: str, names: Mapping[str, str]) -> str:
    """`text` with each whole-word id of `names` replaced by its name."""
    if not any(i in text for i in names):
        return text
    return re.sub(r"\b[\w.]+\b", lambda m: names.get(m.group(0), m.group(0)), text)


def words(identifier: str) -> str:
    """A code such as `achilles_calf` as words ("achilles calf")."""
    return identifier.replace("_", " ")
