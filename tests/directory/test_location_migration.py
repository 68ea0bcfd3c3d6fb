"""Associations' and practices' `lat` and `lon` become `latitude` and `longitude` value for
value; a proposal waiting for approval, stored with the old names, still publishes its
coordinates; going back restores the old names."""

import pytest

from directory import moderation
from directory.models import Association, AssociationSubmission, Practice
from tests.communities.migrating import latest, migrate
from tests.directory.factories import entry

BEFORE = [("directory", "0002_listing_order")]
AFTER = [("directory", "0003_location_fields")]
POINTS = {"Nordborg Roklub": (55.0575, 9.7412), "Kegnæs Sejlklub": (54.8532, 9.9877)}
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def old_proposal():
    data = entry(name="Guderup Kor")
    data["lat"], data["lon"] = data.pop("latitude"), data.pop("longitude")
    return data


def add_rows(apps):
    association = apps.get_model("directory", "Association")
    practice = apps.get_model("directory", "Practice")
    submission = apps.get_model("directory", "AssociationSubmission")
    for name, (lat, lon) in POINTS.items():
        association.objects.create(
            name=name, description="…", categories=["sport"], email="a@b.dk", lat=lat, lon=lon
        )
        practice.objects.create(
            name=name, address="Storegade 1", languages=["da"], lat=lat, lon=lon
        )
    association.objects.create(
        name="Uden sted", description="…", categories=["social"], email="c@d.dk"
    )
    submission.objects.create(
        data=old_proposal(), email="kor@guderup.dk", status="pending", confirmation_token="t"
    )


def test_every_coordinate_is_kept(coordinator):
    try:
        add_rows(migrate(BEFORE))
        migrate(latest())
        for model in (Association, Practice):
            kept = {row.name: row.point for row in model.objects.all()}
            assert {name: kept[name] for name in POINTS} == POINTS
        assert Association.objects.get(name="Uden sted").point is None
        nearby = Association.objects.near(55.05, 9.74, 5)
        assert [row.name for row in nearby] == ["Nordborg Roklub"]

        submission = AssociationSubmission.objects.get()
        assert moderation.approve(submission, coordinator).is_valid()
        published = Association.objects.get(name="Guderup Kor")
        assert published.point == (55.057, 9.741)
    finally:
        migrate(latest())


def test_going_back_restores_the_old_names():
    try:
        add_rows(migrate(BEFORE))
        migrate(AFTER)
        apps = migrate(BEFORE)
        for name in ("Association", "Practice"):
            rows = apps.get_model("directory", name).objects.filter(name__in=POINTS)
            assert {row.name: (row.lat, row.lon) for row in rows} == POINTS
        proposal = apps.get_model("directory", "AssociationSubmission").objects.get().data
        assert proposal == old_proposal()
    finally:
        migrate(latest())
