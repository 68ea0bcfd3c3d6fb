"""The order of checklist steps and their dependencies, as plain functions over step keys.

A step is known by a key (its translation key, shared by its copies in every language), so
that dependencies mean the same in every language. All work here is linear in the number of
steps and dependencies: no input makes it loop.
"""

import heapq


def find_cycle(edges, start):
    """A path start → … → start through `edges` (key -> keys it depends on), or None."""
    stack = [(start, iter(edges.get(start, ())))]
    path, seen = [start], {start}
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.pop()
            continue
        if child == start:
            return [*path, start]
        if child not in seen:
            seen.add(child)
            path.append(child)
            stack.append((child, iter(edges.get(child, ()))))
    return None


def nearest_kept(edges, kept):
    """For each kept step, the kept steps it waits for, looking through steps left out (a
    step for another audience still orders the steps around it)."""
    memo = {}

    def reach(key):
        # the kept steps reachable from `key` without passing a kept one (memoised, so each
        # step is visited once; the depth is at most the number of steps)
        if key in memo:
            return memo[key]
        memo[key] = set()  # guards against a cycle in stored data
        found = set()
        for dependency in edges.get(key, ()):
            if dependency in kept:
                found.add(dependency)
            else:
                found |= reach(dependency)
        memo[key] = found
        return found

    result = {}
    for key in kept:
        found = set()
        for dependency in edges.get(key, ()):
            found |= {dependency} if dependency in kept else reach(dependency)
        found.discard(key)
        result[key] = found
    return result


def stable_order(keys, edges, position):
    """`keys` in an order that puts every step after the steps it depends on (`edges`, within
    `keys`); among the steps free to go next, the lowest `position` (the coordinator's order)
    goes first. Steps caught in a cycle (which saving refuses, so only stored data that was
    never validated) follow in the coordinator's order."""
    keys = list(keys)
    waiting = {key: set(edges.get(key, ())) & set(keys) for key in keys}
    dependents = {key: [] for key in keys}
    for key, dependencies in waiting.items():
        for dependency in dependencies:
            dependents[dependency].append(key)
    ready = [(position[key], key) for key, dependencies in waiting.items() if not dependencies]
    heapq.heapify(ready)
    order = []
    while ready:
        _position, key = heapq.heappop(ready)
        order.append(key)
        for dependent in dependents[key]:
            waiting[dependent].discard(key)
            if not waiting[dependent]:
                heapq.heappush(ready, (position[dependent], dependent))
    placed = set(order)
    order += sorted((key for key in keys if key not in placed), key=position.__getitem__)
    return order


def without_implied(waits_for, order):
    """Each step's dependencies without those implied by another of them (A waits for B and
    C, B for C: A's list is B). `order` lists every key after the keys it waits for."""
    before = {}
    for key in order:
        before[key] = set()
        for dependency in waits_for.get(key, ()):
            before[key] |= {dependency} | before.get(dependency, set())
    return {
        key: {
            dependency
            for dependency in dependencies
            if not any(dependency in before.get(other, ()) for other in dependencies)
        }
        for key, dependencies in waits_for.items()
    }
