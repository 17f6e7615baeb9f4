"""The rules tables in `rules/`: loading, validation and the condition vocabulary.

A condition is three cells - field, operator, value - checked against `derived.FIELDS` when the
file loads, and tested with plain comparisons: never evaluated as code. Every problem is reported
as `file:row:column: what is wrong`. `load_rules()` gives the tables in use, read again only
when a file changes; `load_rules_from(directory)` reads any other directory (tests, a coach's
own copy).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .derived import AREA_FIELDS, FIELDS, RENAMED_FIELDS, Kind, Norm, Value
from .findings import CAUTION_EFFECTS
from .focus import FocusArea
from .model import BodyArea
from .tables import RULES_DIR, RulesError, load_table, paths_in, problem, stamped, unique

MAX_CONDITIONS = 3
GRADE = re.compile(r"^(heuristic|[SMWC](/[SMWC])*)$")
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")

# Operator -> the field kinds it applies to. Values for in / not_in / has_any / has_none are
# several choices separated by `|`; empty and not_empty take no value.
OPERATORS: dict[str, tuple[Kind, ...]] = {
    "eq": (Kind.number, Kind.yes_no, Kind.choice),
    "ne": (Kind.number, Kind.yes_no, Kind.choice),
    "lt": (Kind.number,),
    "le": (Kind.number,),
    "gt": (Kind.number,),
    "ge": (Kind.number,),
    "in": (Kind.choice,),
    "not_in": (Kind.choice,),
    "has": (Kind.set,),
    "has_any": (Kind.set,),
    "has_none": (Kind.set,),
    "empty": (Kind.set,),
    "not_empty": (Kind.set,),
}
NO_VALUE = {"empty", "not_empty"}
LIST_VALUE = {"in", "not_in", "has_any", "has_none"}
YES = {"true", "yes", "y", "1"}
NO = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: float | bool | str | frozenset[str] | None

    def holds(self, m: Mapping[str, Value]) -> bool:
        """Whether the condition holds; never when the answer is missing or skipped."""
        v = m.get(self.field)
        if v is None:
            return False
        op, want = self.op, self.value
        if op == "eq":
            return v == want
        if op == "ne":
            return v != want
        if op in ("lt", "le", "gt", "ge"):
            x, y = float(v), float(want)  # type: ignore[arg-type]
            if op == "lt":
                return x < y
            if op == "le":
                return x <= y
            return x > y if op == "gt" else x >= y
        if op == "in":
            return v in want  # type: ignore[operator]
        if op == "not_in":
            return v not in want  # type: ignore[operator]
        assert isinstance(v, frozenset)
        if op == "has":
            return want in v
        if op == "has_any":
            return bool(v & want)  # type: ignore[operator]
        if op == "has_none":
            return not v & want  # type: ignore[operator]
        if op == "empty":
            return not v
        return bool(v)  # not_empty

    def __str__(self) -> str:
        value = "|".join(sorted(self.value)) if isinstance(self.value, frozenset) else self.value
        return f"{self.field} {self.op} {value if value is not None else ''}".strip()


def parse_condition(field: str, op: str, raw: str) -> tuple[Condition | None, str, str]:
    """(condition, column, problem): the problem names the column (field, op or value)."""
    spec = FIELDS.get(field)
    if spec is None and field in RENAMED_FIELDS:
        return None, "field", f"field {field!r} was renamed: use {RENAMED_FIELDS[field]}"
    if spec is None:
        return None, "field", f"unknown field {field!r} (see the field list in rules/README.md)"
    if op not in OPERATORS:
        return None, "op", f"unknown operator {op!r}; use one of: {', '.join(OPERATORS)}"
    if spec.kind not in OPERATORS[op]:
        kinds = ", ".join(k.value for k in OPERATORS[op])
        return None, "op", f"operator {op!r} works on {kinds} fields; {field} is {spec.kind.value}"
    if op in NO_VALUE:
        if raw:
            return None, "value", f"operator {op!r} takes no value"
        return Condition(field, op, None), "", ""
    if not raw:
        return None, "value", "a value is needed"
    if spec.kind is Kind.number:
        try:
            number = float(raw)
        except ValueError:
            return None, "value", f"{field} is a number; {raw!r} is not a number"
        return Condition(field, op, number), "", ""
    if spec.kind is Kind.yes_no:
        low = raw.lower()
        if low not in YES | NO:
            return None, "value", f"{field} is yes/no; write true or false, not {raw!r}"
        return Condition(field, op, low in YES), "", ""
    parts = [p.strip() for p in raw.split("|")] if op in LIST_VALUE else [raw]
    bad = [p for p in parts if p not in spec.choices]
    if bad:
        return (
            None,
            "value",
            f"{bad[0]!r} is not a value of {field}; use one of: {', '.join(spec.choices)}",
        )
    value: str | frozenset[str] = frozenset(parts) if op in LIST_VALUE else parts[0]
    return Condition(field, op, value), "", ""


# --- the row models (one per file) -------------------------------------------------------


class _Row(BaseModel):
    """Columns shared by the rule files: an id, up to three conditions, a source."""

    model_config = ConfigDict(extra="forbid")

    id: str
    field1: str
    op1: str
    value1: str = ""
    field2: str = ""
    op2: str = ""
    value2: str = ""
    field3: str = ""
    op3: str = ""
    value3: str = ""
    message: str = Field(min_length=1)
    source: str

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not RULE_ID.match(v):
            raise ValueError("rule id: lower-case letters, digits and _ only")
        return v

    def raw_conditions(self) -> list[tuple[int, str, str, str]]:
        out = []
        for i in range(1, MAX_CONDITIONS + 1):
            f, o, v = (getattr(self, f"{c}{i}") for c in ("field", "op", "value"))
            if f or o or v:
                out.append((i, f, o, v))
        return out


def _focus(v: str) -> FocusArea:
    try:
        return FocusArea(v)
    except ValueError:
        raise ValueError(f"unknown focus area {v!r}; use one of: {', '.join(FocusArea)}") from None


class FindingRow(_Row):
    focus: str
    points: float = Field(ge=-100, le=100)

    @field_validator("focus")
    @classmethod
    def _known_focus(cls, v: str) -> str:
        return _focus(v).value


class RedFlagRow(_Row):
    see: str = Field(min_length=1)  # who to see


class CautionRow(_Row):
    areas: str = ""  # body areas and/or pain_areas / do_not_load, `;`-separated
    slow: str = ""  # focus areas whose progression is slowed, `;`-separated
    effects: str = ""  # keys of findings.CAUTION_EFFECTS, `;`-separated

    @field_validator("effects")
    @classmethod
    def _known_effects(cls, v: str) -> str:
        for part in _split(v):
            if part not in CAUTION_EFFECTS:
                raise ValueError(
                    f"unknown effect {part!r}; use one of: {', '.join(CAUTION_EFFECTS)}"
                )
        return v

    @field_validator("areas")
    @classmethod
    def _known_areas(cls, v: str) -> str:
        allowed = {a.value for a in BodyArea} | set(AREA_FIELDS)
        for part in _split(v):
            if part not in allowed:
                raise ValueError(
                    f"unknown body area {part!r}; use one of: {', '.join(sorted(allowed))}"
                )
        return v

    @field_validator("slow")
    @classmethod
    def _known_slow(cls, v: str) -> str:
        for part in _split(v):
            _focus(part)
        return v


class SourceRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    grade: str
    citation: str = Field(min_length=1)
    summary: str = ""

    @field_validator("grade")
    @classmethod
    def _grade(cls, v: str) -> str:
        if not GRADE.match(v):
            raise ValueError(f"grade {v!r}: use S, M, W, C (or e.g. S/M) or heuristic")
        return v


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


# --- the loaded rules --------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    conditions: tuple[Condition, ...]
    message: str
    sources: tuple[str, ...]
    file: str
    row: int

    def fires(self, m: Mapping[str, Value]) -> bool:
        for c in self.conditions:  # a loop, not all(): scoring asks every rule of every table
            if not c.holds(m):
                return False
        return True


@dataclass(frozen=True)
class FindingRule(Rule):
    focus: FocusArea
    points: float


@dataclass(frozen=True)
class RedFlagRule(Rule):
    see: str


@dataclass(frozen=True)
class CautionRule(Rule):
    areas: tuple[str, ...]  # BodyArea values, or names of AREA_FIELDS to take from the answers
    slow: tuple[FocusArea, ...]
    effects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    sources: dict[str, SourceRow]
    findings: tuple[FindingRule, ...]
    red_flags: tuple[RedFlagRule, ...]
    cautions: tuple[CautionRule, ...]
    norms: tuple[Norm, ...]


FILES = {
    "sources": "sources.csv",
    "findings": "findings.csv",
    "red_flags": "red_flags.csv",
    "cautions": "cautions.csv",
    "norms": "norms.csv",
}


def _sources_of(path: Path, line: int, cell: str, known: Mapping[str, Any]) -> list[str]:
    ids = _split(cell)
    if not ids:
        raise RulesError([problem(path, line, "source", "cite a source id or `heuristic`")])
    bad = [i for i in ids if i not in known]
    if bad:
        raise RulesError(
            [problem(path, line, "source", f"unknown source id {bad[0]!r} (not in sources.csv)")]
        )
    return ids


def _build(
    path: Path, rows: list[tuple[int, Any]], sources: Mapping[str, Any], make: Any
) -> list[Any]:
    """Parse conditions and sources of every row; collect all problems of the file."""
    problems: list[str] = []
    out = []
    unique(path, [(line, r.id) for line, r in rows], "id")
    for line, r in rows:
        conds: list[Condition] = []
        for i, f, o, v in r.raw_conditions():
            if not f or not o:
                col = f"field{i}" if not f else f"op{i}"
                problems.append(problem(path, line, col, "condition needs a field and an operator"))
                continue
            cond, col, msg = parse_condition(f, o, v)
            if cond is None:
                problems.append(problem(path, line, f"{col}{i}", msg))
            else:
                conds.append(cond)
        try:
            ids = _sources_of(path, line, r.source, sources)
        except RulesError as exc:
            problems += exc.problems
            continue
        out.append(
            make(
                r,
                id=r.id,
                conditions=tuple(conds),
                message=r.message,
                sources=tuple(ids),
                file=path.name,
                row=line,
            )
        )
    if problems:
        raise RulesError(problems)
    return out


def load_rules_from(directory: Path | str) -> Rules:
    """Read and validate every rules file in `directory`; raises RulesError."""
    d = Path(directory)
    src_path = d / FILES["sources"]
    source_rows = load_table(src_path, SourceRow)
    unique(src_path, [(line, r.id) for line, r in source_rows], "id")
    sources = {r.id: r for _, r in source_rows}

    findings = _build(
        d / FILES["findings"],
        load_table(d / FILES["findings"], FindingRow),
        sources,
        lambda r, **kw: FindingRule(focus=FocusArea(r.focus), points=r.points, **kw),
    )
    red_flags = _build(
        d / FILES["red_flags"],
        load_table(d / FILES["red_flags"], RedFlagRow),
        sources,
        lambda r, **kw: RedFlagRule(see=r.see, **kw),
    )
    cautions = _build(
        d / FILES["cautions"],
        load_table(d / FILES["cautions"], CautionRow),
        sources,
        lambda r, **kw: CautionRule(
            areas=tuple(_split(r.areas)),
            slow=tuple(FocusArea(s) for s in _split(r.slow)),
            effects=tuple(_split(r.effects)),
            **kw,
        ),
    )
    # A rule id names one rule across all files, so "Why?" and notes can refer to it.
    seen: dict[str, str] = {}
    for rule in (*findings, *red_flags, *cautions):
        if rule.id in seen and seen[rule.id] != rule.file:
            raise RulesError(
                [
                    problem(
                        rule.file,
                        rule.row,
                        "id",
                        f"duplicate id {rule.id!r} (already used in {seen[rule.id]})",
                    )
                ]
            )
        seen[rule.id] = rule.file

    norm_path = d / FILES["norms"]
    norm_rows = load_table(norm_path, Norm)
    problems = []
    for line, n in norm_rows:
        try:
            _sources_of(norm_path, line, n.source, sources)
        except RulesError as exc:
            problems += exc.problems
    unique(
        norm_path,
        [(line, f"{n.test}/{n.sex}/{n.age_band}/{n.age_from}-{n.age_to}") for line, n in norm_rows],
        "test",
    )
    if problems:
        raise RulesError(problems)
    return Rules(
        sources=sources,
        findings=tuple(findings),
        red_flags=tuple(red_flags),
        cautions=tuple(cautions),
        norms=tuple(n for _, n in norm_rows),
    )


@stamped(lambda: paths_in(RULES_DIR, tuple(FILES.values())))
def load_rules() -> Rules:
    """The rules in use, read again only when a file's size or mtime changes (a failure too)."""
    return load_rules_from(RULES_DIR)
