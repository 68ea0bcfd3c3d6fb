"""What the schema tests share: schemathesis's checks, Django's WSGI app run in-process
the way the test client runs it, and the small site they ask about."""

import json
from types import SimpleNamespace

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import Locale, Page, Site

from guide.models import PageAudience
from tests.conftest import LANGUAGES, translate
from tests.factories import (
    AmbassadorFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    HomePageFactory,
    ImageFactory,
    TrialHomePageFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class InProcessApp:
    """Django's WSGI app, run as Django's test client runs it: a request does not close the
    database connection (which would end the test's transaction on PostgreSQL)."""

    handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def generated_document():
    """The document /api/v2/schema/ serves, made without a request (nor the database, which
    is not there yet while pytest collects the tests)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


def document_for(urls):
    """The OpenAPI document of the views in `urls` (a module path or a list of patterns)
    mounted under /api/v2/, as the served document describes them."""
    generator = SchemaGenerator(patterns=[path("api/v2/", include(urls))])
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(public=True)))


def build_site(more_pages=(), private_ambassador=False, **community_fields):
    """A small site in three languages, as the fixtures in tests/conftest.py build it: a
    community with a hero image and a public ambassador (and, asked for, one who keeps their
    contact private), a trial home (Danish and English, for families), `more_pages` (page
    factories) under the home page, a document, and an editor's preview of the community and
    of the trial home. `more` holds the extra pages, in order."""
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = CommunityIndexPageFactory(parent=home)
    image = ImageFactory(title="Havnen")
    community = CommunityPageFactory(
        parent=index, title="Nordborg", hero_image=image, **community_fields
    )
    AmbassadorFactory(community=community, photo=image, contact_public=True)
    if private_ambassador:
        AmbassadorFactory(community=community, photo=None, contact_public=False)
    community.save_revision().publish()
    more = [factory(parent=home) for factory in more_pages]
    for page in (home, index, community, *more):
        for code in LANGUAGES[1:]:
            translate(page, code)
    trial_home = TrialHomePageFactory(parent=community)
    translate(trial_home, "en")
    PageAudience.objects.create(page=trial_home, audience="children")
    return SimpleNamespace(
        home=home,
        index=index,
        community=community,
        trial_home=trial_home,
        image=image,
        document=DocumentFactory(title="Velkomstpakke"),
        more=more,
        previews={
            page.get_content_type_str(): page.create_page_preview().token
            for page in (community, trial_home)
        },
    )
