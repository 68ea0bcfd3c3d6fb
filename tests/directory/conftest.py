"""The directory's fixtures on top of tests/conftest.py (locales → home → community)."""

import io

import pytest
from PIL import Image

from tests.directory.factories import AssociationFactory, PracticeFactory

SUBMISSIONS = "/api/v2/associations/submissions/"
LISTING = "/api/v2/associations/"


@pytest.fixture
def association(db):
    return AssociationFactory(
        name="Nordborg Roklub",
        description="Roning på søen.",
        description_en="Rowing on the lake.",
        email="kasserer@roklub.dk",
        language="en",
    )


@pytest.fixture
def practice(db):
    return PracticeFactory(name="Lægehuset Nordborg", languages=["da", "en", "ar"])


@pytest.fixture
def api(client):
    def post(path, data, **extra):
        return client.post(path, data, content_type="application/json", **extra)

    client.post_json = post
    return client


def image_bytes(kind="PNG", size=(40, 30), exif=False):
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010E] = "secret GPS-less description"  # ImageDescription
        options["exif"] = data.tobytes()
    image.save(out, format=kind, **options)
    return out.getvalue()
