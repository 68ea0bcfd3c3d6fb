"""Running the demo again changes nothing: a coordinator's edits to it survive."""

import os

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from directory.models import Association, AssociationSubmission, Practice
from events.models import EventPage, ImportedEvent
from guide.models import ChecklistStepPage, Contact, CultureNote, Municipality, UsefulLink
from tests.cms.demo.conftest import seed


def snapshot():
    return (
        sorted(Page.objects.values_list("id", "locale__language_code", "live", "title")),
        sorted(Page.objects.values_list("id", "latest_revision_id")),
        sorted(get_user_model().objects.values_list("username", "password")),
        sorted(ChecklistStepPage.depends_on.through.objects.values_list("pk", flat=True)),
        [
            sorted(m.objects.values_list("pk", flat=True))
            for m in (CultureNote, Contact, UsefulLink)
        ],
        sorted(EventPage.objects.values_list("id", "rrule", "start", "end")),
        sorted(ImportedEvent.objects.values_list("id", "uid", "recurrence_id", "content_hash")),
        sorted(Association.objects.values_list("id", "site", "name", "description", "updated_at")),
        sorted(AssociationSubmission.objects.values_list("id", "status")),
        sorted(Practice.objects.values_list("id", "name", "updated_at")),
        sorted(Site.objects.values_list("id", "hostname", "port", "root_page", "is_default_site")),
        sorted(Municipality.objects.values_list("id", "site", "email", "colour", "coordinators")),
    )


def test_running_the_demo_again_changes_nothing(db, demo, monkeypatch):
    before = snapshot()
    monkeypatch.delitem(os.environ, "DEMO_PASSWORD")  # no password given: users are kept
    seed()
    assert snapshot() == before
