"""The checklist's order: every step after the steps it waits for; among steps free to go,
the coordinator's order. Cycles are found and named; nothing loops."""

from hypothesis import given
from hypothesis import strategies as st

from guide.step_order import find_cycle, nearest_kept, stable_order, without_implied


@st.composite
def dags(draw):
    size = draw(st.integers(1, 12))
    edges = {
        n: set(draw(st.lists(st.integers(0, n - 1), max_size=3))) if n else set()
        for n in range(size)
    }
    # the coordinator's order is a shuffle of the steps: dependencies may point down the list
    position = dict(zip(range(size), draw(st.permutations(range(size))), strict=True))
    return edges, position


@given(dags())
def test_every_step_comes_after_what_it_waits_for(dag):
    edges, position = dag
    order = stable_order(edges, edges, position)
    assert sorted(order) == sorted(edges)
    where = {key: n for n, key in enumerate(order)}
    assert all(where[d] < where[k] for k, deps in edges.items() for d in deps)


@given(dags())
def test_a_step_goes_first_whenever_it_is_free_and_earliest(dag):
    edges, position = dag
    order = stable_order(edges, edges, position)
    done = set()
    for key in order:
        free = [k for k in edges if k not in done and edges[k] <= done]
        assert key == min(free, key=position.__getitem__)
        done.add(key)


def test_without_dependencies_the_coordinators_order_stands():
    assert stable_order("abc", {}, {"a": 2, "b": 0, "c": 1}) == ["b", "c", "a"]


def test_a_cycle_in_stored_data_does_not_loop():
    edges = {"a": {"b"}, "b": {"a"}, "c": set()}
    assert stable_order(edges, edges, {"a": 0, "b": 1, "c": 2}) == ["c", "a", "b"]
    assert nearest_kept(edges, {"a", "c"}) == {"a": set(), "c": set()}


def test_find_cycle_names_the_way_round():
    edges = {"cpr": {"permit"}, "permit": {"doctor"}, "doctor": {"cpr"}}
    assert find_cycle(edges, "cpr") == ["cpr", "permit", "doctor", "cpr"]
    assert find_cycle({"a": {"b"}, "b": set()}, "a") is None


def test_dependencies_through_left_out_steps_and_implied_ones():
    edges = {"doctor": {"cpr", "move"}, "cpr": {"home"}, "move": {"home"}, "home": set()}
    kept = {"doctor", "move", "home"}
    waits = nearest_kept(edges, kept)
    assert waits == {"doctor": {"home", "move"}, "move": {"home"}, "home": set()}
    assert without_implied(waits, ["home", "move", "doctor"])["doctor"] == {"move"}
