"""The runner's answers resolved once per plan into what choosing exercises reads.

Kept apart from the exercise choice so the template memo's key (`template_inputs`) sits next
to every input it must cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..derived import NUMERIC_SIDED, Norm, asymmetric, norms_judging, norms_used
from ..derived import _postpartum_tests_passed as postpartum_tests_passed
from ..findings import Findings
from ..focus import FocusArea
from ..model import Aim, Assessment, BodyArea, Equipment, Health, StrengthExperience
from ..rules import load_rules
from .coverage import top_areas
from .library import ExerciseRow, Library, per_library
from .plan_model import Clamp, PlanOptions

INJURY_RECENT_MONTHS = 12  # heuristic: an injury this recent makes an exercise contraindicated
EMPHASIS_BY_AIM = {Aim.performance: 0.2, Aim.both: 0.5, Aim.injury_resilience: 0.8}
# +1: performance areas, -1: injury-resilience areas (emphasis moves their rank).
_EMPHASIS_SIGN = {
    FocusArea.power: 1,
    FocusArea.quadriceps: 1,
    FocusArea.posterior_chain: 1,
    FocusArea.bone: 0,
    FocusArea.hip: -1,
    FocusArea.calf_foot: -1,
    FocusArea.trunk: -1,
    FocusArea.balance_ankle: -1,
}
LEVEL_BY_EXPERIENCE = {
    StrengthExperience.none: 1,
    StrengthExperience.under_6_months: 1,
    StrengthExperience.months_6_to_24: 2,
    StrengthExperience.over_2_years: 3,
}


@dataclass
class _Ctx:
    lib: Library
    assessment: Assessment
    findings: Findings
    experience: StrengthExperience
    level: int
    equipment: Equipment
    minutes: int
    emphasis: float
    plyometrics: bool
    ranked: list[tuple[FocusArea, int]]
    rule_of: dict[FocusArea, tuple[str, list[str]]]
    caution_of: dict[BodyArea, str]  # area -> why its load is reduced
    no_load: frozenset[BodyArea]
    recent_injuries: frozenset[str]
    covered: dict[FocusArea, str]  # area -> substitute activity that covers it
    plyo_blocked: str = ""  # why jumps are out, when they are
    top: tuple[FocusArea, ...] = ()  # the top three scored areas that need direct work
    reentry: bool = False  # an experienced lifter doing no strength now: the re-entry block
    high_volume: bool = False  # weekly running at or above plan_settings' high_volume_km
    weaker: dict[FocusArea, str] = field(default_factory=dict)  # area -> "left leg" etc.
    # The cautions' effects on jumps and progression (rules/cautions.csv `impact`, `slow`):
    impact: str = ""  # "blocked" (no jumps), "graded" (the impact ramp) or ""
    impact_why: str = ""  # the caution ids behind `impact`, for the notes
    slow: dict[FocusArea, str] = field(default_factory=dict)  # area -> caution id (not power)
    pain_monitor: dict[BodyArea, str] = field(default_factory=dict)  # pain that settles
    # Bone-health cautions (rules/cautions.csv `effects`): the caution ids behind each, or "".
    competency_first: str = ""  # the technique block first, whatever the experience
    no_spinal_flexion: str = ""  # exercises marked spinal_flexion are left out
    allowed_memo: dict[tuple[str, int], bool] = field(default_factory=dict)
    by_area: dict[FocusArea, list[ExerciseRow]] = field(default_factory=dict)
    rank_of: dict[FocusArea, tuple[int, int]] = field(default_factory=dict)  # (rank, score)
    # Everything above that build_session reads, apart from the minutes (see _TemplateMemo):
    # the key of the session templates memo. A new input read by build_session goes in here.
    template_inputs: tuple[Any, ...] = ()


def _ranked_focus(findings: Findings, emphasis: float) -> list[tuple[FocusArea, int]]:
    shift = (0.5 - emphasis) * 40  # heuristic: up to 20 points either way
    scored = [(f.area, f.score, f.score + shift * _EMPHASIS_SIGN[f.area]) for f in findings.focus]
    order = {a: i for i, a in enumerate(f.area for f in findings.focus)}
    scored.sort(key=lambda t: (-t[2], order[t[0]]))
    return [(a, s) for a, s, _ in scored]


def weaker_sides(a: Assessment, norms: Iterable[Norm]) -> dict[FocusArea, str]:
    """Areas whose self-test sides differ past the norm's threshold, and the weaker side."""
    # The rows scoring judged the tests by (`norm_for` per test, by sex, age band and age),
    # kept per rules and runner: scoring has just chosen them for this runner.
    used = norms_used(a, norms)
    out: dict[FocusArea, str] = {}
    for test in NUMERIC_SIDED:
        result = getattr(a.self_tests, test)
        norm = used[test]
        left, right = result.left, result.right
        if norm is None or norm.focus is None or left is None or right is None:
            continue
        # `asymmetric` alone: the test's other measures are not needed here
        if left != right and asymmetric(left, right, norm) is True:
            out.setdefault(norm.focus, "left" if left < right else "right")
    return out


def _context(
    a: Assessment,
    findings: Findings,
    lib: Library,
    opts: PlanOptions,
    clamps: list[Clamp],
    norms: Iterable[Norm] | None = None,
) -> _Ctx:
    g, h = a.goals, a.health
    experience = a.history.strength_experience or StrengthExperience.none
    equipment = opts.equipment or g.equipment or Equipment.none
    minutes = opts.minutes if opts.minutes is not None else (g.minutes_per_session or 45)
    if not 10 <= minutes <= 180:
        used = min(max(minutes, 10), 180)
        clamps.append(
            Clamp(
                "minutes",
                str(minutes),
                str(used),
                "A session needs 10 to 180 minutes: less cannot hold a warm-up and one "
                "exercise, more is not a strength session for a runner.",
                "heuristic",
            )
        )
        minutes = used
    emphasis = opts.emphasis
    if emphasis is None:
        emphasis = EMPHASIS_BY_AIM.get(g.aim or Aim.both, 0.5)
    rule_of = _top_rules(findings)
    caution_of = _cautions(findings, h)
    recent = frozenset(
        i.type.value
        for i in h.injuries
        if i.months_since is None or i.months_since <= INJURY_RECENT_MONTHS
    )
    covered: dict[FocusArea, str] = {}
    by_area, activities = _by_area(lib)
    subs = [e for e in activities if e.activity in a.history.other_activities]
    for ex in subs:
        for area in ex.focus:
            covered.setdefault(area, ex.name)
    plyo_blocked = ""
    if not opts.plyometrics:
        plyo_blocked = "plyometrics are switched off for this variant"
    ranked = _ranked_focus(findings, emphasis)
    no_load = frozenset(h.do_not_load)
    top = tuple(top_areas(ranked, covered))
    reentry = a.history.strength_sessions_per_week == 0 and experience in (
        StrengthExperience.months_6_to_24,
        StrengthExperience.over_2_years,
    )
    km = a.history.weekly_km
    high_volume = km is not None and km >= lib.settings["high_volume_km"]
    if norms is None:  # the rows scoring judged these findings by, or the rules in use
        norms = norms_judging(findings)
    weaker = weaker_sides(a, norms if norms is not None else load_rules().norms)
    impact, impact_why, slow = _impact_and_slow(findings, postpartum_tests_passed(a))
    pain_monitor = _pain_monitor(findings, h, caution_of)
    competency_first = _with_effect(findings, "competency_first")
    no_spinal_flexion = _with_effect(findings, "no_spinal_flexion")
    template_inputs = (
        competency_first,
        no_spinal_flexion,
        impact,
        impact_why,
        tuple(pain_monitor.items()),
        tuple(weaker.items()),
        top,
        reentry,
        high_volume,
        lib,
        experience,
        LEVEL_BY_EXPERIENCE[experience],
        equipment,
        emphasis,
        opts.plyometrics,
        tuple(ranked),
        frozenset(covered),
        tuple(caution_of.items()),
        no_load,
        recent,
        tuple((area, rid, tuple(src)) for area, (rid, src) in rule_of.items()),
    )
    return _Ctx(
        template_inputs=template_inputs,
        by_area=by_area,
        rank_of={fa: (i, sc) for i, (fa, sc) in enumerate(ranked, start=1)},
        lib=lib,
        assessment=a,
        findings=findings,
        experience=experience,
        level=LEVEL_BY_EXPERIENCE[experience],
        equipment=equipment,
        minutes=minutes,
        emphasis=emphasis,
        plyometrics=opts.plyometrics,
        ranked=ranked,
        rule_of=rule_of,
        caution_of=caution_of,
        no_load=no_load,
        recent_injuries=recent,
        covered=covered,
        plyo_blocked=plyo_blocked,
        top=top,
        reentry=reentry,
        high_volume=high_volume,
        weaker=weaker,
        impact=impact,
        impact_why=impact_why,
        slow=slow,
        pain_monitor=pain_monitor,
        competency_first=competency_first,
        no_spinal_flexion=no_spinal_flexion,
    )


@per_library
def _by_area(lib: Library) -> tuple[dict[FocusArea, list[ExerciseRow]], list[ExerciseRow]]:
    """The library's exercises by focus area (in library order), and its substitute activities
    (read only)."""
    by_area: dict[FocusArea, list[ExerciseRow]] = {a: [] for a in FocusArea}
    for ex in lib.exercises.values():
        for fa in ex.focus:
            by_area[fa].append(ex)
    return by_area, [e for e in lib.exercises.values() if e.activity is not None]


def _with_effect(findings: Findings, effect: str) -> str:
    """The ids of the cautions that carry `effect` (rules/cautions.csv `effects`), or ""."""
    return ", ".join(c.rule_id for c in findings.cautions if effect in c.effects)


def _top_rules(findings: Findings) -> dict[FocusArea, tuple[str, list[str]]]:
    """Each focus area's strongest rule and its sources: what a prescription cites."""
    rule_of: dict[FocusArea, tuple[str, list[str]]] = {}
    for f in findings.focus:
        if f.rules:
            top = max(f.rules, key=lambda r: r.points)
            rule_of[f.area] = (top.rule_id, [e.id for e in top.sources])
    return rule_of


def _cautions(findings: Findings, h: Health) -> dict[BodyArea, str]:
    """Why each body area gets less load: the findings' cautions first, then current pain."""
    caution_of: dict[BodyArea, str] = {}
    for c in findings.cautions:
        for area in c.areas:
            try:
                caution_of.setdefault(BodyArea(area), f"{c.message} ({c.rule_id})")
            except ValueError:
                continue
    # Pain up to 5/10 is the cautions table's (settles or not); above that, or when the
    # runner did not say whether it settles, the painful areas get less load here.
    unknown = h.pain_settles_by_morning is None
    if h.current_pain and (h.current_pain > PAIN_SETTLES_MAX or unknown):
        for area in h.pain_areas:
            caution_of.setdefault(
                area,
                f"you have pain ({h.current_pain}/10) in the {area.value.replace('_', ' ')} "
                "when you run (silbernagel2007)",
            )
    return caution_of


PAIN_SETTLES_MAX = 5  # silbernagel2007: pain up to 5/10 that settles by the next morning


def _settles(h: Health) -> bool:
    """Pain of at most 5/10 that is gone by the next morning: loading goes on (silbernagel2007)."""
    return (
        h.current_pain is not None
        and 0 < h.current_pain <= PAIN_SETTLES_MAX
        and h.pain_settles_by_morning is True
    )


def _pain_monitor(
    findings: Findings, h: Health, caution_of: dict[BodyArea, str]
) -> dict[BodyArea, str]:
    """Painful areas that keep their load, each with the pain-monitoring rule to follow."""
    if not _settles(h):
        return {}
    rule = next((c.rule_id for c in findings.cautions if c.rule_id == "caution_pain_settles"), "")
    why = (
        f"pain monitoring: pain up to {PAIN_SETTLES_MAX}/10 during and after is fine if it has "
        "settled by the next morning; if it lasts into the next day, do less next time "
        f"({rule or 'silbernagel2007'})"
    )
    return {area: why for area in h.pain_areas if area not in caution_of}


def _impact_and_slow(
    findings: Findings, tests_passed: bool | None
) -> tuple[str, str, dict[FocusArea, str]]:
    """The strictest impact effect of the cautions (rules/cautions.csv `effects`, or `slow:
    power` alone = the ramp), their ids, and the areas slowed otherwise.

    `no_impact_until_tests` blocks jumps until the postpartum tests all pass, then the ramp.
    """
    blocked: list[str] = []
    graded: list[str] = []
    for c in findings.cautions:
        if "no_impact" in c.effects or (
            "no_impact_until_tests" in c.effects and tests_passed is not True
        ):
            blocked.append(c.rule_id)
        elif (
            "grade_impact" in c.effects
            or "no_impact_until_tests" in c.effects
            or FocusArea.power in c.slow
        ):
            graded.append(c.rule_id)
    impact, ids = ("blocked", blocked) if blocked else (("graded", graded) if graded else ("", []))
    slow: dict[FocusArea, str] = {}
    for c in findings.cautions:
        for area in c.slow:
            if area is not FocusArea.power:
                slow.setdefault(area, c.rule_id)
    return impact, ", ".join(ids), slow
