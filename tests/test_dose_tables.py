"""The dose caches that outlive `clear_memos` hold only what the rules library decides.

An exercise's dose type, load cues and the doses that read no foot contacts are kept per
library across plans (start-up work); a library with other tables gets its own answers, and a
kept answer equals one worked out afresh.
"""

from __future__ import annotations

import dataclasses

from assessments.planner import clear_memos
from assessments.planning import dose
from assessments.planning.dose import _dose_type, _load_cue, base_dose, dose_type, load_cue
from assessments.planning.library import DoseType, PhaseName, library


def test_kept_answers_equal_fresh_ones_after_clear_memos():
    lib = library()
    row = next(r for r in lib.phases if r.phase is PhaseName.off_season)
    first = {
        ex.id: (dose_type(ex), base_dose(lib, ex, row, row.phase, 60), load_cue(lib, ex, "8", "2"))
        for ex in lib.exercises.values()
    }
    clear_memos()
    for ex in lib.exercises.values():
        kind, d, cue = first[ex.id]
        assert dose_type(ex) is kind is _dose_type(ex)
        assert base_dose(lib, ex, row, row.phase, 60) == d
        assert load_cue(lib, ex, "8", "2") == cue == _load_cue(lib.doses[kind].load_cue, "8", "2")


def test_a_library_with_other_tables_gets_its_own_cues_and_doses():
    lib = library()
    kind = DoseType.accessory
    ex = next(e for e in lib.exercises.values() if dose_type(e) is kind)
    row = next(r for r in lib.phases if r.phase is PhaseName.off_season)
    mine = load_cue(lib, ex, "10", "2")
    assert mine
    other_row = lib.doses[kind].model_copy(
        update={"load_cue": "other {reps}", "sets": (lib.doses[kind].sets or 2) + 1}
    )
    other = dataclasses.replace(lib, doses={**lib.doses, kind: other_row})
    assert load_cue(other, ex, "10", "2") == "other 10"
    assert load_cue(lib, ex, "10", "2") == mine
    if lib.doses[kind].source_of_dose == "table":
        assert base_dose(other, ex, row, row.phase, 0) != base_dose(lib, ex, row, row.phase, 0)


def test_jump_doses_are_forgotten_by_clear_memos():
    lib = library()
    row = next(r for r in lib.phases if r.plyo_contacts > 0)
    jump = next(e for e in lib.exercises.values() if dose_type(e) is DoseType.plyometric)
    base_dose(lib, jump, row, row.phase, 80)
    assert dose._DOSES
    clear_memos()
    assert not dose._DOSES
