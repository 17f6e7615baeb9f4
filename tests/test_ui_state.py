"""The copy a screen's memo keeps of the answers: equal now, untouched by later edits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.examples import load_example
from ui.state import copy_of

leaves = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.dates()
nested = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(nested)
def test_the_copy_is_equal_and_shares_no_container(data) -> None:
    copied = copy_of(data)
    assert copied == data
    stack = [(data, copied)]
    while stack:
        a, b = stack.pop()
        if isinstance(a, (list, dict)):
            assert a is not b
        if isinstance(a, dict):
            stack += [(a[k], b[k]) for k in a]
        elif isinstance(a, (list, tuple)):
            stack += list(zip(a, b, strict=True))


def test_editing_the_answers_after_the_copy_leaves_the_copy_as_it_was() -> None:
    answers = load_example("masters_marathoner").model_dump()
    answers["earlier"] = [load_example("masters_marathoner").model_dump()]
    kept = copy_of(answers)
    answers["goals"]["minutes_per_session"] = 99
    answers["earlier"][0]["self_tests"]["prone_plank"] = 1
    answers["goals"]["races"].clear()
    assert kept["goals"]["minutes_per_session"] != 99
    assert kept["earlier"][0]["self_tests"]["prone_plank"] != 1
    assert kept["goals"]["races"]
