"""`python -m assessments`: the assessment file from the command line, for coaches and scripts.

Exit codes: 0 fine, 2 invalid input, 3 a red flag stops the plan. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .completeness import missing
from .example_cli import EXAMPLE_COMMAND
from .plan_cli import PLAN_COMMAND
from .score_cli import SCORE_COMMAND
from .storage import json_schema, parse_assessment

EXIT_OK, EXIT_INVALID, EXIT_RED_FLAG = 0, 2, 3


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for name in args.files:
        try:
            content = Path(name).read_bytes()
        except OSError as exc:
            worst = EXIT_INVALID
            print(f"{name}: cannot read the file ({exc.strerror or exc})")
            continue
        result = parse_assessment(content)
        if result.assessment is None:
            worst = EXIT_INVALID
            for err in result.errors:
                print(f"{name}: {err}")
            continue
        gaps = missing(result.assessment)
        if gaps:
            print(f"{name}: valid draft; still needed for scoring:")
            for m in gaps:
                print(f"  {m.path}: {m.label}")
        else:
            print(f"{name}: valid and complete")
    return worst


Command = Callable[[argparse.Namespace], int]
# Later commands (score, plan) register here with the parser that adds their arguments.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], object], Command]] = {
    "schema": ("print the JSON Schema of the assessment file", lambda p: None, _cmd_schema),
    "check": (
        "validate assessment files; for a valid draft, list what is still missing",
        lambda p: p.add_argument("files", nargs="+", metavar="FILE"),
        _cmd_check,
    ),
    "score": SCORE_COMMAND,
    "plan": PLAN_COMMAND,
    "example": EXAMPLE_COMMAND,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assessments", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_args, _) in COMMANDS.items():
        add_args(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return EXIT_INVALID if exc.code else EXIT_OK
    try:
        return COMMANDS[args.command][2](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI promises one line, never a traceback
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
