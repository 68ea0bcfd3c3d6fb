"""The OpenAPI document at /api/v2/schema/, its docs at /api/v2/docs/, and schemathesis
checking the app, in-process, against the document.

Requests with which schemathesis once crashed the API are kept in FORMER_CRASHES.
"""

import pytest
import schemathesis
import yaml
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings

from frontend_api.views.communities import CommunitiesEndpoint
from frontend_api.views.media import DocumentsEndpoint, ImagesEndpoint
from frontend_api.views.pages import PagesEndpoint
from tests.frontend_api.schema_support import (
    CHECKS,
    InProcessApp,
    build_site,
    generated_document,
)

SCHEMA_URL = "/api/v2/schema/"
LISTINGS = {
    "/api/v2/pages/": PagesEndpoint,
    "/api/v2/communities/": CommunitiesEndpoint,
    "/api/v2/images/": ImagesEndpoint,
    "/api/v2/documents/": DocumentsEndpoint,
}
PATHS = {
    "/api/v2/",
    *(f"{listing}{suffix}" for listing in LISTINGS for suffix in ("", "{id}/", "find/")),
    "/api/v2/preview/",
    "/api/v2/events/",
    "/api/v2/events/feed.ics",
    "/api/v2/events/{id}/",
    "/api/v2/events/{id}/event.ics",
    "/api/v2/events/{id}/registrations/",
    "/api/v2/events/imported/{id}/",
    "/api/v2/events/imported/{id}/event.ics",
    "/api/v2/associations/",
    "/api/v2/associations/{id}/",
    "/api/v2/associations/submissions/",
    "/api/v2/associations/edit-link/",
    "/api/v2/doctors/",
    "/api/v2/doctors/{id}/",
    "/api/v2/checklist/",
    "/api/v2/culture-guide/",
    "/api/v2/culture-guide/{id}/",
    "/api/v2/contacts/",
    "/api/v2/contacts/{id}/",
    "/api/v2/links/",
    "/api/v2/links/{id}/",
    "/api/v2/municipalities/",
    "/api/v2/statistics/",
    "/api/v2/municipalities/{id}/",
    "/api/v2/changes/",
    "/api/v2/me/",
    "/api/v2/me/sign-in/",
    "/api/v2/me/session/",
    "/api/v2/me/consents/",
    "/api/v2/me/export/",
    "/api/v2/meetups/",
    "/api/v2/meetups/{id}/",
    "/api/v2/meetups/{id}/join/",
    "/api/v2/meetups/{id}/report/",
    "/api/v2/mentors/",
    "/api/v2/mentors/requests/",
    "/api/v2/mentors/requests/{id}/",
    "/api/v2/enquiries/",
    "/api/v2/me/enquiries/",
    "/api/v2/me/enquiries/{id}/",
    "/api/v2/me/unsubscribe/{token}/",
    "/api/v2/me/push-subscriptions/",
    "/api/v2/me/invitations/opt-out/{token}/",
    "/api/v2/push/key/",
    "/api/v2/invitations/",
    "/api/v2/coupons/",
    "/api/v2/me/coupons/",
}
#: methods beyond a path's first: the profile (GET, PUT, DELETE), the session (POST, DELETE),
#: the consents (GET, POST); the meet-ups: listing and post, detail and cancel, join and
#: leave; a newcomer's requests for a mentor (GET, POST); the unsubscribe link (GET, POST);
#: push subscriptions (POST, DELETE); the invitations' opt-out link (GET, POST)
#: the newcomer's coupons (GET, POST)
MORE_METHODS = {
    "/api/v2/me/": 2,
    "/api/v2/me/session/": 1,
    "/api/v2/me/consents/": 1,
    "/api/v2/meetups/": 1,
    "/api/v2/meetups/{id}/": 1,
    "/api/v2/meetups/{id}/join/": 1,
    "/api/v2/mentors/requests/": 1,
    "/api/v2/me/unsubscribe/{token}/": 1,
    "/api/v2/me/push-subscriptions/": 1,
    "/api/v2/me/invitations/opt-out/{token}/": 1,
    "/api/v2/me/coupons/": 1,
}


schema = schemathesis.openapi.from_dict(generated_document())
schema.app = InProcessApp()  # as schemathesis.openapi.from_wsgi sets it: calls go in-process


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The schema tests' small site, built once for the module and rolled back after."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield build_site()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


# --- the document and the docs ---------------------------------------------------------------


def test_the_schema_is_openapi_3_and_describes_every_endpoint(client, db):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == PATHS
    assert document == generated_document()
    loaded = schemathesis.openapi.from_dict(document)
    loaded.validate()  # against the OpenAPI 3 meta-schema
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == len(PATHS) + sum(MORE_METHODS.values())


def test_the_schema_is_served_as_json_too(client, db):
    response = client.get(SCHEMA_URL, {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Velkomst API"


def test_responses_and_errors_are_described():
    paths = schema.raw_schema["paths"]
    assert set(paths["/api/v2/pages/"]["get"]["responses"]) == {"200", "400", "404"}
    assert set(paths["/api/v2/preview/"]["get"]["responses"]) == {"200", "400", "401", "404"}
    assert set(paths["/api/v2/pages/find/"]["get"]["responses"]) == {"302", "400", "404"}
    components = schema.raw_schema["components"]["schemas"]
    assert components["ParameterError"]["required"] == ["message", "parameter"]
    assert set(components["ParameterError"]["properties"]) == {"message", "parameter", "allowed"}
    assert components["Error"]["required"] == ["message"]
    listing = paths["/api/v2/communities/"]["get"]["responses"]["200"]
    envelope = listing["content"]["application/json"]["schema"]
    assert envelope["required"] == ["meta", "items"]
    item = components[envelope["properties"]["items"]["items"]["$ref"].split("/")[-1]]
    assert {"id", "meta", "title", "trial_homes"} <= set(item["properties"])
    assert {"type", "detail_url", "locale", "fallback"} <= set(
        item["properties"]["meta"]["properties"]
    )


@pytest.mark.parametrize("path", LISTINGS)
def test_every_parameter_a_listing_accepts_is_described(path):
    endpoint = LISTINGS[path]
    accepted = (
        set(endpoint.known_query_parameters)
        | set(endpoint.get_available_fields(endpoint.model, db_fields_only=True))
        | {"origin", "children", "partner", "student", "fallback"}
    )
    described = {
        parameter["name"]
        for parameter in schema.raw_schema["paths"][path]["get"]["parameters"]
        if parameter["in"] == "query"
    }
    assert described == accepted


def test_the_docs_page_renders_without_a_cdn(client, db):
    response = client.get("/api/v2/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "swagger-ui" in page
    assert SCHEMA_URL in page
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page
    # Swagger UI's files are our static files (drf-spectacular-sidecar), collected with ours
    bundle = "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    assert f"/static/{bundle}" in page
    assert finders.find(bundle)


# --- requests that once crashed the API --------------------------------------------------------

#: Found by schemathesis, fixed; each is now a clean 400 or 404 that keeps to the document.
FORMER_CRASHES = {
    "field filter with a value that is no decimal": (
        "/api/v2/communities/",
        None,
        {"longitude": "null"},
    ),
    "field filter with a value that is no date": (
        "/api/v2/pages/",
        None,
        {"first_published_at": "yesterday"},
    ),
    "find with an id that is no number": ("/api/v2/pages/find/", None, {"id": "null"}),
    "site with a port that is no number": ("/api/v2/pages/", None, {"site": "localhost:x"}),
    "unknown search operator": (
        "/api/v2/images/",
        None,
        {"search": "harbour", "search_operator": "xor"},
    ),
    "offset past the database's integers": ("/api/v2/images/", None, {"offset": str(2**63)}),
    "page id in other digits": ("/api/v2/pages/", None, {"child_of": "²"}),
    "community id past the database's integers": ("/api/v2/communities/{id}/", {"id": 2**63}, {}),
}


@pytest.mark.parametrize("name", FORMER_CRASHES)
def test_former_crashes_are_clean_errors(name, demo):
    path, path_parameters, query = FORMER_CRASHES[name]
    case = schema[path]["GET"].Case(query=query, path_parameters=path_parameters)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in (400, 404)


def _real_requests():
    """Requests that reach the data in every shape: (name, path, the demo's item or preview
    they are about, query)."""
    page_types = [
        "guide.HomePage",
        "communities.CommunityIndexPage",
        "communities.CommunityPage",
        "communities.TrialHomePage",
    ]
    return [
        *(
            ("pages of a type", "/api/v2/pages/", None, {"type": t, "fields": "*"})
            for t in page_types
        ),
        ("pages in English", "/api/v2/pages/", None, {"locale": "en", "fields": "*"}),
        ("pages for families", "/api/v2/pages/", None, {"children": "1", "origin": "eu"}),
        ("pages below a page", "/api/v2/pages/", None, {"descendant_of": "root"}),
        ("ordered pages", "/api/v2/pages/", None, {"order": "-first_published_at,title"}),
        *(
            ("a page", "/api/v2/pages/{id}/", attribute, {})
            for attribute in ("home", "index", "community", "trial_home")
        ),
        (
            "a page, nested fields",
            "/api/v2/pages/{id}/",
            "community",
            {"fields": "hero_image(*),ambassadors(*,photo(*))"},
        ),
        ("communities", "/api/v2/communities/", None, {"fields": "*,hero_image(*)"}),
        ("communities in German", "/api/v2/communities/", None, {"locale": "de"}),
        ("a community", "/api/v2/communities/{id}/", "community", {"fields": "*"}),
        ("images", "/api/v2/images/", None, {"fields": "*"}),
        ("an image", "/api/v2/images/{id}/", "image", {}),
        ("documents", "/api/v2/documents/", None, {"fields": "*"}),
        ("a document", "/api/v2/documents/{id}/", "document", {}),
        ("found", "/api/v2/pages/find/", None, {"html_path": "/lokalsamfund/"}),
        ("found by id", "/api/v2/images/find/", "image", {}),
        *(
            ("a preview", "/api/v2/preview/", content_type, {})
            for content_type in ("communities.communitypage", "communities.trialhomepage")
        ),
        ("the root", "/api/v2/", None, {}),
    ]


@pytest.mark.parametrize(
    "path, about, query",
    [request[1:] for request in _real_requests()],
    ids=[request[0] for request in _real_requests()],
)
def test_real_responses_keep_to_the_schema(path, about, query, demo):
    path_parameters = None
    if "{id}" in path:
        path_parameters = {"id": getattr(demo, about).pk}
    elif path.endswith("/find/") and about:
        query = {**query, "id": getattr(demo, about).pk}
    elif path == "/api/v2/preview/":
        query = {**query, "content_type": about, "token": demo.previews[about]}
    case = schema[path]["GET"].Case(query=query, path_parameters=path_parameters)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == (302 if path.endswith("/find/") else 200), response.text
    if response.status_code == 200 and "items" in response.json():
        assert response.json()["items"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, demo):
    case.call_and_validate(checks=CHECKS)
