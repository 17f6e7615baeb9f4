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
from .findings import Caution, Evidence, Findings, FiredRule, FocusScore, RedFlag
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

    fired: dict[FocusArea, list[FiredRule]] = {area: [] for area in FocusArea}
    for rule in rules.findings:
        if rule.fires(m):
            fired[rule.focus].append(
                FiredRule(
                    rule_id=rule.id,
                    message=rule.message,
                    points=rule.points,
                    values=_values(rule, m),
                    sources=_evidence(rule, rules),
                    norm=_norm_text(rule, used),
                )
            )
    focus = [
        FocusScore(area=area, score=score_of_points(sum(r.points for r in rs)), rules=rs)
        for area, rs in fired.items()
    ]
    focus.sort(key=lambda f: (-f.score, _ORDER[f.area]))

    red_flags = [
        RedFlag(
            rule_id=rule.id,
            message=f"{rule.message} Please see {rule.see} before starting a strength plan.",
            see=rule.see,
            values=_values(rule, m),
            sources=_evidence(rule, rules),
        )
        for rule in rules.red_flags
        if rule.fires(m)
    ]
    cautions = [
        Caution(
            rule_id=rule.id,
            message=rule.message,
            areas=_areas(rule.areas, m),
            slow=list(rule.slow),
            effects=list(rule.effects),
            values=_values(rule, m),
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


# Per rule, what no answer changes: the fields "Why?" shows and the self-tests whose norm rows
# judge it. Safe: keyed by id(rule) with the rule kept and checked with `is` (rules are frozen;
# a reloaded rules file makes new ones).
_FIXED: dict[int, tuple[Rule, tuple[str, ...], tuple[str, ...]]] = {}


def _fixed(rule: Rule) -> tuple[Rule, tuple[str, ...], tuple[str, ...]]:
    hit = _FIXED.get(id(rule))
    if hit is None or hit[0] is not rule:
        fields = [c.field for c in rule.conditions]
        tests = tuple(t for t in map(norm_test_of, fields) if t)
        if len(_FIXED) >= 4096:
            _FIXED.clear()
        hit = _FIXED[id(rule)] = (rule, shown_fields(fields), tests)
    return hit


def _values(rule: Rule, m: Mapping[str, Value]) -> dict[str, str]:
    return {n: format_value(m.get(n)) for n in _fixed(rule)[1]}


def _norm_text(rule: Rule, used: Mapping[str, Norm | None]) -> str:
    """The figures of the norm rows the rule's conditions were judged by."""
    texts = []
    for test in _fixed(rule)[2]:
        norm = used.get(test)
        if norm is not None:
            text = norm.figures()
            if text not in texts:
                texts.append(text)
    return " | ".join(texts)


def _evidence(rule: Rule, rules: Rules) -> list[Evidence]:
    return [
        Evidence(id=s, citation=rules.sources[s].citation, grade=rules.sources[s].grade)
        for s in rule.sources
    ]


def _areas(names: tuple[str, ...], m: Mapping[str, Value]) -> list[str]:
    out: list[str] = []
    for name in names:
        taken = m.get(name) if name in AREA_FIELDS else frozenset([name])
        assert isinstance(taken, frozenset)
        for area in sorted(taken):
            if area not in out:
                out.append(area)
    return out
