"""The worst case of a long history fits the file caps: two years of retests every 6 weeks,
each assessment filled to every limit the schema allows (lists full, texts of 4-byte
characters)."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

from assessments.history import snapshot, timeline, with_timeline
from assessments.model import (
    BALANCE_CAP_S,
    SCREEN_QUESTIONS,
    WEEKDAYS,
    Activity,
    Assessment,
    BodyArea,
    Goals,
    Health,
)
from assessments.storage import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    _depth_exceeds,
    dump_assessment,
    parse_assessment,
)

ROOT = Path(__file__).resolve().parent.parent
WIDE = "𝔘"  # 4 bytes in UTF-8


def _full(day: date) -> Assessment:
    text = WIDE * 80
    injuries = Health.model_fields["injuries"].metadata[0].max_length
    races = Goals.model_fields["races"].metadata[0].max_length
    return Assessment.model_validate(
        {
            "assessed_on": day.isoformat(),
            "runner_name": text,
            "history": {
                "age": 100,
                "sex": "prefer_not_to_say",
                "years_running": 89.75,
                "distance_unit": "mi",
                "weekly_distance": 399.99,
                "longest_run_last_month": 399.99,
                "strength_experience": "6_to_24_months",
                "strength_sessions_per_week": 14,
                "other_activities": list(Activity),
            },
            "health": {
                "injuries": [
                    {
                        "type": "bone_stress_injury",
                        "side": "not_applicable",
                        "months_since": 600,
                        "bone_site": "fifth_metatarsal_base",
                        "note": text,
                    }
                ]
                * injuries,
                "current_pain": 10,
                "pain_areas": list(BodyArea),
                "pain_settles_by_morning": False,
                "do_not_load": list(BodyArea),
                "cleared_by_professional": True,
                "cleared_on": day.isoformat(),
                "clearance_note": WIDE * 500,
                **{k: False for k in SCREEN_QUESTIONS},
            },
            "self_tests": {
                "calf_raise": {"left": 300, "right": 300},
                "hamstring_bridge": {"left": 300, "right": 300},
                "side_plank": {"left": 600, "right": 600},
                "prone_plank": 1200,
                "side_lying_leg_lift": {"left": 300, "right": 300},
                "single_leg_balance": {"left": BALANCE_CAP_S, "right": BALANCE_CAP_S},
                "single_leg_squat": {"left": "good", "right": "good"},
            },
            "goals": {
                "races": [
                    {
                        "name": text,
                        "date": (day + timedelta(days=300 + i)).isoformat(),
                        "type": "ultra_trail",
                        "terrain": "technical",
                        "priority": "A",
                    }
                    for i in range(races)
                ],
                "aim": "injury_resilience",
                "offseason_start": day.isoformat(),
                "offseason_end": (day + timedelta(days=365)).isoformat(),
                "minutes_per_session": 180,
                "equipment": "dumbbells",
                "week": {d: {"run": "long", "strength_ok": False} for d in WEEKDAYS},
            },
            "plan": {"start": day.isoformat(), "variant": "x" * 200},
        }
    )


def test_two_years_of_retests_every_six_weeks_fit_the_file_caps() -> None:
    start = date(2024, 1, 1)
    days = [start + timedelta(weeks=6 * i) for i in range(18)]  # 0 .. 102 weeks
    a = with_timeline(_full(days[-1]), [snapshot(_full(d)) for d in days])
    assert len(timeline(a)) == 18
    text = dump_assessment(a)
    size = len(text.encode("utf-8"))
    assert 256 * 1024 < size <= MAX_FILE_BYTES  # the old 256 KB cap was too small
    assert not _depth_exceeds(text, MAX_DEPTH)
    upload_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"][
        "maxUploadSize"
    ]
    assert MAX_FILE_BYTES <= upload_mb * 1024 * 1024
    assert parse_assessment(text.encode("utf-8")).assessment == a
