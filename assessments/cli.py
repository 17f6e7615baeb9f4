"""`python -m assessments`: the assessment file from the command line, for coaches and scripts.

Exit codes: 0 fine, 2 invalid input, 3 a red flag stops the plan. Never a traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .completeness import missing, not_asked
from .example_cli import EXAMPLE_COMMAND
from .plan_cli import PLAN_COMMAND
from .score_cli import SCORE_COMMAND
from .storage import json_schema, load_file

EXIT_OK, EXIT_INVALID, EXIT_RED_FLAG = 0, 2, 3


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for name in args.files:
        result = load_file(name)
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
        unasked = not_asked(result.assessment)
        if unasked:
            print(f"{name}: not asked yet (warnings; the plan is made without them):")
            for m in unasked:
                print(f"  warning: {m.path}: {m.label}")
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


# What a terminal would act on rather than show: C0 controls but tab and line feed, DEL, C1
# controls (ESC sequences clear the screen or recolour text; CR overwrites a line) and the
# marks that reorder or hide text. Shown as \uXXXX instead (also a valid JSON escape).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)


def terminal_safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class _SafeStream:
    """Wraps stdout/stderr: UTF-8 whatever the locale, and nothing a terminal would run."""

    def __init__(self, stream: TextIO):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _SafeStream(sys.stdout), _SafeStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved


def _main(argv: Sequence[str] | None) -> int:
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
