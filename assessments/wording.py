"""Runner text without internal names: evidence ids in brackets become nothing or words.

Planner and rules texts end some sentences with the evidence ids behind them, "(acsm2009)" or
"(every few weeks; heuristic)". The runner reads the evidence one click away, in words and with
its grade; the ids stay for coaches (the "For coaches" detail, the coach CSV, the CLI).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from .grades import grade_words
from .rules import Rules, SourceRow

_BRACKET = re.compile(r"\s*\(([^()]*)\)")
_SEP = re.compile(r"\s*[;,]\s*")
_FILE = re.compile(r"^[\w/.-]+\.csv$")  # a rules file named as a reference


def rule_ids(rules: Rules) -> frozenset[str]:
    """Every id runner text must not show: source ids and the rules' own ids."""
    own = {r.id for r in (*rules.findings, *rules.red_flags, *rules.cautions)}
    return frozenset(set(rules.sources) | own)


def without_ids(text: str, ids: Collection[str]) -> str:
    """`text` with every bracketed id of `ids` taken out; brackets left empty go entirely."""

    def fix(m: re.Match[str]) -> str:
        parts = _SEP.split(m.group(1).strip())
        keep = [p for p in parts if p not in ids and not _FILE.match(p)]
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


def evidence_lines(ids: str, sources: Mapping[str, SourceRow]) -> tuple[str, ...]:
    """`;`-joined source ids as "Citation — grade in words" (unknown ids are left out)."""
    out = []
    names: dict[str, str] = {}
    for sid in dict.fromkeys(i.strip() for i in ids.split(";") if i.strip()):
        row = sources.get(sid)
        if row is None:
            continue
        if row.grade == "heuristic":
            out.append(grade_words(row.grade))
        else:
            names = names or short_names(sources)
            citation = replace_ids(row.citation, names)
            out.append(f"{citation} — {grade_words(row.grade)}")
    return tuple(dict.fromkeys(out))


_YEAR = re.compile(r"^(.*?\b(?:19|20)\d\d)\b")


_NAMES: dict[int, tuple[Mapping[str, SourceRow], dict[str, str]]] = {}


def short_names(sources: Mapping[str, SourceRow]) -> dict[str, str]:
    """Each source id as its citation's authors and year ("Blagrove, Howatson & Hayes 2018"),
    for citations that mention other sources by id. Memoized on the (long-lived) table."""
    hit = _NAMES.get(id(sources))
    if hit is not None and hit[0] is sources:
        return hit[1]
    out = _short_names(sources)
    _NAMES.clear()  # one rules table at a time; keeps the memo from growing
    _NAMES[id(sources)] = (sources, out)
    return out


def _short_names(sources: Mapping[str, SourceRow]) -> dict[str, str]:
    out = {}
    for sid, row in sources.items():
        m = _YEAR.match(row.citation)
        out[sid] = m.group(1) if m else row.citation
        if row.grade == "heuristic":
            out[sid] = "our own rule of thumb"
    return out
