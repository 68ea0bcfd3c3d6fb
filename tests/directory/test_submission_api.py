"""An association writes its entry through the API: confirmed by e-mail, then waiting for
the coordinator; bad input is refused field by field, in the submitter's language."""

import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from PIL import Image

from directory.models import Association, AssociationSubmission
from tests.directory.conftest import SUBMISSIONS, image_bytes
from tests.directory.factories import api_entry

pytestmark = pytest.mark.django_db


def test_a_valid_entry_waits_for_its_email_to_be_confirmed(api):
    response = api.post_json(SUBMISSIONS, api_entry())
    assert response.status_code == 202
    submission = AssociationSubmission.objects.get()
    assert submission.status == "unconfirmed"
    assert submission.data["fee_min"] == 300
    assert not Association.objects.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kasserer@roklub.dk"]
    link = re.search(r"http\S+/associations/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1]

    assert api.get(path).status_code == 200  # a page with a button: a GET confirms nothing
    submission.refresh_from_db()
    assert submission.status == "unconfirmed"
    assert api.post(path).status_code == 200
    submission.refresh_from_db()
    assert submission.status == "pending"
    assert not Association.objects.exists()  # the coordinator has not approved yet


def test_the_confirmation_email_speaks_the_submitters_language(api):
    api.post_json(SUBMISSIONS + "?locale=de", api_entry())
    assert AssociationSubmission.objects.get().language == "de"
    assert mail.outbox[0].extra_headers["Content-Language"] == "de"


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"name": ""}, {"name"}),
        ({"description": "x" * 501}, {"description"}),
        ({"categories": ["sport", "knitting"]}, {"categories"}),
        ({"categories": []}, {"categories"}),
        ({"audiences": ["pets"]}, {"audiences"}),
        ({"languages": ["xx"]}, {"languages"}),
        ({"email": "not-an-address"}, {"email"}),
        ({"website": "javascript:alert(1)"}, {"website"}),
        ({"facebook": "https://example.com/us"}, {"facebook"}),
        ({"phone": "call us"}, {"phone"}),
        ({"latitude": 123}, {"latitude"}),
        ({"longitude": -181}, {"longitude"}),
        ({"latitude": None}, {"latitude"}),
        ({"longitude": None}, {"longitude"}),
        ({"community": 999999}, {"community"}),
        ({"fee": {"free": False, "min": 500, "max": 100}}, {"fee"}),
        ({"fee": {"free": False}}, {"fee"}),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_kept(api, changes, fields):
    response = api.post_json(SUBMISSIONS, api_entry(**changes))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert not AssociationSubmission.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Angiv både breddegrad og længdegrad eller ingen af dem."),
        ("en", "Give both latitude and longitude, or neither."),
        ("de", "Geben Sie Breiten- und Längengrad an oder keines von beiden."),
    ],
)
def test_half_a_point_names_the_missing_coordinate_in_the_submitters_language(
    api, language, message
):
    response = api.post_json(SUBMISSIONS + f"?locale={language}", api_entry(latitude=None))
    assert response.json()["errors"] == {"latitude": [message]}


def test_a_coordinate_out_of_range_is_told_only_that(api):
    response = api.post_json(SUBMISSIONS + "?locale=en", api_entry(latitude=91))
    assert response.json()["errors"] == {
        "latitude": ["Ensure this value is less than or equal to 90."]
    }


def test_the_coordinates_old_names_are_still_read(api):
    data = api_entry()
    data["lat"], data["lon"] = data.pop("latitude"), data.pop("longitude")
    assert api.post_json(SUBMISSIONS, data).status_code == 202
    stored = AssociationSubmission.objects.get().data
    assert (stored["latitude"], stored["longitude"]) == (55.057, 9.741)
    assert "lat" not in stored


def test_errors_come_in_the_submitters_language(api):
    response = api.post_json(
        SUBMISSIONS, api_entry(email="nope"), headers={"Accept-Language": "de"}
    )
    assert response.status_code == 400
    assert "E-Mail" in response.json()["errors"]["email"][0]


@pytest.mark.parametrize("body", ['["name"]', '"name"', "{not json"])
def test_a_body_that_is_not_an_object_is_a_400(api, body):
    response = api.post(SUBMISSIONS, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {}
    assert not AssociationSubmission.objects.exists()


@pytest.mark.parametrize(
    ("query", "parameter"), [("?colour=red", "colour"), ("?locale=fr", "locale")]
)
def test_a_bad_query_parameter_is_a_400_naming_it(api, query, parameter):
    response = api.post_json(SUBMISSIONS + query, api_entry())
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert not AssociationSubmission.objects.exists()


def test_the_routes_are_the_associations_endpoints(api):
    assert reverse("wagtailapi:associations:submissions") == SUBMISSIONS
    assert reverse("wagtailapi:associations:edit_link") == SUBMISSIONS.replace(
        "submissions", "edit-link"
    )
    assert api.get(SUBMISSIONS).status_code == 405


class BrokenMail(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_an_entry_whose_confirmation_cannot_be_sent_yet_is_kept(api, settings):
    """The mail server's failure is the background task's (guide.mail retries it), never
    the submitter's: tests/cms/test_mail_tasks.py follows the mail."""
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMail"
    assert api.post_json(SUBMISSIONS, api_entry()).status_code == 202
    assert AssociationSubmission.objects.get().email


def test_html_is_kept_as_text(api):
    text = "<script>alert('x')</script><b>Roning</b>"
    assert api.post_json(SUBMISSIONS, api_entry(description=text)).status_code == 202
    assert AssociationSubmission.objects.get().data["description"] == text


def test_the_honeypot_gets_the_same_answer_and_nothing_is_kept(api):
    response = api.post_json(SUBMISSIONS, api_entry(nickname="robot"))
    assert response.status_code == 202
    assert not AssociationSubmission.objects.exists()
    assert not mail.outbox


def test_submissions_are_rate_limited_per_address(api, settings):
    settings.DIRECTORY_SUBMISSION_RATE = "2/hour"
    for _ in range(2):
        assert api.post_json(SUBMISSIONS, api_entry()).status_code == 202
    response = api.post_json(SUBMISSIONS, api_entry())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "message" in response.json()
    assert AssociationSubmission.objects.count() == 2
    other = api.post_json(SUBMISSIONS, api_entry(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 202


def multipart(logo):
    data = api_entry()
    fee = data.pop("fee")
    data["fee"] = json.dumps(fee)
    data = {key: value for key, value in data.items() if value is not None}
    data["logo"] = logo
    return data


def test_a_logo_is_reencoded_without_its_metadata(client):
    upload = SimpleUploadedFile("logo.jpg", image_bytes("JPEG", exif=True), "image/jpeg")
    assert b"secret" in image_bytes("JPEG", exif=True)
    response = client.post(SUBMISSIONS, multipart(upload))
    assert response.status_code == 202, response.content
    submission = AssociationSubmission.objects.get()
    stored = submission.logo.read()
    assert b"secret" not in stored
    submission.logo.open()
    assert Image.open(submission.logo).format == "JPEG"
    assert submission.data["categories"] == ["sport", "nature"]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.gif", image_bytes("GIF"), "image/gif"),
        SimpleUploadedFile("logo.png", b"not an image at all", "image/png"),
        SimpleUploadedFile("logo.png", image_bytes("PNG", size=(4200, 10)), "image/png"),
    ],
)
def test_a_logo_of_the_wrong_type_or_size_is_refused(client, upload):
    response = client.post(SUBMISSIONS, multipart(upload))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"logo"}
    assert not AssociationSubmission.objects.exists()


def test_a_logo_over_the_size_limit_is_refused(client, settings):
    settings.DIRECTORY_LOGO_MAX_BYTES = 100
    upload = SimpleUploadedFile("logo.png", image_bytes("PNG", size=(200, 200)), "image/png")
    response = client.post(SUBMISSIONS, multipart(upload))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"logo"}
