"""Loading an existing list of associations (CSV or XLSX) through the same form the
associations fill in. Rows match published entries on `external_id`, else on name and
e-mail, so importing the same file twice changes nothing. The format is described in
docs/directory.md; directory/samples/associations.csv is an example."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from wagtail.models import Site

from directory.forms import FIELDS, AssociationForm, community_pages, data_of, with_current_names
from directory.models import Association
from guide.sites import default_site_id

LIST_FIELDS = ("categories", "audiences", "languages")
TRUE = ("1", "true", "yes", "ja", "x")
#: columns the file may have besides the form's fields
EXTRA_COLUMNS = ("external_id", "community_name")


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (row number, field, message)


def read_rows(path):
    """(row number as a spreadsheet shows it, {column: text}) for every data row."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(cell or "").strip().lower() for cell in next(rows, [])]
        for number, values in enumerate(rows, start=2):
            cells = ["" if value is None else str(value).strip() for value in values]
            if any(cells):
                yield number, dict(zip(header, cells, strict=False))
        return
    with path.open(newline="", encoding="utf-8-sig") as file:
        sample = file.read(4096)
        file.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        reader = csv.DictReader(file, dialect=dialect)
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
        for row in reader:
            cells = {key: (value or "").strip() for key, value in row.items() if key}
            if any(cells.values()):
                yield reader.line_num, cells


def form_data(row, site):
    """A row's text as the form's data: lists split on `;` or `,`, yes/no as booleans, a
    community by its Danish name or its page id, coordinates under their old column names
    (`lat`, `lon`) too."""
    row = with_current_names(row)
    data = {name: row.get(name, "") for name in FIELDS}
    for name in LIST_FIELDS:
        data[name] = [code.strip() for code in data[name].replace(";", ",").split(",") if code]
    for name in ("newcomer_friendly", "fee_free"):
        data[name] = data[name].lower() in TRUE
    if row.get("community_name") and not data["community"]:
        page = (
            community_pages(site)
            .filter(title__iexact=row["community_name"], locale__language_code="da")
            .first()
        )
        data["community"] = page.pk if page else f"unknown: {row['community_name']}"
    return data


def existing(row, data, site):
    queryset = Association.objects.of_site(site)
    if row.get("external_id"):
        return queryset.filter(external_id=row["external_id"]).first()
    return queryset.filter(name__iexact=data["name"], email__iexact=data["email"]).first()


def import_rows(rows, site=None, dry_run=False):
    """Rows into `site`'s directory (the default site's if None): they match, update and name
    the communities of that municipality only."""
    site = site or Site.objects.get(pk=default_site_id())
    report = Report()
    with transaction.atomic():
        for number, row in rows:
            data = form_data(row, site)
            association = existing(row, data, site)
            before = data_of(association) if association else None
            form = AssociationForm(data=data, instance=association, site=site)
            if not form.is_valid():
                for name, messages in form.errors.items():
                    for message in messages:
                        report.errors.append((number, name, message))
                continue
            if before == form.proposal() and association.external_id == row.get(
                "external_id", association.external_id
            ):
                report.unchanged += 1
                continue
            entry = form.save(commit=False)
            entry.site = site
            entry.external_id = row.get("external_id", "")
            entry.save()
            if association is None:
                report.created += 1
            else:
                report.updated += 1
        if dry_run:
            transaction.set_rollback(True)
    return report
