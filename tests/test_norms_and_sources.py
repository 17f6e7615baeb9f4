"""Balance norms by age band, messages without norm figures, cited ids and evidence grades."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from assessments.derived import (
    NORM_DEPENDENT,
    NORM_TESTS,
    age_band,
    measures,
    norm_for,
    norms_used,
)
from assessments.grades import GRADE_WORDS, grade_words
from assessments.library import load_library
from assessments.model import Assessment, Sex
from assessments.rules import load_rules
from assessments.scoring import score
from assessments.tables import RULES_DIR
from tests.scoring_support import build

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT.parent / "shared" / "domain"  # CI: a fresh clone with shared/ beside it

# springer2007 (protocols.md §10): per band, the lower of the women's and men's value.
BANDS = [
    (12, 39, 13.1),
    (40, 49, 12.0),
    (50, 59, 7.9),
    (60, 69, 3.6),
    (70, 79, 2.6),
    (80, 100, 1.8),
]


@pytest.mark.parametrize(("first", "last", "low"), BANDS)
@pytest.mark.parametrize("sex", ["female", "male", "prefer_not_to_say"])
def test_balance_norm_at_each_band_boundary(first: int, last: int, low: float, sex: str) -> None:
    rules = load_rules()
    for age in (first, last):
        norm = norm_for(rules.norms, "single_leg_balance", None, None, age)
        assert norm is not None and norm.low == low and norm.asymmetry_abs == 2, age
        changes = {"history.age": age, "history.sex": sex, "history.years_running": 1}
        if sex != "male":
            changes |= {"health.pregnant": False}
        below = int(low) if low != int(low) else int(low) - 1  # whole seconds below the average
        at_or_above = int(low) + 1
        m = measures(
            build(
                **changes,
                **{"self_tests.single_leg_balance": {"left": below, "right": at_or_above}},
            ),
            rules.norms,
        )
        assert m["single_leg_balance.below_norm"] is True
        m = measures(
            build(
                **changes,
                **{"self_tests.single_leg_balance": {"left": at_or_above, "right": 45}},
            ),
            rules.norms,
        )
        assert m["single_leg_balance.below_norm"] is False


@pytest.mark.parametrize(("left", "right", "asymmetric"), [(20, 22, False), (20, 23, True)])
def test_balance_asymmetry_is_absolute_seconds(left: int, right: int, asymmetric: bool) -> None:
    m = measures(
        build(**{"self_tests.single_leg_balance": {"left": left, "right": right}}),
        load_rules().norms,
    )
    assert m["single_leg_balance.asymmetric"] is asymmetric
    m = measures(
        build(**{"self_tests.single_leg_balance": {"left": right, "right": left}}),
        load_rules().norms,
    )
    assert m["single_leg_balance.asymmetric"] is asymmetric


def test_ages_12_to_17_use_the_18_to_39_row_and_say_it_is_our_choice() -> None:
    rows = [n for n in load_rules().norms if n.test == "single_leg_balance"]
    young = next(n for n in rows if n.age_from == 12)
    assert young.age_to == 39 and "heuristic" in young.source and "12-17" in young.note


def test_calf_norm_row_says_why_it_keeps_lunsford1995() -> None:
    (calf,) = [n for n in load_rules().norms if n.test == "calf_raise"]
    assert calf.source == "lunsford1995" and "hebertlosier2017" in calf.note


def test_no_finding_message_quotes_a_figure_of_its_norm_row() -> None:
    for rule in load_rules().findings:
        fields = [c.field for c in rule.conditions]
        if any(f.split(".")[-1] in NORM_DEPENDENT for f in fields):
            assert not re.search(r"\d", rule.message), (rule.id, rule.message)


def test_why_shows_the_matching_norm_rows_figures() -> None:
    a = build(
        **{
            "history.age": 45,
            "history.years_running": 5,
            "self_tests.single_leg_balance": {"left": 5, "right": 20},
        }
    )
    f = score(a)
    fired = {r.rule_id: r for fs in f.focus for r in fs.rules}
    assert "12 s is low" in fired["balance_low"].norm
    assert "ages 40-49" in fired["balance_low"].norm
    assert "more than 2 s" in fired["balance_asymmetry"].norm
    assert "13.1" not in fired["balance_low"].norm  # another band's figure
    used = norms_used(a, load_rules().norms)["single_leg_balance"]
    assert used is not None and used.figures() == fired["balance_low"].norm


def _runner(sex: Sex | None, age: int | None) -> Assessment:
    return cast(Assessment, SimpleNamespace(history=SimpleNamespace(sex=sex, age=age)))


@pytest.mark.parametrize("shift", [0, 3, 7])
def test_norm_rows_per_sex_and_age_are_norm_for_at_every_age(shift: int) -> None:
    """The rows worked out once per norms table equal `norm_for` for each runner, also for a
    coach's table whose age ranges start and end at other ages than the bands."""
    norms = load_rules().norms
    if shift:
        norms = tuple(
            n.model_copy(
                update={
                    "age_from": None if n.age_from is None else n.age_from + shift,
                    "age_to": None if n.age_to is None else n.age_to + 2 * shift,
                }
            )
            for n in norms
        )
    for sex in (None, *Sex):
        for age in (None, *range(0, 131)):
            band = age_band(age).value if age is not None else None
            want = {t: norm_for(norms, t, sex, band, age) for t in NORM_TESTS}
            assert norms_used(_runner(sex, age), norms) == want, (sex, age)
            assert norms_used(_runner(sex, age), list(norms)) == want, (sex, age)


# --- cited ids --------------------------------------------------------------------------------


def _cited() -> dict[str, set[str]]:
    """Every source id cited by every rules table, by file."""
    out: dict[str, set[str]] = {}
    for path in RULES_DIR.glob("*.csv"):
        if path.name == "sources.csv":
            continue
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        rows = csv.DictReader(ln for ln in lines if not ln.startswith("#"))
        out[path.name] = {
            s.strip() for row in rows for s in (row.get("source") or "").split(";") if s.strip()
        }
    return out


def test_every_cited_id_is_in_sources_csv() -> None:
    known = set(load_rules().sources)
    cited = _cited()
    assert set(cited) >= {"findings.csv", "red_flags.csv", "cautions.csv", "norms.csv"}
    assert {"exercises.csv", "phases.csv"} <= set(cited)
    for name, used in cited.items():
        assert used, name
        assert used <= known, (name, used - known)
    # and the library's own check agrees
    lib = load_library()
    assert {s for e in lib.exercises.values() for s in e.source} <= known


def _domain_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))


def _doc_grades(text: str) -> dict[str, str]:
    """id -> grade for table rows whose first cell is an id and last cell only a grade."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[a-z_0-9]+", cells[0]):
            if re.fullmatch(r"heuristic|[SMWC](/[SMWC])*", cells[-1]):
                out[cells[0]] = cells[-1]
    return out


@pytest.mark.skipif(
    not DOMAIN.is_dir(),
    reason=f"the shared domain docs are not beside the repository ({DOMAIN} is absent)",
)
def test_sources_csv_matches_the_shared_domain_docs() -> None:
    text = _domain_text(DOMAIN)
    sources = load_rules().sources
    for sid, row in sources.items():
        if sid == "heuristic":
            continue
        assert re.search(rf"\b{re.escape(sid)}\b", text), f"{sid} is not in {DOMAIN}"
    for sid, grade in _doc_grades(text).items():
        if sid in sources:
            assert sources[sid].grade == grade, (sid, sources[sid].grade, grade)


def test_the_domain_comparison_reads_ids_and_grades(tmp_path: Path) -> None:
    """The comparison above, on a small stand-in folder, so it is tested where docs are absent."""
    (tmp_path / "evidence.md").write_text(
        "| id | finding | figure | grade |\n|---|---|---|---|\n"
        "| blagrove2018 | RE | +2-8% | S |\n| toresdahl2020 | x | y | S, makes it **C** |\n",
        encoding="utf-8",
    )
    grades = _doc_grades(_domain_text(tmp_path))
    assert grades == {"blagrove2018": "S"}
    assert load_rules().sources["blagrove2018"].grade == grades["blagrove2018"]


# --- grades in plain words --------------------------------------------------------------------


def test_every_grade_in_sources_csv_has_plain_words() -> None:
    for row in load_rules().sources.values():
        words = grade_words(row.grade)
        assert words and words.endswith(".")
    assert set(GRADE_WORDS) == {"S", "M", "W", "C", "heuristic"}
    assert grade_words("S/M").startswith("Between strong and moderate")


def test_an_unknown_grade_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown evidence grade 'X'"):
        grade_words("X")
