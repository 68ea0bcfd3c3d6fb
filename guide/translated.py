"""Rows whose texts are Danish with optional English and German copies in fields of their
own (`title`, `title_en`, `title_de`): a text in the asked language."""


def translated(row, field, language):
    """`field` of `row` in `language` (`title_en` …), or the Danish one where it is empty."""
    if language != "da":
        value = getattr(row, f"{field}_{language}", "")
        if value:
            return value
    return getattr(row, field)
