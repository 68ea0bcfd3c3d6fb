"""Reading a series' rows from a CSV file: a header line, then one row a line; the first
column is the row's label (a year, an area, a status), every other column a number (`.` for
decimals, no thousands separators). A file is imported whole or not at all: the first bad
line stops it with an error naming the file, the line and the column."""

import csv
import io
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from figures.models import Row, Series


class BadFile(Exception):
    """What is wrong with a file, in words for the person who gave it."""


def parse_number(text):
    text = text.strip()
    try:
        number = int(text)
    except ValueError:
        number = float(text)  # a ValueError for the caller
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(text) from None
    return number


def read_rows(name, text, series=None):
    """(label column key, [column keys], [(label, {key: number})]) from the CSV `text`; the
    columns must be the series' own (any order) when a series is given."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if not header or len(header) < 2:
        raise BadFile(
            _("%(file)s line 1: a header with a label and at least one number column is needed")
            % {"file": name}
        )
    header = [cell.strip() for cell in header]
    label_key, keys = header[0], header[1:]
    if len(set(header)) != len(header):
        raise BadFile(_("%(file)s line 1: a column is named twice") % {"file": name})
    if series is not None and set(keys) != set(series.column_keys):
        raise BadFile(
            _("%(file)s line 1: the columns must be %(expected)s, not %(found)s")
            % {
                "file": name,
                "expected": ", ".join(series.column_keys),
                "found": ", ".join(keys),
            }
        )
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise BadFile(
                _("%(file)s line %(line)s: %(found)s columns, the header has %(expected)s")
                % {"file": name, "line": line, "found": len(cells), "expected": len(header)}
            )
        label = cells[0].strip()
        if not label:
            raise BadFile(
                _("%(file)s line %(line)s, column %(column)s: the label is empty")
                % {"file": name, "line": line, "column": label_key}
            )
        values = {}
        for key, cell in zip(keys, cells[1:], strict=True):
            try:
                values[key] = parse_number(cell)
            except ValueError:
                raise BadFile(
                    _('%(file)s line %(line)s, column %(column)s: "%(value)s" is not a number')
                    % {"file": name, "line": line, "column": key, "value": cell}
                ) from None
        rows.append((label, values))
    return label_key, keys, rows


@transaction.atomic
def import_file(site, path, slug, translations=None):
    """Replace the rows of `site`'s series `slug` by the file's (a new series, titled by
    its slug, when there is none yet). `translations`: {label: (English, German)}.
    Returns the series."""
    path = Path(path)
    series = Series.objects.filter(site=site, slug=slug).select_for_update().first()
    label_key, keys, rows = read_rows(path.name, path.read_text(encoding="utf-8"), series)
    if series is None:
        series = Series.objects.create(
            site=site,
            slug=slug,
            title=slug,
            label_heading=label_key,
            columns=[{"key": key, "da": key} for key in keys],
        )
    # a label keeps the English and German it had, unless told otherwise
    kept = {row.label: (row.label_en, row.label_de) for row in series.rows.all()}
    translations = {**kept, **(translations or {})}
    series.rows.all().delete()
    Row.objects.bulk_create(
        Row(
            series=series,
            sort_order=n,
            label=label,
            label_en=translations.get(label, ("", ""))[0],
            label_de=translations.get(label, ("", ""))[1],
            values=values,
        )
        for n, (label, values) in enumerate(rows)
    )
    series.save()  # (the API's responses that read it are renewed)
    return series
