"""The results screen's words built from the findings: cautions, each focus area's "Why?"
and the lines for coaches, as escaped markdown.

Built once per answers (pages/results.py keeps them with its view). What depends only on the
loaded rules (the ids runner text must not show, each list of sources in words) is kept
here across runs and sessions, for the rules table it was made from.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.coach import results_lines
from assessments.derived import FIELDS
from assessments.findings import Caution, Findings, FocusScore
from assessments.focus import FOCUS_DESCRIPTIONS, FOCUS_TITLES
from assessments.rules import Rules
from assessments.wording import evidence_lines, rule_ids, without_ids
from ui.widgets import md_escape


@dataclass(frozen=True)
class Texts:
    """The screen's words built from the findings, kept with the view: redrawn as they are."""

    cautions: tuple[str, ...]  # markdown, escaped
    why: tuple[tuple[str, str, tuple[str, ...]], ...]  # (expander label, caption, markdown)
    coaches: str  # markdown, escaped


def texts(f: Findings, rules: Rules) -> Texts:
    of_rules = _of_rules(rules)
    return Texts(
        cautions=tuple(_caution(c, of_rules.ids) for c in f.cautions),
        why=tuple(
            (f"Why? {FOCUS_TITLES[fs.area]}: {fs.score}", md_escape(FOCUS_DESCRIPTIONS[fs.area]))
            + (_why(fs, of_rules),)
            for fs in f.focus
        ),
        coaches="\n".join(f"- {md_escape(line)}" for line in results_lines(f)),
    )


def _caution(c: Caution, ids: frozenset[str]) -> str:
    text = md_escape(without_ids(c.message, ids))
    if c.areas:
        text += "  \nLess load on: " + md_escape(", ".join(a.replace("_", " ") for a in c.areas))
    if c.slow:
        text += "  \nSlower progression for: " + md_escape(
            ", ".join(FOCUS_TITLES[s].lower() for s in c.slow)
        )
    return text


def _why(fs: FocusScore, of_rules: _OfRules) -> tuple[str, ...]:
    """The markdown under one focus area's "Why?"."""
    if not fs.rules:
        return ("No rule gave points to this area for your answers.",)
    out = []
    for r in fs.rules:
        values = "; ".join(
            f"{md_escape(FIELDS[k].label)}: **{md_escape(v)}**"
            for k, v in r.values.items()
            if k in FIELDS
        )
        sources = of_rules.evidence(";".join(s.id for s in r.sources), "  \n", escape=True)
        sign = "+" if r.points >= 0 else "−"
        figures, _, norm_ids = r.norm.partition("; source: ")
        norm_from = of_rules.evidence(norm_ids, "; ")
        norm = f"  \nNorm used: {md_escape(figures)}" if r.norm else ""
        norm += f" ({md_escape(norm_from)})" if r.norm and norm_from else ""
        message = md_escape(without_ids(r.message, of_rules.ids))
        out.append(
            f"**{sign}{abs(r.points):g} points** · {message}"
            f"  \nYour answers: {values}{norm}  \nEvidence:  \n{sources}"
        )
    return tuple(out)


class _OfRules:
    """What the wording needs from one rules table, worked out once: the ids runner text
    must not show, and each list of sources in words (the same few lists recur in every
    rule and every assessment; wording a citation searches all source ids, about half the
    wording's time before)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.ids = rule_ids(rules)
        self._evidence: dict[tuple[str, str, bool], str] = {}

    def evidence(self, ids: str, sep: str, escape: bool = False) -> str:
        """evidence_lines of `ids`, joined with `sep` (each line escaped)."""
        key = (ids, sep, escape)
        text = self._evidence.get(key)
        if text is None:
            lines = evidence_lines(ids, self.rules.sources)
            text = sep.join(md_escape(e) if escape else e for e in lines)
            self._evidence[key] = text
        return text


_LAST: list[_OfRules] = []  # for the rules table last used (one table at a time)


def _of_rules(rules: Rules) -> _OfRules:
    last = _LAST[0] if _LAST else None
    if last is None or last.rules is not rules:
        last = _OfRules(rules)
        _LAST[:] = [last]
    return last
