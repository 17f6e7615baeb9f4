"""The `plan` command of `python -m assessments`: schedule CSVs (and a calendar, a PDF) from files.

One file: the CSV goes to --out or stdout; --ics and --pdf write the calendar and the printable
plan too. Several files (a coach's group): one CSV per athlete in --out-dir, named after each
file. --coach gives the coach CSV (ids, rules, sources, placement reasoning, plan notes).
Exit codes: 0 planned, 2 an invalid or incomplete file or impossible dates (one line naming
the field), 3 a red flag without a professional's clearance (the referral on stderr). With
several files, 2 wins over 3.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, time
from pathlib import Path

from .clock import today
from .exports import REMINDER_CHOICES, coach_csv, plan_pdf, schedule_csv, schedule_ics
from .findings import NOT_A_DIAGNOSIS
from .planner import PlanNotAllowed, make_plan
from .scoring import IncompleteAssessment, score
from .season import PlanInputError, coming_monday
from .storage import parse_assessment
from .tables import RulesError

EXIT_OK, EXIT_INVALID, EXIT_RED_FLAG = 0, 2, 3


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a time (HH:MM)") from None


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE.json", help="assessment files")
    p.add_argument("--start", type=_date, help="first day of the plan (default: next Monday)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--out", metavar="FILE.csv", help="write the schedule CSV here")
    out.add_argument("--out-dir", metavar="DIR", help="one CSV per athlete in this folder")
    p.add_argument("--ics", metavar="FILE.ics", help="also write a calendar (one file only)")
    p.add_argument("--at", type=_time, help="calendar events at this time (default: all day)")
    p.add_argument("--tz", default="UTC", help="IANA time zone for --at, e.g. Europe/Berlin")
    p.add_argument(
        "--remind",
        type=int,
        default=0,
        choices=REMINDER_CHOICES,
        metavar="MIN",
        help="calendar reminder MIN minutes before each session (all-day events: before "
        f"midnight); one of {', '.join(map(str, REMINDER_CHOICES))} (default 0: none)",
    )
    p.add_argument(
        "--coach",
        action="store_true",
        help="the coach CSV: the same rows plus ids, rule, source and placement reasoning, "
        "and the plan-level notes as rows with session = notes",
    )
    p.add_argument("--pdf", metavar="FILE.pdf", help="also write the printable plan (one file)")


def _plan_one(name: str, start: date) -> tuple[int, str, object]:
    """(exit code, message for stderr, plan or None)."""
    try:
        content = Path(name).read_bytes()
    except OSError as exc:
        return EXIT_INVALID, f"{name}: cannot read the file ({exc.strerror or exc})", None
    result = parse_assessment(content)
    if result.assessment is None:
        return EXIT_INVALID, f"{name}: {result.errors[0] if result.errors else 'invalid'}", None
    a = result.assessment
    try:
        findings = score(a)
        return EXIT_OK, "", make_plan(a, findings, start)
    except IncompleteAssessment as exc:
        m = exc.missing[0]
        return EXIT_INVALID, f"{name}: {m.path}: still needed: {m.label}", None
    except PlanInputError as exc:
        return EXIT_INVALID, f"{name}: {exc.field}: {exc.message}", None
    except PlanNotAllowed as exc:
        lines = [f"{name}: no plan yet - please see a doctor or physiotherapist first:"]
        lines += [f"  ! {r.message}" for r in exc.findings.red_flags]
        lines.append("  " + NOT_A_DIAGNOSIS)
        return EXIT_RED_FLAG, "\n".join(lines), None


def run(args: argparse.Namespace) -> int:
    files: list[str] = args.files
    if len(files) > 1 and not args.out_dir:
        print("several files need --out-dir DIR (one CSV per athlete)", file=sys.stderr)
        return EXIT_INVALID
    if len(files) > 1 and (args.ics or args.pdf):
        print(f"--{'ics' if args.ics else 'pdf'} takes one assessment file", file=sys.stderr)
        return EXIT_INVALID
    start = args.start or coming_monday(today())
    out_dir = Path(args.out_dir) if args.out_dir else None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"--out-dir: cannot create {out_dir} ({exc.strerror})", file=sys.stderr)
            return EXIT_INVALID
    codes: list[int] = []
    try:
        for name in files:
            code, message, plan = _plan_one(name, start)
            codes.append(code)
            if message:
                print(message, file=sys.stderr)
            if plan is None:
                continue
            text = (coach_csv if args.coach else schedule_csv)(plan)  # type: ignore[arg-type]
            if out_dir is not None:
                (out_dir / f"{Path(name).stem}.csv").write_text(text, encoding="utf-8")
            elif args.out:
                Path(args.out).write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
            if args.ics:
                ics = schedule_ics(
                    plan,  # type: ignore[arg-type]
                    at=args.at,
                    tz=args.tz,
                    reminder_min=args.remind,
                )
                Path(args.ics).write_bytes(ics)
            if args.pdf:
                Path(args.pdf).write_bytes(plan_pdf(plan))  # type: ignore[arg-type]
    except RulesError as exc:
        print("the rules tables have problems:", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_INVALID
    if EXIT_INVALID in codes:
        return EXIT_INVALID
    return EXIT_RED_FLAG if EXIT_RED_FLAG in codes else EXIT_OK


PLAN_COMMAND = (
    "plan: schedule CSV per assessment (exit 2 invalid/impossible dates, 3 red flag)",
    _add_args,
    run,
)
