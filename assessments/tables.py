"""Reading the CSV tables in `rules/` into validated rows.

Coaches edit these files in a spreadsheet, so every problem is reported as
`file:row:column: what is wrong` (row = the line number a spreadsheet shows, header = 1),
and loading stops at the first file with problems, listing all of that file's problems.

The tables are read from `rules/` next to the code, or from the directory named by the
environment variable RUNNER_RULES_DIR (a coach's own copy; tests point a server at a broken one).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

Row = TypeVar("Row", bound=BaseModel)

SHIPPED_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
RULES_DIR = Path(os.environ.get("RUNNER_RULES_DIR") or SHIPPED_RULES_DIR)


class RulesError(Exception):
    """A rules file is broken. `problems` are ready-to-show `file:row:column: message` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def problem(path: Path | str, row: int | None, column: str | None, message: str) -> str:
    where = Path(path).name
    if row is not None:
        where += f":{row}"
    if column:
        where += f":{column}"
    return f"{where}: {message}"


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, cells) pairs; blank lines and `#` comment lines are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulesError([problem(path, None, None, "file not found")]) from None
    except UnicodeDecodeError:
        raise RulesError(
            [problem(path, None, None, "not UTF-8 text; save it as CSV UTF-8")]
        ) from None
    reader = csv.reader(text.splitlines())
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for line_no, cells in enumerate(reader, start=1):
        if not cells or all(not c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            extra = cells[len(header) :]
            if any(c.strip() for c in extra):
                raise RulesError(
                    [problem(path, line_no, None, f"{len(cells)} cells but {len(header)} columns")]
                )
        rows.append(
            (
                line_no,
                {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)},
            )
        )
    if header is None:
        raise RulesError([problem(path, None, None, "the file is empty")])
    return header, rows


def load_table(
    path: Path, model: type[Row], required: Iterable[str] | None = None
) -> list[tuple[int, Row]]:
    """Validate every row of a CSV with `model`, keeping each row's line number for messages.

    Empty cells are passed as missing, so a model's defaults apply to them.
    """
    header, rows = read_rows(path)
    expected = (
        list(required)
        if required is not None
        else [name for name, f in model.model_fields.items() if f.is_required()]
    )
    problems = [
        problem(path, 1, col, "required column is missing") for col in expected if col not in header
    ]
    known = set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}
    problems += [problem(path, 1, col, "unknown column") for col in header if col not in known]
    if problems:
        raise RulesError(problems)
    out: list[tuple[int, Row]] = []
    for line_no, cells in rows:
        data = {k: v for k, v in cells.items() if v != ""}
        try:
            out.append((line_no, model.model_validate(data)))
        except ValidationError as exc:
            for err in exc.errors():
                column = str(err["loc"][0]) if err["loc"] else None
                msg = err["msg"].removeprefix("Value error, ")
                problems.append(problem(path, line_no, column, msg))
    if problems:
        raise RulesError(problems)
    return out


def unique(path: Path, rows: list[tuple[int, str]], what: str = "id") -> None:
    """Raise for the first duplicate of an id column, naming the line of the repeat."""
    seen: dict[str, int] = {}
    problems = []
    for line_no, value in rows:
        if value in seen:
            problems.append(
                problem(
                    path, line_no, what, f"duplicate {what} {value!r} (first on row {seen[value]})"
                )
            )
        seen.setdefault(value, line_no)
    if problems:
        raise RulesError(problems)
