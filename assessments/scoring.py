"""Scoring: an assessment against the rules tables gives the findings.

A focus area's score is the sum of the points of the findings rules that fired for it, limited
to 0-100 (see rules/README.md). Scoring needs a complete assessment: for a draft, `score`
raises `IncompleteAssessment`, whose `missing` lists what is still needed, so callers can name
it to the runner instead of scoring half an answer sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .completeness import Missing, missing
from .derived import (
    AREA_FIELDS,
    Norm,
    Value,
    format_value,
    measures,
    norm_test_of,
    norms_used,
    remember_norms,
    shown_fields,
)
from .findings import Caution, Evidence, Findings, FiredRule, FocusScore, RedFlag, trusted
from .focus import FocusArea
from .model import Assessment
from .rules import Rule, Rules, load_rules

_ORDER = {area: i for i, area in enumerate(FocusArea)}


class IncompleteAssessment(ValueError):
    """The assessment is a draft; `missing` says which answers scoring still needs."""

    def __init__(self, gaps: list[Missing]):
        self.missing = gaps
        super().__init__(
            "the assessment is not complete; still needed: " + "; ".join(m.label for m in gaps)
        )


def score_of_points(points: float) -> int:
    """Points to a 0-100 score: the sum, rounded and limited to 0..100."""
    return int(min(100, max(0, round(points))))


def score(a: Assessment, rules: Rules | None = None) -> Findings:
    """Findings for a complete assessment; raises IncompleteAssessment for a draft."""
    gaps = missing(a)
    if gaps:
        raise IncompleteAssessment(gaps)
    if rules is not None:
        return score_measures(a, rules)
    rules = load_rules()
    findings = score_measures(a, rules)
    remember_norms(findings, rules.norms)  # the plan's weaker sides need not load them again
    return findings


def score_measures(a: Assessment, rules: Rules) -> Findings:
    """Score without the completeness check (tests and tools that score partial answers)."""
    m = measures(a, rules.norms)
    used = norms_used(a, rules.norms)
    finding_rows, flag_rows, caution_rows = _fired(_table(rules), m)

    # The results are built with `trusted`: every value is rules data or made from checked answers.
    fired: dict[FocusArea, list[FiredRule]] = {area: [] for area in FocusArea}
    for rule, _, shown, tests, evidence in finding_rows:
        fired[rule.focus].append(
            trusted(
                FiredRule,
                rule_id=rule.id,
                message=rule.message,
                points=float(rule.points),
                values={n: format_value(m.get(n)) for n in shown},
                sources=list(evidence),
                norm=_norm_text(tests, used),
            )
        )
    focus = [
        trusted(FocusScore, area=area, score=score_of_points(sum(r.points for r in rs)), rules=rs)
        for area, rs in fired.items()
    ]
    focus.sort(key=lambda f: (-f.score, _ORDER[f.area]))

    red_flags = [
        trusted(
            RedFlag,
            rule_id=rule.id,
            message=f"{rule.message} Please see {rule.see} before starting a strength plan.",
            see=rule.see,
            values={n: format_value(m.get(n)) for n in shown},
            sources=list(evidence),
        )
        for rule, _, shown, _, evidence in flag_rows
    ]
    cautions = [
        trusted(
            Caution,
            rule_id=rule.id,
            message=rule.message,
            areas=_areas(rule.areas, m),
            slow=list(rule.slow),
            effects=list(rule.effects),
            values={n: format_value(m.get(n)) for n in shown},
            sources=list(evidence),
        )
        for rule, _, shown, _, evidence in caution_rows
    ]
    hl = a.health
    cleared = hl.cleared_by_professional
    note = ""
    if cleared:
        note = f"A professional cleared you to train on {hl.cleared_on:%d %B %Y}."
        if red_flags:
            note += " What was flagged: " + "; ".join(
                f.message.split(" Please see")[0] for f in red_flags
            )
        if hl.clearance_note:
            note += f" Their note: {hl.clearance_note}"
    return Findings(
        focus=focus, red_flags=red_flags, cautions=cautions, cleared=cleared, clearance_note=note
    )


def _fired(table: _Table, m: Mapping[str, Value]) -> tuple[list[_Row], list[_Row], list[_Row]]:
    """The rows of the rules that fire, per file in file order: what `Rule.fires` on every
    rule gives. Most rules are one condition that an answer's value names (`eq`, `in`, `has`):
    those are looked up by the value instead of asking each of the ~100 rules."""
    rows, by_value, others, n_findings, n_flags = table
    hit: set[int] = set()
    for field, members, index in by_value:
        v = m.get(field)
        if v is None:
            continue
        if members:  # a set of choices: `has` holds for each choice in it
            for x in v:  # type: ignore[union-attr]
                if x in index:
                    hit.update(index[x])
        elif v in index:
            hit.update(index[v])
    for i, holds in others:
        for h in holds:
            if not h(m):
                break
        else:
            hit.add(i)
    fired = [rows[i] for i in sorted(hit)]
    a = sum(1 for i in hit if i < n_findings)
    b = a + sum(1 for i in hit if n_findings <= i < n_findings + n_flags)
    return fired[:a], fired[a:b], fired[b:]


# Per rules table, what no answer changes, rule by rule in file order: its conditions' checks,
# the fields "Why?" shows, the self-tests whose norm rows judge it, and its evidence. Rules
# data, the same for every runner (start-up work, it outlives `clear_caches`): keyed by
# id(rules) with the Rules kept and checked with `is` (a reloaded rules file is a new object).
# The evidence models are shared, never changed.
_Row = tuple[
    Any,
    tuple[Callable[[Mapping[str, Value]], bool], ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[Evidence, ...],
]
# All rows in file order (findings, red flags, cautions); for the one-condition rules whose
# condition a value names, per field: (set-valued, value -> row numbers); the other rules'
# row numbers and checks; the number of findings and of red flags.
_Table = tuple[
    list[_Row],
    list[tuple[str, bool, dict[Any, list[int]]]],
    list[tuple[int, tuple[Callable[[Mapping[str, Value]], bool], ...]]],
    int,
    int,
]
_TABLES: dict[int, tuple[Rules, _Table]] = {}


def _table(rules: Rules) -> _Table:
    hit = _TABLES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    sources = rules.sources

    def row(rule: Rule) -> _Row:
        fields = [c.field for c in rule.conditions]
        evidence = tuple(
            Evidence(id=s, citation=sources[s].citation, grade=sources[s].grade)
            for s in rule.sources
        )
        tests = tuple(t for t in map(norm_test_of, fields) if t)
        holds = tuple(c.holds for c in rule.conditions)
        return rule, holds, shown_fields(fields), tests, evidence

    rows = [row(r) for r in (*rules.findings, *rules.red_flags, *rules.cautions)]
    by_field: dict[str, tuple[bool, dict[Any, list[int]]]] = {}
    others = []
    for i, (rule, holds, *_) in enumerate(rows):
        c = rule.conditions[0] if len(rule.conditions) == 1 else None
        if c is not None and c.op in ("eq", "in", "has"):
            members, index = by_field.setdefault(c.field, (c.op == "has", {}))
            wants = c.value if c.op == "in" else (c.value,)
            for want in wants:
                index.setdefault(want, []).append(i)
        else:
            others.append((i, holds))
    table = (
        rows,
        [(f, members, index) for f, (members, index) in by_field.items()],
        others,
        len(rules.findings),
        len(rules.red_flags),
    )
    if len(_TABLES) >= 8:
        _TABLES.clear()
    _TABLES[id(rules)] = (rules, table)
    return table


# Each norm row's figures in words, by id with the row kept and checked with `is` (rules data).
_FIGURES: dict[int, tuple[Norm, str]] = {}


def _figures(norm: Norm) -> str:
    hit = _FIGURES.get(id(norm))
    if hit is None or hit[0] is not norm:
        if len(_FIGURES) >= 4096:
            _FIGURES.clear()
        hit = _FIGURES[id(norm)] = (norm, norm.figures())
    return hit[1]


def _norm_text(tests: tuple[str, ...], used: Mapping[str, Norm | None]) -> str:
    """The figures of the norm rows the rule's conditions were judged by."""
    if not tests:
        return ""
    texts: list[str] = []
    for test in tests:
        norm = used.get(test)
        if norm is not None:
            text = _figures(norm)
            if text not in texts:
                texts.append(text)
    return " | ".join(texts)


def _areas(names: tuple[str, ...], m: Mapping[str, Value]) -> list[str]:
    out: list[str] = []
    for name in names:
        taken = m.get(name) if name in AREA_FIELDS else frozenset([name])
        assert isinstance(taken, frozenset)
        for area in sorted(taken):
            if area not in out:
                out.append(area)
    return out
