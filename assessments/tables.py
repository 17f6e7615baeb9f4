"""Reading the CSV tables in `rules/` into validated rows.

Coaches edit these files in a spreadsheet, so every problem is reported as
`file:row:column: what is wrong` (row = the line number a spreadsheet shows, header = 1),
and loading stops at the first file with problems, listing all of that file's problems.

The tables are read from `rules/` next to the code, or from the directory named by the
environment variable RUNNER_RULES_DIR (a coach's own copy; tests point a server at a broken one).
"""

from __future__ import annotations

import csv
import math
import os
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .files import FileProblem, read_capped

Row = TypeVar("Row", bound=BaseModel)
T = TypeVar("T")
MAX_TABLE_BYTES = 2 * 1024 * 1024  # the largest shipped table is about 16 KB

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


Table = tuple[list[str], list[tuple[int, dict[str, str]]]]
Stamp = tuple[int, int] | str  # (size, mtime_ns), or why the file cannot be looked at


def stamp(path: Path | str) -> Stamp:
    try:
        info = os.stat(path)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return (info.st_size, info.st_mtime_ns)


class StampedCache(Generic[T]):
    """A loader's result - or its RulesError - kept while its files' (size, mtime_ns) hold.

    A screen view then costs one stat() per file instead of re-reading and re-checking the
    tables; a broken table is not re-read on every view for every user either. An edited file
    is read again on the next call (`read_rows` re-reads only the files that changed).
    """

    def __init__(self, load: Callable[[], T], files: Callable[[], Iterable[Path]]):
        self._load, self._files = load, files
        self._lock = threading.Lock()
        self._key: tuple[tuple[str, ...], tuple[Stamp, ...]] | None = None
        self._value: T | RulesError | None = None
        # The files callable's last answer and its paths as str (os.stat takes a str without
        # converting a Path): `paths_in` gives the same tuple while the directory holds.
        self._names: tuple[Iterable[Path], tuple[str, ...]] = ((), ())

    def __call__(self) -> T:
        files = self._files()
        names = self._names
        if names[0] is not files:
            names = self._names = (files, tuple(map(str, files)))
        key = (names[1], tuple([stamp(n) for n in names[1]]))
        with self._lock:
            if key != self._key:
                try:
                    self._value = self._load()
                except RulesError as exc:
                    self._value = exc
                self._key = key
            value = self._value
        if isinstance(value, RulesError):
            raise RulesError(value.problems)
        return value  # type: ignore[return-value]

    def cache_clear(self) -> None:
        with self._lock:
            self._key = self._value = None


@lru_cache(maxsize=64)  # Paths are immutable; a stamped loader asks for its files on every call
def paths_in(directory: Path, names: tuple[str, ...]) -> tuple[Path, ...]:
    """The files `names` in `directory` (for `stamped`'s files callable)."""
    return tuple(directory / n for n in names)


def stamped(files: Callable[[], Iterable[Path]]) -> Callable[[Callable[[], T]], StampedCache[T]]:
    """Decorator: `@stamped(lambda: [paths])` on a loader in place of `@cache`."""
    return lambda load: StampedCache(load, files)


_ROWS: dict[str, tuple[Stamp, Table | RulesError]] = {}


def read_rows(path: Path) -> Table:
    """Header and (line number, cells) pairs; blank lines and `#` comment lines are skipped.

    Kept per file with its (size, mtime_ns): only a changed file is read again. Callers must
    not change what they get.
    """
    key, now = str(path), stamp(path)
    cached = _ROWS.get(key)
    if cached is None or cached[0] != now:
        try:
            cached = (now, _read_rows(path))
        except RulesError as exc:
            cached = (now, exc)
        _ROWS[key] = cached
    if isinstance(cached[1], RulesError):
        raise RulesError(cached[1].problems)
    return cached[1]


def _read_rows(path: Path) -> Table:
    try:
        text = read_capped(path, MAX_TABLE_BYTES).decode("utf-8-sig")
    except FileProblem as exc:
        what = (
            f"the file is {exc.size:,} bytes; a rules table is at most {MAX_TABLE_BYTES:,} bytes"
            if exc.size is not None
            else exc.message
        )
        raise RulesError([problem(path, None, None, what)]) from None
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
            twice = sorted({h for h in header if header.count(h) > 1})
            if twice:
                raise RulesError(
                    [problem(path, line_no, h or "(blank)", "column appears twice") for h in twice]
                )
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
    if not rows:
        raise RulesError([problem(path, None, None, "the table has a header but no rows")])
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
        odd = [k for k, v in data.items() if _non_finite(v)]
        if odd:
            problems += [
                problem(path, line_no, k, f"{data[k]!r} is not a finite number") for k in odd
            ]
            continue
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


def _non_finite(cell: str) -> bool:
    """`nan`, `inf`, `Infinity`, `1e999`: numbers no threshold or dose can be."""
    try:
        return not math.isfinite(float(cell))
    except ValueError:
        return False


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
