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
import os
import sys
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clock import today
from .completeness import not_asked
from .exports import REMINDER_CHOICES, coach_csv, plan_pdf, schedule_csv, schedule_ics
from .files import file_key, same_file
from .findings import NOT_A_DIAGNOSIS
from .planner import PlanNotAllowed, make_plan
from .scoring import IncompleteAssessment, score
from .season import PlanInputError, coming_monday
from .storage import load_file
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


def _tz(value: str) -> str:
    """Checked when the arguments are read, so a wrong zone stops the run before any file."""
    try:
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an IANA time zone (e.g. Europe/Berlin)"
        ) from None
    return value


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE.json", help="assessment files")
    p.add_argument("--start", type=_date, help="first day of the plan (default: next Monday)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--out", metavar="FILE.csv", help="write the schedule CSV here")
    out.add_argument("--out-dir", metavar="DIR", help="one CSV per athlete in this folder")
    p.add_argument("--ics", metavar="FILE.ics", help="also write a calendar (one file only)")
    p.add_argument("--at", type=_time, help="calendar events at this time (default: all day)")
    p.add_argument(
        "--tz", type=_tz, default="UTC", help="IANA time zone for --at, e.g. Europe/Berlin"
    )
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
    result = load_file(name)
    if result.assessment is None:
        return EXIT_INVALID, f"{name}: {result.errors[0] if result.errors else 'invalid'}", None
    a = result.assessment
    try:
        findings = score(a)
        plan = make_plan(a, findings, start)
        unasked = not_asked(a)
        note = (
            f"{name}: planned without these questions (not asked yet): "
            + "; ".join(m.path for m in unasked)
            if unasked
            else ""
        )
        return EXIT_OK, note, plan
    except IncompleteAssessment as exc:
        m = exc.missing[0]
        return EXIT_INVALID, f"{name}: {m.path}: still needed: {m.label}", None
    except PlanInputError as exc:
        return EXIT_INVALID, f"{name}: {exc.field}: {exc.message}", None
    except OverflowError:
        return (
            EXIT_INVALID,
            f"{name}: --start {start}: the plan's dates would run past 9999-12-31",
            None,
        )
    except PlanNotAllowed as exc:
        lines = [f"{name}: no plan yet - please see a doctor or physiotherapist first:"]
        lines += [f"  ! {r.message}" for r in exc.findings.red_flags]
        lines.append("  " + NOT_A_DIAGNOSIS)
        return EXIT_RED_FLAG, "\n".join(lines), None


def _outputs(args: argparse.Namespace, files: list[str]) -> tuple[list[Path | None], str]:
    """Where each file's CSV goes (None: stdout), or a message naming the argument.

    Never an input file, never one path twice: in --out-dir a repeated name (a coach's
    `assessment-<date>.json` files from several folders) gets `-2`, `-3`, ...
    """

    inputs: dict[tuple[object, ...], str] = {}
    for f in reversed(files):
        inputs[file_key(f)] = f

    def is_input(target: Path | str) -> str | None:
        return inputs.get(file_key(target))

    named = [("--out", args.out), ("--ics", args.ics), ("--pdf", args.pdf)]
    for flag, value in named:
        if value and (hit := is_input(value)):
            return [], f"{flag}: {value} is the input file {hit}; choose another name"
    for i, (flag, value) in enumerate(named):
        for other, earlier in named[:i]:
            if value and earlier and same_file(earlier, value):
                return [], f"{flag}: {value} is also the {other} file; choose another name"
    if args.out_dir is None:
        return [Path(args.out) if args.out else None], ""
    out_dir = Path(args.out_dir)
    real_dir = out_dir.resolve()

    def target_key(target: Path) -> tuple[object, ...]:
        """file_key(target), which for a name not there yet (most of a batch's) resolves the
        whole path: the folder is resolved once instead (2% of a 300-file run)."""
        try:
            os.lstat(target)
        except FileNotFoundError:
            return ("path", real_dir / target.name)
        return file_key(target)

    targets: list[Path | None] = []
    taken: set[tuple[object, ...]] = set()
    for name in files:
        stem, n = Path(name).stem, 1
        target = out_dir / f"{stem}.csv"
        while inputs.get(key := target_key(target)) or key in taken:
            n += 1
            target = out_dir / f"{stem}-{n}.csv"
        if n > 1:
            print(f"{name}: written to {target} (the name {stem}.csv is taken)", file=sys.stderr)
        taken.add(key)
        targets.append(target)
    return targets, ""


def _write(flag: str, path: Path, data: bytes) -> int:
    """Write one output; a failure is one line naming the argument (exit code 2)."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        print(f"{flag}: cannot write {path} ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


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
    targets, refused = _outputs(args, files)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_INVALID
    codes: list[int] = []
    try:
        for name, target in zip(files, targets, strict=True):
            code, message, plan = _plan_one(name, start)
            codes.append(code)
            if message:
                print(message, file=sys.stderr)
            if plan is None:
                continue
            text = (coach_csv if args.coach else schedule_csv)(plan)  # type: ignore[arg-type]
            if target is not None:
                flag = "--out-dir" if out_dir is not None else "--out"
                codes.append(_write(flag, target, text.encode("utf-8")))
            else:
                sys.stdout.write(text)
            if args.ics:
                ics = schedule_ics(
                    plan,  # type: ignore[arg-type]
                    at=args.at,
                    tz=args.tz,
                    reminder_min=args.remind,
                )
                codes.append(_write("--ics", Path(args.ics), ics))
            if args.pdf:
                codes.append(_write("--pdf", Path(args.pdf), plan_pdf(plan)))  # type: ignore[arg-type]
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
