"""The result of scoring an assessment: what scoring hands to the results screen and the planner."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, Field

from .focus import FocusArea

_M = TypeVar("_M", bound=BaseModel)
_new = object.__new__
_slot = BaseModel.__dict__  # pydantic's own slots beside __dict__
_set_fields_set = _slot["__pydantic_fields_set__"].__set__
_set_extra = _slot["__pydantic_extra__"].__set__
_set_private = _slot["__pydantic_private__"].__set__


def trusted(cls: type[_M], **values: Any) -> _M:
    """`cls(**values)` without validating again, for values scoring made itself from checked
    answers and rules data, every field given (in field order): the instance validation would
    give. Scoring builds some thirty results per runner, and validating them was a third of
    its time; tests check each against the validated one."""
    obj = _new(cls)
    obj.__dict__.update(values)
    _set_fields_set(obj, set(values))
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


# Said on every screen and report that gives guidance (results, plan, compare, the CLI).
NOT_A_DIAGNOSIS = (
    "This is training guidance from a questionnaire, not a diagnosis. "
    "A physiotherapist or doctor can assess you in person."
)


class Evidence(BaseModel):
    """A source a rule cites, with its grade (S, M, W, C or heuristic)."""

    id: str
    citation: str
    grade: str


class FiredRule(BaseModel):
    """One rule that matched: which rule, on which answers, and why it matters."""

    rule_id: str
    message: str
    points: float = 0
    values: dict[str, str] = Field(default_factory=dict)  # answer path -> value shown to user
    sources: list[Evidence] = Field(default_factory=list)
    norm: str = ""  # the norm row's figures, when the rule depends on one (shown in "Why?")


class FocusScore(BaseModel):
    area: FocusArea
    score: int = Field(ge=0, le=100)
    rules: list[FiredRule] = Field(default_factory=list)


class RedFlag(BaseModel):
    rule_id: str
    message: str  # what was flagged and who to see
    see: str = ""  # who to see, on its own (also part of the message)
    values: dict[str, str] = Field(default_factory=dict)
    sources: list[Evidence] = Field(default_factory=list)


# What a caution asks of the plan beyond less load and slower progression (rules/cautions.csv,
# column `effects`). The planner reads them; the words are shown beside the caution.
CAUTION_EFFECTS = {
    "competency_first": "start with the technique (competency) block, whatever the experience",
    "supervised_lifting": "learn the lifts with a coach or physiotherapist",
    "no_spinal_flexion": "leave out exercises that load the spine while it bends",
    "grade_impact": "build jumps and impact up gradually",
    "no_impact_until_tests": "no jumps or running impact until the return-to-running tests pass",
    "no_impact": "no jumps or running impact while the symptoms last",
}


class Caution(BaseModel):
    """Does not stop the plan but changes it: `areas` get reduced load (see the planner)."""

    rule_id: str
    message: str
    areas: list[str] = Field(default_factory=list)  # model.BodyArea values affected
    slow: list[FocusArea] = Field(default_factory=list)  # focus areas to progress more slowly
    effects: list[str] = Field(default_factory=list)  # keys of CAUTION_EFFECTS
    values: dict[str, str] = Field(default_factory=dict)
    sources: list[Evidence] = Field(default_factory=list)


class Findings(BaseModel):
    focus: list[FocusScore]  # ranked, highest score first; every FocusArea appears once
    red_flags: list[RedFlag] = Field(default_factory=list)
    cautions: list[Caution] = Field(default_factory=list)
    cleared: bool = False  # a professional's clearance is recorded
    clearance_note: str = ""  # shown on the plan when red flags were cleared
    weights_note: str = (
        "The points behind these scores are our own rule-of-thumb weights: no validated system "
        "combines home self-tests into one priority score."
    )

    @property
    def plan_allowed(self) -> bool:
        """Red flags gate the plan until a professional's clearance is recorded."""
        return not self.red_flags or self.cleared

    def score_of(self, area: FocusArea) -> int:
        return next(f.score for f in self.focus if f.area is area)
