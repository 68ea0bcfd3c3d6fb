"""With a CDN configured, a change purges every API URL that shows it: for each endpoint that
/api/v2/ lists, a change of something it serves purges the listings (bare and with each
`?locale=`) and the changed object's detail URLs on every endpoint that serves it, each URL
once, in one batch per commit. The detail URLs expected here are checked against the API
itself (each answers 200 before the change) and against the OpenAPI document (every detail
route it describes is purged by some change below)."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from cms.demo import figures
from directory import moderation
from events import registrations
from figures.models import Series
from frontend_api.caching import NEVER_CACHED_PREFIXES
from tests.conftest import LANGUAGES, translate
from tests.directory.factories import AssociationFactory, PracticeFactory, SubmissionFactory, entry
from tests.events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExternalCalendarFactory,
    ImportedEventFactory,
)
from tests.events.registration_helpers import body as registration_body
from tests.factories import (
    AmbassadorFactory,
    DocumentFactory,
    ImageFactory,
    TrialHomePageFactory,
    UserFactory,
)
from tests.frontend_api.schema_support import generated_document
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    UsefulLinkFactory,
)

BASE = "https://api.example.dk"
#: every purge call the backend got, as the list of URLs it was given
BATCHES = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        BATCHES.append([url])

    def purge_batch(self, urls):
        BATCHES.append(list(urls))


@pytest.fixture
def cdn(settings):
    BATCHES.clear()
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    settings.WAGTAILAPI_BASE_URL = BASE
    yield BATCHES
    BATCHES.clear()


def with_locales(path):
    return {BASE + path, *(f"{BASE}{path}?locale={code}" for code in LANGUAGES)}


def listed_endpoints(client):
    """{name: path} of what /api/v2/ lists, but the preview (drafts, never cached)."""
    endpoints = client.get("/api/v2/").json()["endpoints"]
    return {name: urlsplit(url).path for name, url in endpoints.items() if name != "preview"}


# -- one change for each area: (endpoints it belongs to, the change, detail paths) ---------


@pytest.fixture
def calendar(home):
    page = EventIndexPageFactory(parent=home)
    translate(page, "en")
    return page


def page_published(request):
    home = TrialHomePageFactory(parent=request.getfixturevalue("community"))

    def change():
        home.title = "Prøvebolig ved skoven"
        home.save_revision().publish()

    return change, [f"/api/v2/pages/{home.pk}/"]


def community_published(request):
    community = request.getfixturevalue("community")

    def change():
        community.title = "Nordborg by"
        community.save_revision().publish()

    return change, [f"/api/v2/pages/{community.pk}/", f"/api/v2/communities/{community.pk}/"]


def ambassador_saved(request):
    community = request.getfixturevalue("community")
    return (
        lambda: AmbassadorFactory(community=community),
        [f"/api/v2/pages/{community.pk}/", f"/api/v2/communities/{community.pk}/"],
    )


def image_saved(request):
    request.getfixturevalue("db")
    image = ImageFactory()

    def change():
        image.title = "Havnen om aftenen"
        image.save()

    return change, [f"/api/v2/images/{image.pk}/"]


def document_saved(request):
    request.getfixturevalue("db")
    document = DocumentFactory()

    def change():
        document.title = "Velkomstfolder"
        document.save()

    return change, [f"/api/v2/documents/{document.pk}/"]


def event_paths(event):
    return [
        f"/api/v2/pages/{event.pk}/",
        f"/api/v2/events/{event.pk}/",
        f"/api/v2/events/{event.pk}/event.ics",
    ]


def event_published(request):
    event = EventPageFactory(parent=request.getfixturevalue("calendar"))

    def change():
        event.title = "Fællesspisning"
        event.save_revision().publish()

    return change, event_paths(event)


def event_deleted(request):
    event = EventPageFactory(parent=request.getfixturevalue("calendar"))
    return event.delete, event_paths(event)


def imported_paths(event):
    return [f"/api/v2/events/imported/{event.pk}/", f"/api/v2/events/imported/{event.pk}/event.ics"]


def imported_event_saved(request):
    request.getfixturevalue("db")
    event = ImportedEventFactory()

    def change():
        event.title = "Koncert i parken"
        event.save()

    return change, imported_paths(event)


def imported_event_deleted(request):
    request.getfixturevalue("db")
    event = ImportedEventFactory()
    return event.delete, imported_paths(event)


def calendar_renamed(request):
    """The importer writes events in bulk and then saves the calendar; the calendar's name
    is every event's `source`."""
    request.getfixturevalue("db")
    feed = ExternalCalendarFactory()
    events = [ImportedEventFactory(calendar=feed), ImportedEventFactory(calendar=feed)]

    def change():
        feed.name = "Aabenraa Bibliotekerne"
        feed.save()

    return change, [path for event in events for path in imported_paths(event)]


def registration_made(request):
    """Seats are shared by an event's language copies: both details show the seats left."""
    event = EventPageFactory(parent=request.getfixturevalue("calendar"), registration=True)
    copy = translate(event, "en")
    client = request.getfixturevalue("client")

    def change():
        response = client.post(
            f"/api/v2/events/{event.pk}/registrations/",
            registration_body(event),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content

    return change, [f"/api/v2/events/{event.pk}/", f"/api/v2/events/{copy.pk}/"]


def registration_cancelled(request):
    event = EventPageFactory(parent=request.getfixturevalue("calendar"), registration=True)
    outcome = registrations.register(
        event, event.start, name="Ola", email="ola@example.dk", seats=1, language="da", consent=True
    )
    return lambda: registrations.cancel(outcome.token), [f"/api/v2/events/{event.pk}/"]


def association_approved(request):
    request.getfixturevalue("db")
    association = AssociationFactory()
    submission = SubmissionFactory(
        association=association, data=entry(name=association.name, description="Nu også yoga.")
    )
    user = UserFactory()

    def change():
        form = moderation.approve(submission, user)
        assert not form.errors, form.errors

    return change, [f"/api/v2/associations/{association.pk}/"]


def association_deleted(request):
    request.getfixturevalue("db")
    association = AssociationFactory()
    return association.delete, [f"/api/v2/associations/{association.pk}/"]


def practice_saved(request):
    request.getfixturevalue("db")
    practice = PracticeFactory()

    def change():
        practice.accepting_new_patients = False
        practice.save()

    return change, [f"/api/v2/doctors/{practice.pk}/"]


def checklist_step_published(request):
    checklist = ChecklistPageFactory(parent=request.getfixturevalue("home"))
    step = ChecklistStepPageFactory(parent=checklist)

    def change():
        step.title = "Bestil et sundhedskort"
        step.save_revision().publish()

    return change, [f"/api/v2/pages/{step.pk}/"]


def municipality_saved(request):
    municipality = request.getfixturevalue("home").get_site().municipality

    def change():
        municipality.phone = "88 72 40 00"
        municipality.save()

    return change, [f"/api/v2/municipalities/{municipality.pk}/"]


def snippet_saved(factory, endpoint):
    def case(request):
        request.getfixturevalue("locales")
        snippet = factory()

        def change():
            snippet.sort_order += 1
            snippet.save()

        return change, [f"/api/v2/{endpoint}/{snippet.pk}/"]

    return case


def series_saved(request):
    home = request.getfixturevalue("home")
    figures.seed(home.get_site())
    series = Series.objects.first()

    def change():
        series.title_en = "Moves"
        series.save()

    return change, []


CASES = {
    "a page published": (("pages", "changes"), page_published),
    "a community published": (("pages", "communities"), community_published),
    "an ambassador saved": (("communities",), ambassador_saved),
    "an image saved": (("images",), image_saved),
    "a document saved": (("documents",), document_saved),
    "an event page published": (("events", "events-feed"), event_published),
    "an event page deleted": (("events", "events-feed"), event_deleted),
    "an imported event saved": (("events", "events-feed"), imported_event_saved),
    "an imported event deleted": (("events", "events-feed"), imported_event_deleted),
    "a calendar renamed": (("events",), calendar_renamed),
    "a registration made": (("events",), registration_made),
    "a registration cancelled": (("events",), registration_cancelled),
    "an association approved": (("associations",), association_approved),
    "an association deleted": (("associations",), association_deleted),
    "a practice saved": (("doctors",), practice_saved),
    "a checklist step published": (("checklist", "pages"), checklist_step_published),
    "a culture note saved": (
        ("culture-guide",),
        snippet_saved(CultureNoteFactory, "culture-guide"),
    ),
    "a contact saved": (("contacts",), snippet_saved(ContactFactory, "contacts")),
    "a useful link saved": (("links",), snippet_saved(UsefulLinkFactory, "links")),
    "a municipality saved": (("municipalities",), municipality_saved),
    "a statistics series saved": (("statistics",), series_saved),
}


@pytest.mark.parametrize("name", CASES)
def test_a_change_purges_its_details_and_every_listing_once(
    name, db, cdn, client, request, django_capture_on_commit_callbacks
):
    _endpoints, setup = CASES[name]
    change, details = setup(request)
    for path in details:  # the API serves the object there
        assert client.get(path).status_code == 200, path
    listings = listed_endpoints(client)
    cdn.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change()

    assert len(cdn) == 1, "one purge per commit"
    (batch,) = cdn
    assert len(batch) == len(set(batch)), "each URL once"
    for path in [*details, *listings.values()]:
        assert with_locales(path) <= set(batch), path


def test_every_endpoint_the_root_lists_has_a_change(client, db):
    covered = {endpoint for endpoints, _setup in CASES.values() for endpoint in endpoints}
    assert set(listed_endpoints(client)) <= covered


def test_every_detail_route_is_purged_by_some_change(db, request):
    """The OpenAPI document's GET routes with an id are the routes the changes above purge
    (but those never cached: previews and newcomers' own data)."""
    described = {
        path
        for path, operations in generated_document()["paths"].items()
        if "{id}" in path and "get" in operations and not path.startswith(NEVER_CACHED_PREFIXES)
    }
    purged = {
        re.sub(r"/\d+/", "/{id}/", path)
        for _endpoints, setup in CASES.values()
        for path in setup(request)[1]
    }
    assert purged == described


def test_without_a_cdn_nothing_is_purged(
    db, settings, client, request, django_capture_on_commit_callbacks
):
    BATCHES.clear()
    settings.WAGTAILFRONTENDCACHE = {}
    changes = [
        setup(request)[0]
        for setup in (event_published, registration_made, association_approved, practice_saved)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for change in changes:
            change()
    assert BATCHES == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_changes_in_one_transaction_purge_once_when_it_commits(cdn):
    association = AssociationFactory()
    imported = ImportedEventFactory()
    practice = PracticeFactory()
    cdn.clear()
    with transaction.atomic():
        association.name = "Nordborg Roklub"
        association.save()
        imported.title = "Koncert i parken"
        imported.save()
        practice.save()
        assert cdn == [], "nothing is purged before the commit"
    assert len(cdn) == 1
    (batch,) = cdn
    assert len(batch) == len(set(batch))
    for path in (
        f"/api/v2/associations/{association.pk}/",
        f"/api/v2/events/imported/{imported.pk}/",
        "/api/v2/associations/",
        "/api/v2/doctors/",
        "/api/v2/events/",
    ):
        assert with_locales(path) <= set(batch), path
