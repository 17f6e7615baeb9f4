"""Scoring: an assessment against the rules tables gives the findings.

A focus area's score is the sum of the points of the findings rules that fired for it, limited
to 0-100 (see rules/README.md). Scoring needs a complete assessment: for a draft, `score`
raises `IncompleteAssessment`, whose `missing` lists what is still needed, so callers can name
it to the runner instead of scoring half an answer sheet.
"""

from __future__ import annotations

from collections.abc import Mapping

from .completeness import Missing, missing
from .derived import (
    AREA_FIELDS,
    Norm,
    Value,
    format_value,
    measures,
    norm_test_of,
    norms_used,
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
    return score_measures(a, rules or load_rules())


def score_measures(a: Assessment, rules: Rules) -> Findings:
    """Score without the completeness check (tests and tools that score partial answers)."""
    m = measures(a, rules.norms)
    used = norms_used(a, rules.norms)

    # The results are built with `trusted`: every value is rules data or made from checked answers.
    fired: dict[FocusArea, list[FiredRule]] = {area: [] for area in FocusArea}
    for rule in rules.findings:
        if rule.fires(m):
            fired[rule.focus].append(
                trusted(
                    FiredRule,
                    rule_id=rule.id,
                    message=rule.message,
                    points=float(rule.points),
                    values=_values(rule, rules, m),
                    sources=_evidence(rule, rules),
                    norm=_norm_text(rule, rules, used),
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
            values=_values(rule, rules, m),
            sources=_evidence(rule, rules),
        )
        for rule in rules.red_flags
        if rule.fires(m)
    ]
    cautions = [
        trusted(
            Caution,
            rule_id=rule.id,
            message=rule.message,
            areas=_areas(rule.areas, m),
            slow=list(rule.slow),
            effects=list(rule.effects),
            values=_values(rule, rules, m),
            sources=_evidence(rule, rules),
        )
        for rule in rules.cautions
        if rule.fires(m)
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


# Per rule, what no answer changes: the fields "Why?" shows, the self-tests whose norm rows
# judge it, and its evidence. Safe: keyed by id(rule) with the rule and the rules' sources kept
# and checked with `is` (rules are frozen; a reloaded rules file makes new ones). The evidence
# is rules data, the same for every runner: its models are built once and never changed.
_Fixed = tuple[Rule, tuple[str, ...], tuple[str, ...], object, tuple[Evidence, ...]]
_FIXED: dict[int, _Fixed] = {}


def _fixed(rule: Rule, rules: Rules) -> _Fixed:
    hit = _FIXED.get(id(rule))
    if hit is None or hit[0] is not rule or hit[3] is not rules.sources:
        fields = [c.field for c in rule.conditions]
        tests = tuple(t for t in map(norm_test_of, fields) if t)
        sources = rules.sources
        evidence = tuple(
            Evidence(id=s, citation=sources[s].citation, grade=sources[s].grade)
            for s in rule.sources
        )
        if len(_FIXED) >= 4096:
            _FIXED.clear()
        hit = _FIXED[id(rule)] = (rule, shown_fields(fields), tests, sources, evidence)
    return hit


# Each norm row's figures in words, by id with the row kept and checked with `is` (rules data).
_FIGURES: dict[int, tuple[Norm, str]] = {}


def _figures(norm: Norm) -> str:
    hit = _FIGURES.get(id(norm))
    if hit is None or hit[0] is not norm:
        if len(_FIGURES) >= 4096:
            _FIGURES.clear()
        hit = _FIGURES[id(norm)] = (norm, norm.figures())
    return hit[1]


def _values(rule: Rule, rules: Rules, m: Mapping[str, Value]) -> dict[str, str]:
    return {n: format_value(m.get(n)) for n in _fixed(rule, rules)[1]}


def _norm_text(rule: Rule, rules: Rules, used: Mapping[str, Norm | None]) -> str:
    """The figures of the norm rows the rule's conditions were judged by."""
    texts: list[str] = []
    for test in _fixed(rule, rules)[2]:
        norm = used.get(test)
        if norm is not None:
            text = _figures(norm)
            if text not in texts:
                texts.append(text)
    return " | ".join(texts)


def _evidence(rule: Rule, rules: Rules) -> list[Evidence]:
    return list(_fixed(rule, rules)[4])


def _areas(names: tuple[str, ...], m: Mapping[str, Value]) -> list[str]:
    out: list[str] = []
    for name in names:
        taken = m.get(name) if name in AREA_FIELDS else frozenset([name])
        assert isinstance(taken, frozenset)
        for area in sorted(taken):
            if area not in out:
                out.append(area)
    return out
