"""The copy of a runner's answers kept in their own browser: what is written, what comes back.

The app keeps the answers in the browser's local storage (ui/local_store.py does the talking);
this module decides everything about that copy without Streamlit: the record written (answers
plus when they last changed), when to write (only when the answers' hash changes, never a
blank draft), when a copy is too old (EXPIRY, heuristic), and what a copy read back becomes.
A copy read back is untrusted, like an uploaded file: it goes through the same size, depth and
migration checks (storage.read_object), then is salvaged field by field, so a field of the
wrong type is dropped with a message and a draft that fails a cross-field check comes back
with that check failing (the screen marks it), never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any
from uuid import UUID

from annotated_types import MaxLen
from pydantic import BaseModel, TypeAdapter, ValidationError

from .model import Assessment
from .storage import MAX_FILE_BYTES, _depth_exceeds, format_errors, read_object

# Heuristic (no source gives a figure): long enough to outlast a 6-week retest interval and a
# season's break, short enough that a shared or sold device does not keep answers for years.
EXPIRY = timedelta(days=90)
APP = "strength-for-runners"
RECORD_VERSION = 1
MAX_RECORD_CHARS = 2 * MAX_FILE_BYTES  # the answers inside are checked against the file limit


# --- what is written ---------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):  # the file id
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__}")


def answers_text(answers: dict[str, Any]) -> str:
    """The answers (python-mode, possibly an invalid draft) as canonical JSON text."""
    return json.dumps(answers, separators=(",", ":"), default=_jsonable)  # in schema order


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# Set for every draft, answered or not: its date and its file id (random for each new one).
_NOT_ANSWERS = ("assessed_on", "file_id")


@cache
def _blank_digest() -> str:
    blank = Assessment(assessed_on=date(2000, 1, 1)).model_dump(mode="python")
    for key in _NOT_ANSWERS:
        blank.pop(key)
    return digest(answers_text(blank))


def is_blank(answers: dict[str, Any]) -> bool:
    """True for a draft nobody has answered anything in (whatever its assessment date)."""
    rest = {k: v for k, v in answers.items() if k not in _NOT_ANSWERS}
    return digest(answers_text(rest)) == _blank_digest()


def record(text: str, hash_: str, now: datetime) -> str:
    """The record kept in the browser: the answers' text, their hash and when they changed."""
    return json.dumps(
        {
            "app": APP,
            "version": RECORD_VERSION,
            "saved_at": now.astimezone(UTC).isoformat(timespec="seconds"),
            "hash": hash_,
            "answers": text,
        }
    )


@dataclass(frozen=True)
class Write:
    """What to hand the browser: the record, keyed by the answers' hash (None: write nothing)."""

    hash: str
    text: str


def next_write(
    answers: dict[str, Any], last: Write | None, now: datetime, *, keep: bool
) -> Write | None:
    """The write for these answers: `last` again while their hash is unchanged (the browser
    skips a hash it has written), a new record when they changed; nothing for a blank draft
    (a blank never replaces a kept copy) or when the runner said not to keep answers."""
    if not keep:
        return None
    text = answers_text(answers)
    h = digest(text)
    if last is not None and last.hash == h:
        return last
    if is_blank(answers):
        return None
    return Write(h, record(text, h, now))


# --- what comes back ----------------------------------------------------------------------


@dataclass
class Copy:
    """A copy read back: the answers to put in the session (python-mode) and what to say."""

    answers: dict[str, Any] | None = None
    saved_at: datetime | None = None
    name: str = ""
    hash: str = ""
    messages: list[str] = field(default_factory=list)
    expired: bool = False

    @property
    def ok(self) -> bool:
        return self.answers is not None


def read_copy(text: str, now: datetime, today: date) -> Copy:
    """A record read from the browser, checked like an uploaded file, or why it was left out."""
    if len(text) > MAX_RECORD_CHARS:
        return Copy(messages=["it is far larger than any assessment"])
    try:  # the record nests one deep; the answers inside are a string, checked below
        env = None if _depth_exceeds(text, 2) else json.loads(text)
    except ValueError:
        env = None
    if (
        not isinstance(env, dict)
        or env.get("app") != APP
        or not isinstance(env.get("answers"), str)
    ):
        return Copy(messages=["it is not a copy this app wrote"])
    try:
        saved_at = datetime.fromisoformat(str(env.get("saved_at")))
    except ValueError:
        return Copy(messages=["it has no readable date"])
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=UTC)
    if now - saved_at > EXPIRY:
        return Copy(saved_at=saved_at, expired=True)
    raw, errors = read_object(env["answers"])
    if raw is None:
        return Copy(messages=errors)
    data, messages = salvage(raw, today)
    name = data.get("runner_name") if isinstance(data.get("runner_name"), str) else ""
    return Copy(
        answers=data,
        saved_at=saved_at,
        name=name or "",
        hash=digest(answers_text(data)),
        messages=messages,
    )


class _Dropped(Exception):
    """A required answer could not be kept, so its item (a race, an injury) goes too."""


def salvage(raw: dict[str, Any], today: date) -> tuple[dict[str, Any], list[str]]:
    """A migrated JSON object as python-mode answers, keeping every field that is valid on its
    own; each field dropped is named in a message. Cross-field checks are not applied here
    (the screen marks them); a whole that is valid is simply read through the model."""
    try:
        return Assessment.model_validate(raw).model_dump(mode="python"), []
    except ValidationError:
        pass
    dropped: list[str] = []
    raw = dict(raw)
    try:
        _adapter(date, ()).validate_python(raw.get("assessed_on"))
    except ValidationError:
        raw["assessed_on"] = today
    data = _model(Assessment, raw, "", dropped)
    try:
        data = Assessment.model_validate(data).model_dump(mode="python")
    except ValidationError as exc:
        dropped += [f"{line} (marked on the screen)" for line in format_errors(exc)]
    return data, dropped


@cache
def _adapter(annotation: Any, metadata: tuple[Any, ...]) -> TypeAdapter[Any]:
    return TypeAdapter(typing.Annotated[annotation, *metadata] if metadata else annotation)


def _default(info: Any) -> Any:
    return _adapter(info.annotation, ()).dump_python(info.get_default(call_default_factory=True))


def _model(cls: type[BaseModel], raw: Any, path: str, dropped: list[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Dropped
    out: dict[str, Any] = {}
    for key in raw:
        if key not in cls.model_fields:
            dropped.append(f"{path}{key}: not an answer this app knows; left out")
    for name, info in cls.model_fields.items():
        if name not in raw:
            if info.is_required():
                raise _Dropped
            out[name] = _default(info)
            continue
        try:
            out[name] = _value(
                info.annotation, tuple(info.metadata), raw[name], path + name, dropped
            )
        except (_Dropped, ValidationError):
            if info.is_required():
                raise _Dropped from None
            dropped.append(f"{path}{name}: not a valid answer; left out")
            out[name] = _default(info)
    return out


def _unwrap(annotation: Any) -> Any:
    """X from `X | None`; anything else as it is."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _value(
    annotation: Any, metadata: tuple[Any, ...], value: Any, path: str, dropped: list[str]
) -> Any:
    inner = _unwrap(annotation)
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if value is None and inner is not annotation:
        return None
    if _is_model(inner):
        return _model(inner, value, path + ".", dropped)
    if origin is list and args and _is_model(args[0]):
        if not isinstance(value, list):
            raise _Dropped
        limit = next((m.max_length for m in metadata if isinstance(m, MaxLen)), len(value))
        items: list[dict[str, Any]] = []
        for i, item in enumerate(value[:limit]):
            try:
                items.append(_model(args[0], item, f"{path}.{len(items)}.", dropped))
            except _Dropped:
                dropped.append(f"{path}.{i}: an item with an invalid required answer; left out")
        return items
    if origin is dict and len(args) == 2 and _is_model(args[1]):
        if not isinstance(value, dict):
            raise _Dropped
        keys = _adapter(args[0], ())
        out: dict[Any, Any] = {}
        for k, v in value.items():
            try:
                out[keys.validate_python(k)] = _model(args[1], v, f"{path}.{k}.", dropped)
            except (_Dropped, ValidationError):
                dropped.append(f"{path}.{k}: not a valid answer; left out")
        return out
    return _adapter(annotation, metadata).validate_python(value)


# --- what the runner is told ----------------------------------------------------------------


def day_text(d: date, today: date) -> str:
    """`3 May`, with the year when it is not this year's."""
    text = f"{d.day} {d:%B}"
    return text if d.year == today.year else f"{text} {d.year}"


def greeting(name: str, saved_at: datetime, today: date) -> str:
    """The question a restored draft comes with: whose answers, from when."""
    when = day_text(saved_at.date(), today)
    who = f"{name}’s answers" if name.strip() else "the answers kept on this device"
    return f"Continue with {who} from {when}?"


# --- compare settings -------------------------------------------------------------------


def compare_record(answers_hash: str, a_text: str, b_text: str, start: date) -> str:
    """Plan A's and plan B's settings (their URL encodings) for one set of answers."""
    return json.dumps(
        {"answers": answers_hash, "a": a_text, "b": b_text, "start": start.isoformat()},
        sort_keys=True,
    )


@dataclass(frozen=True)
class CompareSettings:
    a: str
    b: str
    start: date | None


def compare_settings(text: str | None, answers_hash: str, today: date) -> CompareSettings | None:
    """Stored compare settings, when they were made for these same answers (else None); a
    start date already past is left out (the screen's default start is used)."""
    if not text or len(text) > 4096:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("answers") != answers_hash:
        return None
    a, b = data.get("a"), data.get("b")
    if not isinstance(a, str) or not isinstance(b, str):
        return None
    try:
        start: date | None = date.fromisoformat(str(data.get("start")))
    except ValueError:
        start = None
    if start is not None and start < today:
        start = None
    return CompareSettings(a, b, start)


# --- a report from the browser, on a session's first run ------------------------------------


@dataclass
class Arrival:
    """What a session does with the browser's first report."""

    answers: dict[str, Any] | None = None  # restored answers (python-mode), or None
    last: Write | None = None  # the record the browser already holds for them
    greeting: str | None = None  # "Continue with Anna's answers from 3 May?"
    notices: list[tuple[str, str]] = field(default_factory=list)  # (kind, plain text)
    forget: bool = False  # remove the copy (it expired)
    keep: bool = True  # the runner has not asked for nothing to be kept on this device
    available: bool = True  # the browser lets the app keep answers
    compare: str | None = None  # stored compare settings (compare_settings reads them)


LOST = "The connection to the app's server was lost (the server restarted)."


def arrival(report: dict[str, Any], now: datetime, today: date) -> Arrival:
    """Turn the browser's report ("stored", "none" or "unavailable") into what to do.

    A report marked `reconnected` comes from a page whose earlier session the server lost:
    its answers come straight back (the runner is told), with no question asked.
    """
    status = report.get("status")
    reconnected = report.get("reconnected") is True
    compare = report.get("compare")
    out = Arrival(
        keep=report.get("nosave") is not True,
        available=status in ("stored", "none"),
        compare=compare if isinstance(compare, str) else None,
    )
    text = report.get("answers")
    if status == "stored" and isinstance(text, str):
        copy = read_copy(text, now, today)
        if copy.expired and copy.saved_at is not None:
            out.forget = True
            out.compare = None
            when = day_text(copy.saved_at.date(), today)
            out.notices.append(
                (
                    "info",
                    f"Answers kept on this device since {when} were more than "
                    f"{EXPIRY.days} days old, so they were removed.",
                )
            )
        elif not copy.ok:
            out.notices.append(
                (
                    "warning",
                    "The answers kept on this device could not be read ("
                    + "; ".join(copy.messages[:3])
                    + "), so they were left out.",
                )
            )
        else:
            assert copy.answers is not None and copy.saved_at is not None
            out.answers = copy.answers
            out.last = Write(
                copy.hash, record(answers_text(copy.answers), copy.hash, copy.saved_at)
            )
            if reconnected:
                out.notices.append(
                    ("success", f"{LOST} Your answers were brought back from this browser.")
                )
            else:
                out.greeting = greeting(copy.name, copy.saved_at, today)
            if copy.messages:
                out.notices.append(
                    (
                        "warning",
                        "Some answers kept on this device needed a fix: "
                        + "; ".join(copy.messages[:8]),
                    )
                )
    elif reconnected:
        out.notices.append(
            (
                "warning",
                f"{LOST} This device kept no copy of your answers: load your file to carry on.",
            )
        )
    if status not in ("stored", "none"):
        out.notices.append(
            (
                "info",
                "This browser does not let the app keep your answers (private mode, or "
                "its storage is full), so download your file to keep them.",
            )
        )
    return out
