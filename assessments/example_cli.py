"""The `example` command of `python -m assessments`: a shipped example as a file of your own.

The examples' races are fixed dates that drift into the past; the app moves them on loading,
and this command does the same: dates moved so the example is assessed today (RUNNER_TODAY
when set), with a new random file id. Its output is what `check`, `score` and `plan` read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .clock import today
from .examples import EXAMPLES, example_for_today
from .storage import dump_assessment

EXIT_OK, EXIT_INVALID = 0, 2


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", help="example name (omit to list them)")
    p.add_argument("--out", metavar="FILE.json", help="write the file here (default: stdout)")


def run(args: argparse.Namespace) -> int:
    if not args.name:
        for name, title in EXAMPLES.items():
            print(f"{name}: {title}")
        return EXIT_OK
    if args.name not in EXAMPLES:
        print(
            f"no example called {args.name!r}; the examples are: {', '.join(EXAMPLES)}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    text = dump_assessment(example_for_today(args.name, today())) + "\n"
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"--out: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
            return EXIT_INVALID
    else:
        sys.stdout.write(text)
    return EXIT_OK


EXAMPLE_COMMAND = (
    "example: write a shipped example assessment with its dates moved to today",
    _add_args,
    run,
)
