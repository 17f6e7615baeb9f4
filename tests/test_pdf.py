"""The printable plan, read back with pypdf: page 1 is the overview, one section per block on
its own pages, every dated session once with a box to tick, Unicode that prints."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pypdf
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.examples import example_for_today
from assessments.exports import plan_pdf
from assessments.exports.pdf import SESSION_DATE, printable
from assessments.findings import NOT_A_DIAGNOSIS
from assessments.planner import make_plan
from assessments.scoring import score
from tests.conftest import ARTIFACTS

TODAY = date(2026, 11, 30)
START = date(2026, 12, 7)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pages_of(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def runs(plan):
    """Consecutive sessions of one phase and block, as the printout's sections."""
    out: list[list] = []
    for s in plan.sessions:
        if out and (out[-1][-1].phase, out[-1][-1].block) == (s.phase, s.block):
            out[-1].append(s)
        else:
            out.append([s])
    return out


@pytest.fixture(scope="module")
def cautious():
    a = example_for_today("ultra_low_back_pain", TODAY)
    a = a.model_copy(update={"runner_name": "Łukasz Wróbel"})
    findings = score(a)
    plan = make_plan(a, findings, START)
    plan = replace(plan, notes=(*plan.notes, "Keep the effort ≤ 7 out of 10 in the first week."))
    return plan, findings, plan_pdf(plan)


def test_page_one_is_the_overview_with_cautions_and_the_not_a_diagnosis_note(cautious):
    plan, findings, pdf = cautious
    first = flat(pages_of(pdf)[0])
    assert "Strength plan for Łukasz Wróbel" in first
    assert findings.cautions
    for c in findings.cautions:
        assert flat(c.message) in first
    assert flat(NOT_A_DIAGNOSIS) in first
    assert "≤ 7 out of 10" in first
    # No session card on page 1.
    assert not any(f"{s.date:{SESSION_DATE}}" in first for s in plan.sessions)
    assert not re.search(r"(Strength [A-C]|Light activation), weeks? ", first)
    ARTIFACTS.mkdir(exist_ok=True)
    doc = pypdfium2.PdfDocument(pdf)
    try:
        doc[0].render(scale=1.5).to_pil().save(ARTIFACTS / "pdf-page-1.png")
    finally:
        doc.close()
    assert (ARTIFACTS / "pdf-page-1.png").stat().st_size > 10_000


def test_each_block_starts_a_page_and_each_dated_session_appears_once(cautious):
    plan, _, pdf = cautious
    pages = pages_of(pdf)
    blocks = runs(plan)
    assert len(pages) >= 1 + len(blocks)
    everything = "\n".join(pages)
    for s in plan.sessions:
        assert everything.count(f"{s.date:{SESSION_DATE}}") == 1, s.date
    assert "×" in everything
    block_of = {s.date: i for i, run in enumerate(blocks) for s in run}
    heading_pages = []
    for n, text in enumerate(pages[1:], 2):
        on_page = {block_of[s.date] for s in plan.sessions if f"{s.date:{SESSION_DATE}}" in text}
        assert len(on_page) <= 1, f"page {n} holds sessions of two blocks"
        first_line = text.strip().splitlines()[0]
        if re.match(r"^(Off-season|Pre-season|In-season|Taper): .* block, weeks? ", first_line):
            heading_pages.append((n, first_line, on_page))
    # One heading per block, first on its page, and the page holds that block's sessions.
    assert len(heading_pages) == len(blocks)
    for (n, line, on_page), run in zip(heading_pages, blocks, strict=True):
        assert line.startswith(f"{run[0].phase.value.capitalize()}: "), (n, line)
        assert on_page == {block_of[run[0].date]}


def test_a_character_the_font_lacks_is_replaced_never_an_exception(cautious):
    plan, _, _ = cautious
    odd = replace(plan, runner_name="中文 Zoë", notes=("\U000e0001 tag",))
    text = flat(pages_of(plan_pdf(odd))[0])
    assert "Zoë" in text
    assert printable("中") == "\ufffd"
    assert printable("Łukasz × ≤") == "Łukasz × ≤"


def test_the_same_plan_gives_the_same_file(cautious):
    plan, _, pdf = cautious
    assert plan_pdf(plan) == pdf


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=80), note=st.text(max_size=200))
def test_any_text_prints_without_an_exception(cautious, name, note):
    plan, _, _ = cautious
    odd = replace(plan, runner_name=name, notes=(note,), sessions=plan.sessions[:3])
    first = pages_of(plan_pdf(odd))[0]
    assert "Not a diagnosis" in first


def test_the_printout_lists_the_calendars_retest_days(cautious):
    plan, _, pdf = cautious
    assert plan.retests, "the example's season should propose retest days"
    text = flat(" ".join(pages_of(pdf)))
    assert "Retest days" in text
    for r in plan.retests:
        assert f"{r.date:%A %d %B %Y}" in text
