"""`seed_demo` fills the directory: 150+ associations over the communities and categories,
some waiting for approval, a handful of practices; a second run changes nothing."""

from directory.models import Association, AssociationSubmission, Practice
from directory.models.choices import CATEGORIES


def test_the_demo_directory(db, demo, client):
    associations = Association.objects.all()
    assert associations.count() >= 150
    assert associations.values("community").distinct().count() >= 15
    used = {code for entry in associations for code in entry.categories}
    assert used >= {code for code, _label in CATEGORIES} - {"other"}
    assert associations.exclude(description_en="").count() >= 30
    assert associations.exclude(description_de="").count() >= 30
    waiting = AssociationSubmission.objects.waiting()
    assert waiting.filter(association__isnull=True).count() >= 3
    assert waiting.filter(association__isnull=False).exists()
    assert Practice.objects.count() >= 5

    body = client.get("/api/v2/associations/?locale=en&category=nature&limit=5").json()
    assert body["meta"]["total_count"] > 20
    assert client.get("/api/v2/doctors/?language=de").json()["meta"]["total_count"] >= 1
