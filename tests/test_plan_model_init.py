"""The faster __init__ of Prescription and PlannedSession behaves as the dataclass one."""

import dataclasses
import pickle
from datetime import date

import pytest

from assessments.focus import FocusArea
from assessments.planning.library import Category, PhaseName
from assessments.planning.plan_model import PlannedSession, Prescription


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


def test_defaults_keywords_and_positions() -> None:
    p = _p()
    assert (p.note, p.cues, p.load_cue, p.reps_range, p.protocol) == ("", "", "", "", "")
    assert _p(note="n").note == "n"
    q = Prescription(*(getattr(p, f.name) for f in dataclasses.fields(Prescription)))
    assert q == p and hash(q) == hash(p)
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
