"""Search without a full-text index: every word somewhere in the given fields."""

from django.db.models import Q


def every_word(text, fields):
    """A filter for rows with each word of `text` (case-insensitive) in one of `fields`."""
    condition = Q()
    for word in plain(text).split():
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        condition &= match
    return condition


def plain(text):
    """`text` as a database takes it: PostgreSQL cannot hold a NUL in a string parameter."""
    return text.replace("\x00", " ")
