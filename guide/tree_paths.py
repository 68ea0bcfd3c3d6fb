"""A section of Wagtail's page tree (a community's), read on the `path` index on SQLite too.

Treebeard's paths (`Page.path`: steps of four characters of its alphabet, 0-9 and A-Z) say
where a page stands: the pages below one are those whose path starts with its path, which
Wagtail asks for as `path__startswith` (`descendant_of_q`). On SQLite that is
`LIKE 'path%'`, which is case-insensitive and so reads no index: a community's twenty events
were found by checking all 10,800 event pages of a large site. `path__subtree` asks for the
same paths as a range of the unique `path` index: from the path to the path followed by a
character after every character of the alphabet ("~"; SQLite compares bytes). PostgreSQL
keeps `LIKE`, which its `varchar_pattern_ops` index reads (Django adds it beside the unique
index). Meant for a section, a small part of the tree: for a site's root, which holds most
of it, SQLite's other indexes read better (a site's pages are asked for as Wagtail does).
"""

from django.db.models import Q
from django.db.models.lookups import Lookup, StartsWith
from wagtail.models import Page

#: sorts after every character of treebeard's alphabet (0-9, A-Z), byte by byte
AFTER_ALPHABET = "~"


class Subtree(Lookup):
    lookup_name = "subtree"

    def as_sql(self, compiler, connection):
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        if not self.rhs_is_direct_value() or not isinstance(self.rhs, str):
            return self.as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        return f"({lhs} >= %s AND {lhs} < %s)", [*params, self.rhs, self.rhs + AFTER_ALPHABET]


def below_q(page):
    """The pages below `page` (not itself): Wagtail's `descendant_of_q`, on `Subtree`."""
    return Q(path__subtree=page.path, depth__gt=page.depth)


def register():
    Page._meta.get_field("path").register_lookup(Subtree)
