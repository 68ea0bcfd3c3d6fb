"""`manage.py import_associations FILE`: CSV or XLSX, a dry run, a report naming each bad
row and field, and a second import of the same file changes nothing."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from directory.models import Association

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "directory" / "samples" / "associations.csv"


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_associations", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def with_rows(tmp_path, rows, suffix=".csv", delimiter=","):
    with SAMPLE.open(encoding="utf-8") as file:
        original = list(csv.DictReader(file))
    header = list(original[0])
    path = tmp_path / f"list{suffix}"
    records = [{**original[0], **row} for row in rows]
    if suffix == ".xlsx":
        book = Workbook()
        book.active.append(header)
        for record in records:
            book.active.append([record[name] for name in header])
        book.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, header, delimiter=delimiter)
            writer.writeheader()
            writer.writerows(records)
    return path


@pytest.fixture
def nordborg(make_community):
    make_community(title="Gråsten")
    return make_community(title="Nordborg")


def test_the_sample_imports_and_a_second_import_changes_nothing(nordborg):
    out, err = run(SAMPLE)
    assert "created 3, updated 0, unchanged 0, rows with errors 0" in out, err
    rowing = Association.objects.get(external_id="SB-0001")
    assert rowing.community == nordborg
    assert rowing.categories == ["sport", "nature"]
    assert rowing.newcomer_friendly and not rowing.fee_free
    assert (rowing.latitude, rowing.longitude) == (55.0575, 9.7412)
    assert Association.objects.get(external_id="SB-0003").fee_free
    before = list(Association.objects.values().order_by("pk"))

    out, _err = run(SAMPLE)
    assert "created 0, updated 0, unchanged 3" in out
    assert list(Association.objects.values().order_by("pk")) == before


def test_a_file_with_the_old_coordinate_columns_keeps_its_coordinates(tmp_path, nordborg):
    with SAMPLE.open(encoding="utf-8") as file:
        text = file.read()
    old = tmp_path / "old.csv"
    old.write_text(text.replace(",latitude,longitude,", ",lat,lon,", 1), encoding="utf-8")
    out, err = run(old)
    assert "created 3" in out and "rows with errors 0" in out, err
    rowing = Association.objects.get(external_id="SB-0001")
    assert (rowing.latitude, rowing.longitude) == (55.0575, 9.7412)
    assert "unchanged 3" in run(SAMPLE)[0]  # the same entries as the current columns give


def test_a_dry_run_saves_nothing(nordborg):
    out, _err = run(SAMPLE, "--dry-run")
    assert "dry run" in out and "created 3" in out
    assert not Association.objects.exists()


def test_bad_rows_are_reported_by_number_and_field_and_skipped(tmp_path):
    path = with_rows(
        tmp_path,
        [
            {"external_id": "A", "name": "Gode Forening", "community_name": ""},
            {"external_id": "B", "email": "no-address", "community_name": ""},
            {"external_id": "C", "categories": "sport;knitting", "community_name": "Atlantis"},
        ],
    )
    out, err = run(path)
    assert "row 3: email:" in err
    assert "row 4: categories:" in err
    assert "row 4: community:" in err
    assert "created 1" in out and "rows with errors 2" in out
    assert list(Association.objects.values_list("external_id", flat=True)) == ["A"]


def test_a_changed_row_updates_its_entry(tmp_path):
    run(with_rows(tmp_path, [{"community_name": ""}]))
    out, _err = run(with_rows(tmp_path, [{"community_name": "", "fee_max": "1000"}]))
    assert "created 0, updated 1" in out
    assert Association.objects.get().fee_max == 1000


def test_rows_without_an_id_match_on_name_and_email(tmp_path):
    path = with_rows(tmp_path, [{"external_id": "", "community_name": ""}], delimiter=";")
    run(path)
    out, _err = run(path)
    assert "unchanged 1" in out
    assert Association.objects.count() == 1


def test_xlsx(tmp_path):
    path = with_rows(
        tmp_path, [{"community_name": ""}, {"external_id": "X", "name": "Anden"}], ".xlsx"
    )
    out, err = run(path)
    assert "row 3: community:" in err  # "Nordborg" does not exist here
    assert "created 1" in out
    out, _err = run(path)
    assert "unchanged 1" in out
