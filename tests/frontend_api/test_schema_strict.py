"""Every operation's live responses validate against our own OpenAPI document with a strict
OpenAPI 3.0.3 validator (openapi-core): on a site with something in every area — listings
with items, details, previews, iCalendar, redirects, 400s and 404s, and the public writes'
answers.

schemathesis (tests/frontend_api/test_schema.py) checks the same document more leniently;
this one reads `nullable`, `oneOf` and formats as 3.0.3 defines them, as a client's
validator or generated code does.
"""

import pytest
from django.db import transaction
from django.test import override_settings
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.deserializing.media_types.util import plain_loads
from wagtail.models import Site

from cms.demo import figures
from guide.models import Municipality
from tests.directory.factories import AssociationFactory, PracticeFactory, api_entry
from tests.events.factories import EventIndexPageFactory, EventPageFactory, ImportedEventFactory
from tests.events.registration_helpers import body as registration_body
from tests.frontend_api.schema_support import build_site, generated_document
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    UsefulLinkFactory,
)

DOCUMENT = generated_document()
# also checks the document against 3.0.3's own schema; iCalendar is text, as text/plain is
OPENAPI = OpenAPI.from_dict(
    DOCUMENT, config=Config(extra_media_type_deserializers={"text/calendar": plain_loads})
)


class DocumentPathRequest(DjangoOpenAPIRequest):
    """The request, found in the document by its path (not by Django's route syntax)."""

    path_pattern = None


def validate(response):
    OPENAPI.validate_response(
        DocumentPathRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Something in every area, in three languages where it is translated, built once for
    the module and rolled back after."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        site = build_site(
            more_pages=(EventIndexPageFactory, ChecklistPageFactory),
            private_ambassador=True,
            website="",
        )
        calendar, checklist = site.more
        community, image = site.community, site.image
        step = ChecklistStepPageFactory(parent=checklist)
        ChecklistStepPageFactory(parent=checklist).depends_on.add(step)
        event = EventPageFactory(parent=calendar, registration=True, rrule="FREQ=WEEKLY")
        community_event = EventPageFactory(parent=community, all_day=True)
        imported = ImportedEventFactory()
        note = CultureNoteFactory(image=image)
        CultureNoteFactory()
        contact = ContactFactory(photo=image)
        ContactFactory()
        link = UsefulLinkFactory()
        figures.seed(Site.objects.get(is_default_site=True))
        site.__dict__.update(note=note, contact=contact, link=link)
        association = AssociationFactory(
            latitude=55.0, longitude=9.7, description_en="A club.", website="https://a.dk/"
        )
        AssociationFactory(fee_free=False, fee_min=100, fee_max=200, community=community)
        practice = PracticeFactory(latitude=55.01, longitude=9.71)
        site.__dict__.update(
            event=event, community_event=community_event, imported=imported, association=association
        )
        site.practice = practice
        site.municipality = Municipality.objects.get(site__is_default_site=True)
        site.municipality.logo = image
        site.municipality.save()
        yield site
        transaction.set_rollback(True)


#: (operation id, what is asked, method, path, the query (GET) or a function of the site
#: giving the body (POST), the expected status); `{name}` in a path or query is the id of the
#: site's object of that name
REQUESTS = [
    ("api_root", "the root", "get", "/api/v2/", {}, 200),
    *(
        ("pages_list", f"pages, {t}", "get", "/api/v2/pages/", {"type": t, "fields": "*"}, 200)
        for t in (
            "guide.HomePage",
            "communities.CommunityIndexPage",
            "communities.CommunityPage",
            "communities.TrialHomePage",
            "events.EventPage",
            "guide.ChecklistStepPage",
        )
    ),
    ("pages_list", "pages in English", "get", "/api/v2/pages/", {"locale": "en"}, 200),
    ("pages_list", "pages, bad order", "get", "/api/v2/pages/", {"order": "nope"}, 400),
    ("pages_list", "pages of no site", "get", "/api/v2/pages/", {"site": "nowhere"}, 404),
    *(
        ("pages_retrieve", f"a page: {name}", "get", f"/api/v2/pages/{{{name}}}/", {}, 200)
        for name in ("home", "community", "trial_home", "event")
    ),
    (
        "pages_retrieve",
        "a page, nested fields",
        "get",
        "/api/v2/pages/{community}/",
        {"fields": "hero_image(*),ambassadors(*,photo(*))"},
        200,
    ),
    ("pages_retrieve", "no such page", "get", "/api/v2/pages/999999/", {}, 404),
    ("pages_find", "a page found", "get", "/api/v2/pages/find/", {"html_path": "/"}, 302),
    ("pages_find", "no page found", "get", "/api/v2/pages/find/", {"html_path": "/nope/"}, 404),
    ("communities_list", "communities", "get", "/api/v2/communities/", {"fields": "*"}, 200),
    ("communities_list", "in German", "get", "/api/v2/communities/", {"locale": "de"}, 200),
    ("communities_list", "bad limit", "get", "/api/v2/communities/", {"limit": "x"}, 400),
    (
        "communities_retrieve",
        "a community",
        "get",
        "/api/v2/communities/{community}/",
        {"fields": "*"},
        200,
    ),
    ("communities_find", "by id", "get", "/api/v2/communities/find/", {"id": "{community}"}, 302),
    ("images_list", "images", "get", "/api/v2/images/", {"fields": "*"}, 200),
    ("images_retrieve", "an image", "get", "/api/v2/images/{image}/", {}, 200),
    ("images_find", "an image by id", "get", "/api/v2/images/find/", {"id": "{image}"}, 302),
    ("documents_list", "documents", "get", "/api/v2/documents/", {"fields": "*"}, 200),
    ("documents_retrieve", "a document", "get", "/api/v2/documents/{document}/", {}, 200),
    ("documents_find", "by id", "get", "/api/v2/documents/find/", {"id": "{document}"}, 302),
    *(
        (
            "preview_retrieve",
            f"a preview of a {label}",
            "get",
            "/api/v2/preview/",
            {"content_type": label, "token": f"{{preview:{label}}}"},
            200,
        )
        for label in ("communities.communitypage", "communities.trialhomepage")
    ),
    ("preview_retrieve", "no token", "get", "/api/v2/preview/", {}, 401),
    ("events_list", "events", "get", "/api/v2/events/", {}, 200),
    ("events_list", "events in English", "get", "/api/v2/events/", {"locale": "en"}, 200),
    ("events_list", "events, bad dates", "get", "/api/v2/events/", {"from": "x"}, 400),
    ("events_retrieve", "an event", "get", "/api/v2/events/{event}/", {}, 200),
    ("events_retrieve", "a community's", "get", "/api/v2/events/{community_event}/", {}, 200),
    ("events_retrieve", "no such event", "get", "/api/v2/events/999999/", {}, 404),
    ("events_retrieve", "bad locale", "get", "/api/v2/events/{event}/", {"locale": "fr"}, 400),
    ("events_imported_retrieve", "imported", "get", "/api/v2/events/imported/{imported}/", {}, 200),
    ("events_ical", "an event's .ics", "get", "/api/v2/events/{event}/event.ics", {}, 200),
    (
        "events_imported_ical",
        "an imported event's .ics",
        "get",
        "/api/v2/events/imported/{imported}/event.ics",
        {},
        200,
    ),
    ("events_feed", "the feed", "get", "/api/v2/events/feed.ics", {}, 200),
    ("events_feed", "the feed, bad filter", "get", "/api/v2/events/feed.ics", {"near": "x"}, 400),
    ("associations_list", "associations", "get", "/api/v2/associations/", {}, 200),
    (
        "associations_list",
        "associations near, in English",
        "get",
        "/api/v2/associations/",
        {"locale": "en", "near": "55.0,9.7", "within_km": "20", "fields": "*"},
        200,
    ),
    ("associations_list", "bad category", "get", "/api/v2/associations/", {"category": "x"}, 400),
    ("associations_list", "for adults", "get", "/api/v2/associations/", {"children": "0"}, 200),
    ("associations_retrieve", "one", "get", "/api/v2/associations/{association}/", {}, 200),
    ("associations_retrieve", "none", "get", "/api/v2/associations/999999/", {}, 404),
    ("doctors_list", "doctors", "get", "/api/v2/doctors/", {"language": "en"}, 200),
    ("doctors_list", "doctors near", "get", "/api/v2/doctors/", {"near": "55.0,9.7"}, 200),
    ("doctors_list", "bad language", "get", "/api/v2/doctors/", {"language": "xx"}, 400),
    ("doctors_retrieve", "one", "get", "/api/v2/doctors/{practice}/", {"locale": "de"}, 200),
    ("doctors_retrieve", "none", "get", "/api/v2/doctors/999999/", {}, 404),
    ("checklist_list", "the checklist", "get", "/api/v2/checklist/", {"locale": "de"}, 200),
    ("checklist_list", "bad origin", "get", "/api/v2/checklist/", {"origin": "mars"}, 400),
    ("culture_guide_list", "the culture guide", "get", "/api/v2/culture-guide/", {}, 200),
    ("culture_guide_list", "searched", "get", "/api/v2/culture-guide/", {"search": "?"}, 200),
    ("culture_guide_retrieve", "one", "get", "/api/v2/culture-guide/{note}/", {}, 200),
    ("culture_guide_retrieve", "none", "get", "/api/v2/culture-guide/999999/", {}, 404),
    ("contacts_list", "contacts", "get", "/api/v2/contacts/", {"fields": "*"}, 200),
    ("contacts_list", "bad topic", "get", "/api/v2/contacts/", {"topic": "x"}, 400),
    ("contacts_retrieve", "one", "get", "/api/v2/contacts/{contact}/", {"locale": "en"}, 200),
    ("links_list", "links", "get", "/api/v2/links/", {"locale": "en", "order": "-group"}, 200),
    ("links_retrieve", "one", "get", "/api/v2/links/{link}/", {}, 200),
    ("statistics_list", "facts and figures", "get", "/api/v2/statistics/", {"locale": "en"}, 200),
    ("statistics_list", "bad slug", "get", "/api/v2/statistics/", {"slug": "a b"}, 400),
    ("changes_list", "the change feed", "get", "/api/v2/changes/", {"locale": "en"}, 200),
    ("municipalities_list", "the host's", "get", "/api/v2/municipalities/", {"locale": "en"}, 200),
    ("municipalities_retrieve", "it", "get", "/api/v2/municipalities/{municipality}/", {}, 200),
    ("municipalities_retrieve", "none", "get", "/api/v2/municipalities/999999/", {}, 404),
    ("changes_list", "a bad cursor", "get", "/api/v2/changes/", {"since": "x"}, 400),
    (
        "events_registrations_create",
        "a registration",
        "post",
        "/api/v2/events/{event}/registrations/",
        lambda site: registration_body(site.event),
        201,
    ),
    (
        "events_registrations_create",
        "a registration with bad fields",
        "post",
        "/api/v2/events/{event}/registrations/",
        lambda site: registration_body(site.event, seats=0, email="nope"),
        400,
    ),
    (
        "events_registrations_create",
        "a registration, bad parameter",
        "post",
        "/api/v2/events/{event}/registrations/?locale=fr",
        lambda site: registration_body(site.event),
        400,
    ),
    (
        "events_registrations_create",
        "a registration for no event",
        "post",
        "/api/v2/events/999999/registrations/",
        lambda site: registration_body(site.event),
        404,
    ),
    (
        "associations_submissions_create",
        "a new entry",
        "post",
        "/api/v2/associations/submissions/",
        lambda site: api_entry(),
        202,
    ),
    (
        "associations_submissions_create",
        "an entry with errors",
        "post",
        "/api/v2/associations/submissions/",
        lambda site: api_entry(name="", website="nope"),
        400,
    ),
    (
        "associations_edit_link_create",
        "an edit link",
        "post",
        "/api/v2/associations/edit-link/",
        lambda site: {"email": "kasserer@roklub.dk"},
        202,
    ),
    (
        "associations_edit_link_create",
        "an edit link for no address",
        "post",
        "/api/v2/associations/edit-link/",
        lambda site: {"email": "nope"},
        400,
    ),
    (
        "me_sign_in_create",
        "a sign-in link",
        "post",
        "/api/v2/me/sign-in/",
        lambda site: {"email": "ana@example.com", "language": "en"},
        202,
    ),
    (
        "me_sign_in_create",
        "a sign-in link for no address",
        "post",
        "/api/v2/me/sign-in/",
        lambda site: {"email": "nope", "language": "en"},
        400,
    ),
    (
        "me_session_create",
        "a session for an unknown link",
        "post",
        "/api/v2/me/session/",
        lambda site: {"token": "nope"},
        400,
    ),
    (
        "enquiries_create",
        "a question",
        "post",
        "/api/v2/enquiries/",
        lambda site: {"topic": "tax", "language": "en", "message": "?", "email": "a@example.com"},
        201,
    ),
    (
        "enquiries_create",
        "a question with no topic",
        "post",
        "/api/v2/enquiries/",
        lambda site: {"language": "en", "message": "?", "email": "a@example.com"},
        400,
    ),
    # the signed-in answers: tests/newcomers/test_me_schema.py
    ("me_retrieve", "the profile, signed out", "get", "/api/v2/me/", {}, 401),
    ("me_update", "the profile, signed out", "put", "/api/v2/me/", lambda site: {}, 401),
    ("me_consents_list", "consents, signed out", "get", "/api/v2/me/consents/", {}, 401),
    ("me_enquiries_list", "enquiries, signed out", "get", "/api/v2/me/enquiries/", {}, 401),
    ("me_enquiries_retrieve", "one, signed out", "get", "/api/v2/me/enquiries/1/", {}, 401),
    (
        "me_consents_create",
        "a consent, signed out",
        "post",
        "/api/v2/me/consents/",
        lambda site: {"purpose": "mentor_matching", "given": True},
        401,
    ),
    (
        "me_session_destroy",
        "signing out, signed out",
        "delete",
        "/api/v2/me/session/",
        lambda site: {},
        401,
    ),
    ("me_export_retrieve", "the export, signed out", "get", "/api/v2/me/export/", {}, 401),
    ("me_destroy", "erasure, signed out", "delete", "/api/v2/me/", lambda site: {}, 401),
    # the coupons' other answers: tests/newcomers/test_coupons_schema.py
    ("coupons_list", "coupons, a bad parameter", "get", "/api/v2/coupons/", {"x": "1"}, 400),
    ("me_coupons_list", "claims, signed out", "get", "/api/v2/me/coupons/", {}, 401),
    ("me_coupons_create", "a claim, signed out", "post", "/api/v2/me/coupons/", lambda s: {}, 401),
    # the meet-ups, signed in: tests/newcomers/test_meetups_schema.py
    ("meetups_list", "meet-ups, signed out", "get", "/api/v2/meetups/", {}, 401),
    ("meetups_create", "a meet-up, signed out", "post", "/api/v2/meetups/", lambda s: {}, 401),
    ("meetups_retrieve", "a meet-up, signed out", "get", "/api/v2/meetups/1/", {}, 401),
    (
        "meetups_destroy",
        "cancelling, signed out",
        "delete",
        "/api/v2/meetups/1/",
        lambda s: {},
        401,
    ),
    (
        "meetups_join_create",
        "joining, signed out",
        "post",
        "/api/v2/meetups/1/join/",
        lambda s: {},
        401,
    ),
    (
        "meetups_join_destroy",
        "leaving, signed out",
        "delete",
        "/api/v2/meetups/1/join/",
        lambda s: {},
        401,
    ),
    (
        "meetups_report_create",
        "reporting, signed out",
        "post",
        "/api/v2/meetups/1/report/",
        lambda s: {},
        401,
    ),
    (
        "mentors_create",
        "a mentor",
        "post",
        "/api/v2/mentors/",
        lambda site: {
            "name": "Mette Holm",
            "email": "mette@example.com",
            "language": "da",
            "industries": ["it"],
            "languages": ["da", "en"],
            "capacity": 2,
            "consent": True,
        },
        201,
    ),
    ("mentors_create", "an empty mentor", "post", "/api/v2/mentors/", lambda site: {}, 400),
    # the signed-in answers: tests/newcomers/test_mentors.py
    ("mentors_requests_list", "requests, signed out", "get", "/api/v2/mentors/requests/", {}, 401),
    (
        "mentors_requests_create",
        "a request, signed out",
        "post",
        "/api/v2/mentors/requests/",
        lambda site: {"industry": "it", "languages": ["en"], "need": "A job."},
        401,
    ),
    (
        "mentors_requests_destroy",
        "withdrawing, signed out",
        "delete",
        "/api/v2/mentors/requests/1/",
        lambda site: {},
        401,
    ),
    # the valid unsubscribe answers: tests/newcomers/test_digests.py
    (
        "me_unsubscribe_retrieve",
        "a forged unsubscribe link",
        "get",
        "/api/v2/me/unsubscribe/x/",
        {},
        400,
    ),
    (
        "me_unsubscribe_create",
        "unsubscribing by a forged link",
        "post",
        "/api/v2/me/unsubscribe/x/",
        lambda site: {},
        400,
    ),
    # reminders and invitations: the valid answers in tests/newcomers/test_push*.py
    ("push_key_retrieve", "the VAPID key", "get", "/api/v2/push/key/", {}, 200),
    ("invitations_list", "a bad parameter", "get", "/api/v2/invitations/", {"x": "1"}, 400),
    (
        "me_push_subscriptions_create",
        "a subscription, signed out",
        "post",
        "/api/v2/me/push-subscriptions/",
        lambda site: {},
        401,
    ),
    (
        "me_push_subscriptions_destroy",
        "forgetting one, signed out",
        "delete",
        "/api/v2/me/push-subscriptions/",
        lambda site: {},
        401,
    ),
    (
        "me_invitations_opt_out_retrieve",
        "a forged opt-out link",
        "get",
        "/api/v2/me/invitations/opt-out/x/",
        {},
        400,
    ),
    (
        "me_invitations_opt_out_create",
        "opting out by a forged link",
        "post",
        "/api/v2/me/invitations/opt-out/x/",
        lambda site: {},
        400,
    ),
]


def _fill(value, site):
    """`value` with each `{name}` the id of the site's object of that name."""
    for name, found in vars(site).items():
        if hasattr(found, "pk"):
            value = value.replace(f"{{{name}}}", str(found.pk))
    for label, token in site.previews.items():
        value = value.replace(f"{{preview:{label}}}", token)
    return value


def test_every_operation_is_tried():
    operations = {
        operation["operationId"]
        for path in DOCUMENT["paths"].values()
        for operation in path.values()
    }
    assert {request[0] for request in REQUESTS} == operations


@pytest.mark.parametrize(
    "method, path, data, status",
    [request[2:] for request in REQUESTS],
    ids=[f"{request[0]}: {request[1]}" for request in REQUESTS],
)
def test_live_responses_validate_strictly(client, site, db, settings, method, path, data, status):
    settings.CHANGES_SETTLE_SECONDS = 0  # the change feed gives the site just built
    path = _fill(path, site)
    if method == "get":
        response = client.get(path, {key: _fill(value, site) for key, value in data.items()})
    else:
        send = getattr(client, method)
        response = send(path, data(site), content_type="application/json")
    assert response.status_code == status, response.content[:500]
    if status == 200 and response["Content-Type"].startswith("application/json"):
        assert response.json().get("items", [None]), "an empty listing proves little"
    validate(response)
