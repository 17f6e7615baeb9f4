"""The comparison core: control defaults and ranges, options, URL text, differences, notices."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.compare import (
    CONTROL_TITLES,
    DIFFERENCE_COLUMNS,
    EMPHASIS_WORDS,
    Controls,
    Settings,
    cite,
    controls,
    decode,
    departures,
    difference_rows,
    difference_table,
    encode,
    notices,
    plan_options,
)
from assessments.library import PhaseName
from assessments.model import WEEKDAYS, Assessment, Equipment
from assessments.planner import MAX_SESSIONS, Plan, PlanOptions, make_plan
from tests.plan_helpers import BASE, findings, plan_cases, with_goals

START = date(2026, 1, 5)


@cache
def runner() -> Assessment:
    return Assessment.model_validate(BASE)


@cache
def recommendation() -> Plan:
    return make_plan(runner(), findings(), START)


@cache
def ctl() -> Controls:
    return controls(runner(), START, recommendation())


def variant(**changes: object) -> Plan:
    s = replace(ctl().recommended, **changes)
    return make_plan(runner(), findings(), START, options=plan_options(s, ctl().recommended))


# --- controls ------------------------------------------------------------------------------


def test_defaults_are_the_recommendations_values():
    a, rec = runner(), ctl().recommended
    assert rec.minutes == a.goals.minutes_per_session
    assert rec.equipment == a.goals.equipment
    assert rec.offseason_end == a.goals.offseason_end
    assert rec.plyometrics is True
    assert rec.emphasis == recommendation().emphasis
    main = [s for s in recommendation().splits if s.phase is PhaseName.off_season][-1]
    assert rec.sessions_offseason == main.target
    # Left alone, every control gives exactly the recommendation.
    assert plan_options(rec, rec) == PlanOptions()
    assert variant().summary() == recommendation().summary()


def test_ranges_hold_the_defaults_and_allow_asking_beyond_the_safety_cap():
    c = ctl()
    lo, hi = c.sessions
    assert lo == 0 and hi > MAX_SESSIONS  # so a too-high ask is clamped, visibly
    assert c.minutes[0] <= c.recommended.minutes <= c.minutes[1]
    assert c.recommended.offseason_end is not None
    assert c.offseason_end[0] <= c.recommended.offseason_end <= c.offseason_end[1]
    race = runner().goals.a_race(on_or_after=START + timedelta(days=1))
    assert race is not None and c.offseason_end[1] < race.date
    assert c.recommended.emphasis in c.emphasis
    assert set(c.equipment) == set(Equipment)
    assert set(EMPHASIS_WORDS) == set(c.emphasis)


def test_an_odd_minutes_answer_gets_a_fine_grained_control():
    a = with_goals(minutes_per_session=42)
    c = controls(a, START)
    assert c.recommended.minutes == 42 and c.minutes[2] == 1
    assert decode("", c) == c.recommended
    assert ctl().minutes[2] == 5


def test_without_a_race_the_date_control_spans_the_52_weeks():
    a = with_goals(races=[], general_fitness=True)
    c = controls(a, START)
    assert c.offseason_end[1] == START + timedelta(weeks=52)


def test_options_hold_only_departures():
    rec = ctl().recommended
    s = replace(rec, minutes=rec.minutes + 10, plyometrics=False)
    opts = plan_options(s, rec)
    assert opts.minutes == rec.minutes + 10 and opts.plyometrics is False
    assert opts.sessions_offseason is None and opts.equipment is None and opts.emphasis is None


def test_departures_name_each_changed_control_in_words():
    rec = ctl().recommended
    s = replace(rec, emphasis=1.0, plyometrics=False)
    words = departures(s, rec)
    assert len(words) == 2
    assert any("injury resilience only" in w for w in words)
    assert any(w.startswith("plyometrics (jumps): off") for w in words)
    assert departures(rec, rec) == []


# --- settings as URL text ------------------------------------------------------------------


@st.composite
def any_settings(draw: st.DrawFn) -> Settings:
    c = ctl()
    lo, hi = c.offseason_end
    return Settings(
        sessions_offseason=draw(st.integers(*c.sessions)),
        sessions_inseason=draw(st.integers(*c.sessions)),
        minutes=draw(st.sampled_from(range(c.minutes[0], c.minutes[1] + 1, c.minutes[2]))),
        offseason_end=draw(st.none() | st.dates(lo, hi)),
        emphasis=draw(st.sampled_from(c.emphasis)),
        plyometrics=draw(st.booleans()),
        equipment=draw(st.sampled_from(c.equipment)),
    )


@settings(max_examples=200, deadline=None)
@given(any_settings())
def test_settings_survive_the_url_text(s):
    text = encode(s, ctl().recommended)
    assert decode(text, ctl()) == s
    assert all(ch.isalnum() or ch in "-._" for ch in text)  # URL-safe as it stands


def test_the_recommendation_encodes_to_nothing():
    assert encode(ctl().recommended, ctl().recommended) == ""
    assert decode("", ctl()) == ctl().recommended


def test_bad_url_text_keeps_the_recommendation_or_comes_into_range():
    c = ctl()
    s = decode("off99_plyo7_eqboat_minabc_emp3_end2026-13-40_zzz", c)
    assert s.sessions_offseason == c.sessions[1]  # clamped into the control's range
    assert (s.plyometrics, s.equipment, s.minutes) == (
        True,
        c.recommended.equipment,
        c.recommended.minutes,
    )
    assert (s.emphasis, s.offseason_end) == (c.recommended.emphasis, c.recommended.offseason_end)


# --- the difference table ------------------------------------------------------------------


def test_difference_table_matches_both_plans():
    a, b = recommendation(), variant(sessions_inseason=0, plyometrics=False)
    df = difference_table(a, b)
    assert list(df.columns) == DIFFERENCE_COLUMNS
    by = dict(zip(df["What"], zip(df["Plan A"], df["Plan B"], strict=True), strict=True))
    assert by["Strength sessions in all"] == (len(a.main_sessions), len(b.main_sessions))
    assert by["Sessions in the in-season"] == (
        sum(s.phase is PhaseName.in_season for s in a.main_sessions),
        0,
    )
    assert by["Weeks of heavy loading"] == (a.heavy_weeks, b.heavy_weeks)
    assert by["Sets: Power and plyometrics"][1] == 0  # no jumps in B
    per_phase = [v for k, v in by.items() if k.startswith("Sessions in the ")]
    assert sum(v[0] for v in per_phase) == len(a.main_sessions)
    assert sum(v[1] for v in per_phase) == len(b.main_sessions)
    easy = by["Strength days on easy-run or rest days"]
    assert easy == tuple(sum(s.run in ("easy", "rest") for s in p.main_sessions) for p in (a, b))
    for what, pa, pb, diff in df.itertuples(index=False):
        assert diff == ("0" if pa == pb else (f"+{pb - pa}" if pb > pa else f"−{pa - pb}"))


def test_sets_per_focus_area_add_up_to_all_sets():
    a, b = recommendation(), variant(emphasis=1.0)
    rows = difference_rows(a, b)
    total = next(r for r in rows if r[0] == "Sets in all")
    focus = [r for r in rows if r[0].startswith("Sets: ")]
    assert total[1] == sum(r[1] for r in focus) == sum(s.sets for s in a.sessions)
    assert total[2] == sum(r[2] for r in focus) == sum(s.sets for s in b.sessions)


def test_same_plan_has_no_differences():
    df = difference_table(recommendation(), recommendation())
    assert set(df["Difference"]) == {"0"}


# --- clamps and warnings -------------------------------------------------------------------


def test_a_clamp_says_what_was_asked_what_is_used_and_why():
    b = variant(sessions_offseason=7)
    clamps = [n for n in notices(b) if n.kind == "clamp"]
    assert len(clamps) == 1
    text = clamps[0].text
    assert text.startswith(CONTROL_TITLES["sessions_offseason"])
    # The count the plan holds, measured from its sessions (not the capped ask).
    weeks = [w.week for w in b.weeks if w.phase is PhaseName.off_season]
    per_week = Counter(s.week for s in b.sessions if s.phase is PhaseName.off_season)
    usual = Counter(per_week.get(w, 0) for w in weeks).most_common(1)[0][0]
    assert usual < MAX_SESSIONS
    assert "you asked for 7" in text and f"the plan holds {usual} a week" in text
    assert f"({sum(per_week.values())} sessions in the off-season)" in text
    assert "running week needs days without lifting" in text
    assert clamps[0].source == "our own rule of thumb (no published figure)"


def test_an_offseason_end_in_the_taper_is_clamped_with_its_reason():
    race = runner().goals.a_race(on_or_after=START + timedelta(days=1))
    assert race is not None
    b = variant(offseason_end=race.date - timedelta(days=3))
    clamp = next(n for n in notices(b) if n.kind == "clamp")
    assert "taper" in clamp.text and f"{race.date - timedelta(days=8):%d %b %Y}" in clamp.text


def test_leaving_the_evidence_gives_a_warning_with_its_citation():
    b = variant(sessions_inseason=0)
    warnings = [n for n in notices(b) if n.kind == "warning"]
    text = next(w for w in warnings if "in-season" in w.text)
    assert "strength gains fade" in text.text
    assert "Ronnestad et al. 2010" in text.source and "grade M" in text.source
    assert not [n for n in notices(variant()) if n.kind == "clamp"]


def test_cite_turns_ids_into_citations():
    assert cite("heuristic") == "our own rule of thumb (no published figure)"
    assert cite("barrio2023").startswith("Dudagoitia Barrio et al. 2023")
    both = cite("block_length;eihara2022")
    assert "From eihara2022" in both and "Eihara et al. 2022" in both


@settings(max_examples=60, deadline=None)
@given(any_settings())
def test_any_setting_of_the_controls_gives_a_plan_that_keeps_the_safety_rules(s):
    c = ctl()
    b = make_plan(runner(), findings(), START, options=plan_options(s, c.recommended))
    assert all(w.sessions <= MAX_SESSIONS for w in b.weeks)
    race = runner().goals.a_race(on_or_after=START + timedelta(days=1))
    assert race is not None
    assert not [x for x in b.sessions if x.heavy and x.date >= race.date - timedelta(days=7)]
    asked_too_many = max(s.sessions_offseason, s.sessions_inseason) > MAX_SESSIONS
    in_taper = s.offseason_end is not None and s.offseason_end > race.date - timedelta(days=8)
    clamps = [n for n in notices(b) if n.kind == "clamp"]
    assert bool(clamps) == (asked_too_many or in_taper)  # the recommendation asks for neither
    df = difference_table(recommendation(), b)
    assert df.iloc[0]["Plan B"] == len(b.main_sessions)


# --- what the runner's days and season allow -----------------------------------------------

TWO_DAYS = {
    d: {"run": run, "strength_ok": d in ("tue", "thu")}
    for d, run in zip(
        WEEKDAYS, ["easy", "hard", "easy", "hard", "rest", "long", "rest"], strict=True
    )
}


def test_two_usable_days_allow_two_sessions_and_the_controls_say_why():
    a = with_goals(week=TWO_DAYS)
    rec = make_plan(a, findings(), START)
    c = controls(a, START, rec)
    assert c.usable == 2 and c.usable_days == ("tue", "thu")
    note = c.sessions_note()
    assert note.startswith("Your usable days (Tue, Thu) allow at most 2 sessions a week.")
    assert "Mon, Wed, Fri, Sat, Sun: marked unavailable for strength." in note
    asked = replace(c.recommended, sessions_inseason=7)
    used = c.effective(asked)
    assert used.sessions_inseason <= max(2, c.recommended.sessions_inseason)
    b = make_plan(a, findings(), START, options=plan_options(used, c.recommended))
    assert max(w.sessions for w in b.weeks) <= 2
    texts = [n.text for n in notices(b, asked=asked, ctl=c)]
    clamp = next(t for t in texts if t.startswith(CONTROL_TITLES["sessions_inseason"]))
    n_in = sum(s.phase is PhaseName.in_season for s in b.sessions)
    assert "you asked for 7, but your usable days (Tue, Thu) allow at most 2" in clamp
    assert f"({n_in} sessions in the in-season)" in clamp
    # No message anywhere names a count the plan does not hold.
    assert not [t for t in texts if "5 a week" in t or "5 sessions a week" in t]


@settings(max_examples=25, deadline=None)
@given(plan_cases())
def test_asking_beyond_the_usable_days_changes_no_day(case):
    a, f, start = case
    c = controls(a, start)
    assert 0 <= c.usable <= 4  # no two strength days in a row: at most 4 in any 7 days
    at_cap = make_plan(a, f, start, sessions_offseason=c.usable, sessions_inseason=c.usable)
    beyond = make_plan(a, f, start, sessions_offseason=7, sessions_inseason=7)
    assert [s.date for s in at_cap.sessions] == [s.date for s in beyond.sessions]
    assert all(w.sessions <= c.usable for w in at_cap.weeks)


def test_the_taper_activation_keeps_to_the_sessions_the_usable_days_allow():
    """Found by the property above: Thu, Fri and Sat free, an easy run on Friday. The planner
    lifts after the easy run (one session a week, which the controls say); the taper's light
    session went onto the Saturday of a week that already had its Thursday session."""
    free = {"thu", "fri", "sat"}
    week = {
        d: {"run": "easy" if d == "fri" else "rest", "strength_ok": d in free} for d in WEEKDAYS
    }
    race = {"name": "", "date": "2026-07-24", "type": "marathon", "terrain": "flat"}
    a = with_goals(
        week=week,
        races=[race | {"priority": "A"}],
        offseason_start=None,
        offseason_end=None,
        minutes_per_session=10,
        equipment="none",
    )
    start = date(2026, 3, 18)
    c = controls(a, start)
    plan = make_plan(a, findings(), start, sessions_offseason=c.usable, sessions_inseason=c.usable)
    assert c.usable == 1
    assert all(w.sessions <= c.usable for w in plan.weeks), [
        (w.week, w.sessions) for w in plan.weeks if w.sessions > c.usable
    ]


def test_the_offseason_control_is_off_for_a_season_without_one_until_a_date_gives_it_one():
    a = with_goals(offseason_start=None, offseason_end=None)
    rec = make_plan(a, findings(), START)
    assert PhaseName.off_season not in rec.season.phases()
    c = controls(a, START, rec)
    reason = c.disabled_reason("sessions_offseason", None)
    assert reason.startswith("This season has no off-season, so this setting does not apply.")
    assert "No off-season window was given" in reason
    assert c.disabled_reason("sessions_inseason", None) == ""
    asked = replace(c.recommended, sessions_offseason=0)
    assert c.effective(asked) == c.recommended  # no plan B change from a control that is off
    end = START + timedelta(weeks=8)
    assert PhaseName.off_season in c.phases_for(end)
    assert c.disabled_reason("sessions_offseason", end) == ""
    made = make_plan(a, findings(), START, offseason_end=end)
    assert tuple(made.season.phases()) == c.phases_for(end)
