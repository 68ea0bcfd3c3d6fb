"""Querysets of a fixed shape read by a list of ids, compiled once per process.

A listing's page reads its events by id (`calendar_query.Listing`): a query whose SQL is the
same on every request but for the ids, yet which Django compiles afresh each time, at a cost
several times the query's own (the audience tags are seven subqueries). `ByIds(build)`
compiles `build(ids)` once per number of ids, with sentinel ids standing in, and then runs
that statement with the ids asked for, reading the rows into model instances as the queryset
would (select_related, annotations). Built twice with other sentinels, a shape whose SQL or
other parameters differ (something in it that moves: a time, a setting) is never kept: it is
compiled every time, as before.
"""

import copy

from django.db import connections

#: ids no row has (negative), distinct per position
SENTINEL = -(10**12)
#: the sizes kept per shape: a page holds at most 100 items
MOST_SIZES = 128


class ByIds:
    """`build(ids)` compiled once per number of ids; `key` turns a sentinel (a negative
    whole number) into a value of the ids' type (`str` for text keys such as paths)."""

    def __init__(self, build, key=int):
        self.build = build
        self.key = key
        self.templates = {}

    def __call__(self, ids):
        ids = list(ids)
        if not ids:
            return []
        template = self.templates.get(len(ids))
        if template is None:
            template = self._template(len(ids))
            if len(self.templates) < MOST_SIZES:
                self.templates[len(ids)] = template
        if template is False:
            return list(self.build(ids))
        queryset, compiler, sql, params, positions = template
        params = list(params)
        for position, pk in zip(positions, ids, strict=True):
            params[position] = pk
        params = tuple(params)
        run = copy.copy(compiler)
        run.connection = connections[queryset.db]
        run.as_sql = lambda *args, **kwargs: (sql, params)
        clone = queryset.all()
        clone.query.get_compiler = lambda *args, **kwargs: run
        return list(clone)

    def _template(self, size):
        """(queryset, its compiler, SQL, params, where each id goes), or False when the
        shape's statement is not the same but for the ids."""
        compiled = []
        for first in (SENTINEL, SENTINEL - 1000):
            sentinels = [self.key(first - n) for n in range(size)]
            queryset = self.build(sentinels)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            params = tuple(params)
            if any(params.count(s) != 1 for s in sentinels):
                return False
            positions = [params.index(s) for s in sentinels]
            others = [p for n, p in enumerate(params) if n not in set(positions)]
            compiled.append((queryset, compiler, sql, params, positions, others))
        (queryset, compiler, sql, params, positions, others), again = compiled
        if again[2] != sql or again[4] != positions or again[5] != others:
            return False
        return queryset, compiler, sql, params, positions
