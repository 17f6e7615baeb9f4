"""The hand-written __init__ of Prescription, PlannedSession and WeekSummary, and copy_with,
behave as the dataclass ones: every field set, with the same defaults (a new field cannot be
forgotten), frozen, equal, hashable, picklable."""

import dataclasses
import inspect
import pickle
from datetime import date

import pytest

from assessments.focus import FocusArea
from assessments.planning.library import Category, PhaseName
from assessments.planning.plan_model import PlannedSession, Prescription, WeekSummary, copy_with

CLASSES = (Prescription, PlannedSession, WeekSummary)


@pytest.mark.parametrize("cls", CLASSES)
def test_init_takes_exactly_the_fields_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        assert f.default_factory is dataclasses.MISSING
        want = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == want, f.name
        assert p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize("cls", CLASSES)
def test_init_sets_every_field_and_nothing_else(cls: type) -> None:
    names = [f.name for f in dataclasses.fields(cls)]
    # A distinct marker per field, by position and by keyword: each lands in its own field.
    by_pos = cls(*(f"v{i}" for i in range(len(names))))
    by_kw = cls(**{n: f"v{i}" for i, n in enumerate(names)})
    for obj in (by_pos, by_kw):
        assert vars(obj) == {n: f"v{i}" for i, n in enumerate(names)}
    assert by_pos == by_kw and hash(by_pos) == hash(by_kw)


def _p(**changes: object) -> Prescription:
    kw: dict[str, object] = dict(
        exercise_id="squat",
        name="Squat",
        category=Category.heavy_strength,
        focus=FocusArea.bone,
        sets=3,
        reps="6-8",
        intensity="RPE 7",
        rest_s=120,
        reason="Main lift",
        rule="r1",
        source="s1",
    )
    kw.update(changes)
    return Prescription(**kw)  # type: ignore[arg-type]


def test_defaults_and_bad_calls() -> None:
    p = _p()
    assert (p.note, p.cues, p.load_cue, p.reps_range, p.protocol) == ("", "", "", "", "")
    assert _p(note="n").note == "n"
    with pytest.raises(TypeError):
        Prescription("squat")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _p(nope=1)


def test_frozen_replace_and_pickle() -> None:
    p = _p()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.sets = 4  # type: ignore[misc]
    r = dataclasses.replace(p, sets=4)
    assert r.sets == 4 and r.name == p.name and p.sets == 3
    assert pickle.loads(pickle.dumps(p)) == p
    s = PlannedSession(
        date(2026, 1, 5), 1, PhaseName.taper, "b", "mon", "easy", "A", False, False, (p,), "why"
    )
    assert s.notes == () and s.items == (p,) and s.sets == 3
    assert pickle.loads(pickle.dumps(s)) == s
    assert dataclasses.replace(s, notes=("n",)).notes == ("n",)
    w = WeekSummary(1, date(2026, 1, 5), PhaseName.taper, 2, 1, 2, 3)
    assert w.note == "" and pickle.loads(pickle.dumps(w)) == w


def test_copy_with_is_replace() -> None:
    p = _p(note="n")
    q = copy_with(p, sets=5, note="m")
    assert q == dataclasses.replace(p, sets=5, note="m")
    assert (p.sets, p.note) == (3, "n")  # the original is untouched
    assert type(q) is Prescription and q is not p and copy_with(p) == p
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.sets = 1  # type: ignore[misc]
    with pytest.raises(TypeError, match="nope"):
        copy_with(p, nope=1)
    s = PlannedSession(
        date(2026, 1, 5), 1, PhaseName.taper, "b", "mon", "easy", "A", False, False, (p,), "why"
    )
    assert s.with_items((q,), "more") == dataclasses.replace(s, items=(q,), notes=("more",))
    assert s.with_items((q,)).notes == ()
