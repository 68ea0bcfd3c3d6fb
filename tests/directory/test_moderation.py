"""The coordinator compares, approves or rejects; the published entry changes only when a
change is approved; community editors cannot moderate."""

import re

import pytest
from django.core import mail

from directory import moderation
from directory.models import Association
from tests.directory.factories import SubmissionFactory, entry

pytestmark = pytest.mark.django_db

WAITING = "/admin/directory/submissions/"


def review(submission):
    return f"{WAITING}{submission.pk}/"


def test_the_coordinator_sees_what_is_waiting(coordinator_client):
    SubmissionFactory(name="Guderup Skakklub")
    SubmissionFactory(name="Uconfirmed", status="unconfirmed")
    response = coordinator_client.get(WAITING)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Guderup Skakklub" in page
    assert "Uconfirmed" not in page


def test_approving_a_new_entry_publishes_it_and_sends_the_edit_link(coordinator_client, client):
    submission = SubmissionFactory(language="de")
    response = coordinator_client.post(review(submission), {"approve": "1"})
    assert response.status_code == 302
    association = Association.objects.get()
    assert association.name == "Nordborg Roklub"
    assert association.fee_min == 300
    assert association.language == "de"
    submission.refresh_from_db()
    assert submission.status == "approved"
    assert submission.association == association
    assert mail.outbox[-1].extra_headers["Content-Language"] == "de"
    assert re.search(r"/associations/edit/\S+/", mail.outbox[-1].body)
    items = client.get("/api/v2/associations/").json()["items"]
    assert [item["name"] for item in items] == ["Nordborg Roklub"]


def test_a_change_is_compared_and_the_entry_stays_until_approved(
    coordinator_client, client, association
):
    change = SubmissionFactory(
        association=association,
        data=entry(name="Nordborg Roklub", description="Nu også kajak."),
    )
    page = coordinator_client.get(review(change)).content.decode()
    assert "Roning på søen." in page and "Nu også kajak." in page  # published and proposed

    listing = client.get("/api/v2/associations/").json()["items"]
    assert listing[0]["description"] == "Roning på søen."

    coordinator_client.post(review(change), {"approve": "1"})
    association.refresh_from_db()
    assert association.description == "Nu også kajak."
    assert Association.objects.count() == 1


def test_rejecting_needs_a_reason_and_emails_it(coordinator_client, association):
    change = SubmissionFactory(association=association, language="en")
    response = coordinator_client.post(review(change), {"reject": "1", "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["reject_form"].errors
    change.refresh_from_db()
    assert change.status == "pending"

    coordinator_client.post(review(change), {"reject": "1", "reason": "Mangler kontakt."})
    change.refresh_from_db()
    assert change.status == "rejected"
    assert "Mangler kontakt." in mail.outbox[-1].body
    assert mail.outbox[-1].extra_headers["Content-Language"] == "en"
    association.refresh_from_db()
    assert association.description == "Roning på søen."


def test_an_entry_that_no_longer_fits_is_not_published(coordinator_client):
    submission = SubmissionFactory(data=entry(community=987654))
    response = coordinator_client.post(review(submission), {"approve": "1"})
    assert response.status_code == 200
    assert "community" in response.context["errors"]
    assert not Association.objects.exists()
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_a_decided_entry_cannot_be_decided_again(coordinator, association):
    submission = SubmissionFactory(association=association)
    moderation.reject(submission, coordinator, "Nej")
    moderation.approve(submission, coordinator)
    association.refresh_from_db()
    assert association.description == "Roning på søen."


def test_a_community_editor_cannot_moderate(editor_client, association):
    change = SubmissionFactory(association=association)
    assert editor_client.get(WAITING).status_code == 302
    response = editor_client.post(review(change), {"approve": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    change.refresh_from_db()
    assert change.status == "pending"
    association.refresh_from_db()
    assert association.description == "Roning på søen."
    assert "Associations waiting" not in editor_client.get("/admin/").content.decode()


def test_a_community_editor_cannot_edit_entries_or_doctors(editor_client, association):
    response = editor_client.get(f"/admin/snippets/directory/association/edit/{association.pk}/")
    assert response.status_code == 302
    assert editor_client.get("/admin/snippets/directory/practice/").status_code == 302


def test_the_coordinator_keeps_entries_and_doctors(coordinator_client, association):
    listing = coordinator_client.get("/admin/snippets/directory/association/")
    assert listing.status_code == 200
    assert "Nordborg Roklub" in listing.content.decode()
    assert coordinator_client.get("/admin/snippets/directory/practice/add/").status_code == 200


def test_the_coordinator_adds_a_practice_with_its_languages(coordinator_client, client):
    response = coordinator_client.post(
        "/admin/snippets/directory/practice/add/",
        {
            "name": "Lægehuset Guderup",
            "doctors": "Eva Holm",
            "address": "Guderup Bygade 1",
            "phone": "",
            "website": "",
            "languages": ["da", "uk"],
            "accepting_new_patients": "on",
        },
    )
    assert response.status_code == 302
    items = client.get("/api/v2/doctors/?language=uk").json()["items"]
    assert [(item["name"], item["languages"]) for item in items] == [
        ("Lægehuset Guderup", ["da", "uk"])
    ]
