"""The `score` command of `python -m assessments`: findings as JSON or a readable table.

Exit codes follow the CLI: 0 scored, 2 invalid or incomplete file (naming what is missing) or
broken rules tables, 3 scored but a red flag stops the plan.
"""

from __future__ import annotations

import argparse
import json
import sys

from .findings import NOT_A_DIAGNOSIS, Findings
from .focus import FOCUS_TITLES
from .rules import load_rules
from .scoring import IncompleteAssessment, score
from .storage import load_file
from .tables import RulesError

EXIT_OK, EXIT_INVALID, EXIT_RED_FLAG = 0, 2, 3


def run(args: argparse.Namespace) -> int:
    name = args.file
    result = load_file(name)
    if result.assessment is None:
        for err in result.errors:
            print(f"{name}: {err}", file=sys.stderr)
        return EXIT_INVALID
    try:
        findings = score(result.assessment, load_rules())
    except IncompleteAssessment as exc:
        print(f"{name}: not complete, so it cannot be scored yet; still needed:", file=sys.stderr)
        for m in exc.missing:
            print(f"  {m.path}: {m.label}", file=sys.stderr)
        return EXIT_INVALID
    except RulesError as exc:
        print("the rules tables have problems:", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_INVALID
    if args.format == "json":
        data = findings.model_dump(mode="json")
        data["plan_allowed"] = findings.plan_allowed
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(findings_text(findings))
    return EXIT_OK if findings.plan_allowed else EXIT_RED_FLAG


def findings_text(f: Findings) -> str:
    """The findings as a plain-text report for a terminal."""
    lines: list[str] = []
    if f.red_flags:
        state = (
            "cleared by a professional" if f.cleared else "no plan until a professional clears you"
        )
        lines += [f"RED FLAGS ({state}):"] + [f"  ! {r.message}" for r in f.red_flags] + [""]
    if f.clearance_note:
        lines += [f.clearance_note, ""]
    if f.cautions:
        lines += ["Cautions:"] + [f"  - {c.message}" for c in f.cautions] + [""]
    width = max(len(t) for t in FOCUS_TITLES.values())
    lines += [f"{'Focus area':<{width}}  Score  Rules fired", "-" * (width + 26)]
    for fs in f.focus:
        rules = ", ".join(r.rule_id for r in fs.rules) or "-"
        lines.append(f"{FOCUS_TITLES[fs.area]:<{width}}  {fs.score:>5}  {rules}")
    lines += ["", f.weights_note, NOT_A_DIAGNOSIS]
    return "\n".join(lines)


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="an assessment file (.json)")
    p.add_argument("--format", choices=("json", "text"), default="json")


SCORE_COMMAND = (
    "score a complete assessment against the rules tables (exit 3 when a red flag stops the plan)",
    _add_args,
    run,
)
