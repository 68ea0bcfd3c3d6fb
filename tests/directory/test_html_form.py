"""The plain HTML form at /associations/new/, for associations without the app."""

import pytest
from django.core import mail

from directory.models import AssociationSubmission
from tests.directory.factories import entry

pytestmark = pytest.mark.django_db

NEW = "/associations/new/"


def form_post(**changes):
    data = entry(**changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_is_shown_in_the_asked_language(client):
    response = client.get(NEW + "?lang=de")
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()
    assert 'name="nickname"' in response.content.decode()
    assert 'name="viewport"' in response.content.decode()


def test_a_valid_entry_is_kept_and_confirmed_by_email(client):
    response = client.post(NEW + "?lang=en", form_post())
    assert response.status_code == 200
    submission = AssociationSubmission.objects.get()
    assert submission.language == "en"
    assert submission.status == "unconfirmed"
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"


def test_errors_are_shown_by_the_field_and_nothing_is_kept(client):
    response = client.post(NEW, form_post(email="nope", categories=[]))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", "categories"}
    assert not AssociationSubmission.objects.exists()


def test_html_in_a_text_is_shown_as_text(client):
    response = client.post(NEW, form_post(email="nope", name="<b>Roklub</b>"))
    page = response.content.decode()
    assert "<b>Roklub</b>" not in page
    assert "&lt;b&gt;Roklub&lt;/b&gt;" in page


def test_the_honeypot_is_thanked_and_forgotten(client):
    response = client.post(NEW, form_post(nickname="bot"))
    assert response.status_code == 200
    assert not AssociationSubmission.objects.exists()
    assert not mail.outbox


def test_the_form_is_rate_limited_with_retry_after(client, settings):
    settings.DIRECTORY_SUBMISSION_RATE = "1/hour"
    assert client.post(NEW, form_post()).status_code == 200
    response = client.post(NEW, form_post())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert AssociationSubmission.objects.count() == 1


def test_an_unknown_confirmation_link_says_so(client):
    assert client.post("/associations/confirm/forged/").status_code == 404
