"""Each municipality's own rows and pages, one of everything, and the API at each host:
every listing, feed and detail holds the host's own and never the other's."""

import pytest
from django.db import transaction
from django.test import override_settings
from wagtail.models import Collection, Locale, Page, Site

from guide.models import Municipality
from tests.conftest import LANGUAGES, translate
from tests.directory.factories import AssociationFactory, PracticeFactory
from tests.events.factories import EventPageFactory, ExternalCalendarFactory, ImportedEventFactory
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    HomePageFactory,
    ImageFactory,
)
from tests.frontend_api.test_municipalities import HOSTS, get
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    UsefulLinkFactory,
)

pytestmark = pytest.mark.django_db  # each test in a savepoint of the module's transaction

#: every listing of rows or pages a municipality owns
LISTINGS = (
    "pages",
    "communities",
    "images",
    "documents",
    "events",
    "associations",
    "doctors",
    "checklist",
    "culture-guide",
    "contacts",
    "links",
    "changes",
    "municipalities",
)


def _rows(site, home, collection, mark):
    """One of everything a municipality owns, each named with `mark`; their ids by kind."""
    index = CommunityIndexPageFactory(parent=home, title=f"Landsbyer {mark}")
    community = CommunityPageFactory(parent=index, title=f"Landsby {mark}")
    translate(index, "en")
    translate(community, "en")
    event = EventPageFactory(parent=home, title=f"Fest {mark}")
    checklist = ChecklistPageFactory(parent=home, title=f"Tjekliste {mark}")
    step = ChecklistStepPageFactory(parent=checklist, title=f"Skridt {mark}")
    calendar = ExternalCalendarFactory(site=site, name=f"Kalender {mark}")
    return {
        "community": community.pk,
        "event": event.pk,
        "step": step.pk,
        "imported": ImportedEventFactory(calendar=calendar, title=f"Koncert {mark}").pk,
        "association": AssociationFactory(site=site, name=f"Forening {mark}").pk,
        "practice": PracticeFactory(site=site, name=f"Lægehus {mark}").pk,
        "note": CultureNoteFactory(site=site, question=f"Hvorfor {mark}?").pk,
        "contact": ContactFactory(site=site, name=f"Kontakt {mark}").pk,
        "link": UsefulLinkFactory(site=site, label=f"Link {mark}").pk,
        "image": ImageFactory(collection=collection, title=f"Billede {mark}").pk,
        "document": DocumentFactory(collection=collection, title=f"Dokument {mark}").pk,
    }


@pytest.fixture(scope="module")
def both(django_db_setup, django_db_blocker, tmp_path_factory):
    """Rows and pages of the default site's municipality and of Aabenraa's, each marked:
    made once, in a transaction the module's tests run inside (each in a savepoint) and
    that is rolled back after them."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        for code in LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        homes = {}
        for where, hostname in HOSTS.items():
            home = HomePageFactory(
                parent=Page.get_first_root_node(), title=where, slug=f"{where}-home"
            )
            Site.objects.update_or_create(
                hostname=hostname,
                defaults={"root_page": home, "is_default_site": where == "home"},
            )
            for code in LANGUAGES[1:]:
                translate(home, code)
            homes[where] = home
        aabenraa = Municipality.objects.get(site__hostname=HOSTS["aabenraa"])
        yield {
            "media": media,
            "home": _rows(
                homes["home"].get_site(),
                homes["home"],
                Collection.get_first_root_node(),
                "qqhomeqq",
            ),
            "aabenraa": _rows(
                aabenraa.site, homes["aabenraa"], aabenraa.collection, "qqaabenraaqq"
            ),
        }
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media(both, settings):
    settings.MEDIA_ROOT = both["media"]  # where the module's images are


MARKS = {"home": "qqhomeqq", "aabenraa": "qqaabenraaqq"}
OTHER = {"home": "aabenraa", "aabenraa": "home"}


@pytest.mark.parametrize("where", HOSTS)
@pytest.mark.parametrize("name", LISTINGS)
def test_a_listing_holds_only_the_hosts_municipality(client, both, where, name, settings):
    settings.CHANGES_SETTLE_SECONDS = 0  # the change feed: what was just published too
    response = get(client, f"/api/v2/{name}/", where, fields="*", limit=100)
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode()
    assert MARKS[OTHER[where]] not in text
    if name != "municipalities":  # (its items carry no marked rows)
        assert MARKS[where] in text, name


@pytest.mark.parametrize("where", HOSTS)
@pytest.mark.parametrize("feed", ["/api/v2/events/feed.ics", "/api/v2/checklist/print/"])
def test_the_feed_and_the_printed_checklist_hold_only_the_hosts(client, both, where, feed):
    response = get(client, feed, where)
    assert response.status_code == 200
    text = response.content.decode()
    assert MARKS[where] in text and MARKS[OTHER[where]] not in text


DETAILS = {
    "community": ["/api/v2/communities/{}/", "/api/v2/pages/{}/"],
    "event": ["/api/v2/events/{}/", "/api/v2/events/{}/event.ics"],
    "imported": ["/api/v2/events/imported/{}/", "/api/v2/events/imported/{}/event.ics"],
    "association": ["/api/v2/associations/{}/"],
    "practice": ["/api/v2/doctors/{}/"],
    "note": ["/api/v2/culture-guide/{}/"],
    "contact": ["/api/v2/contacts/{}/"],
    "link": ["/api/v2/links/{}/"],
    "image": ["/api/v2/images/{}/"],
    "document": ["/api/v2/documents/{}/"],
}


@pytest.mark.parametrize("where", HOSTS)
@pytest.mark.parametrize("kind", DETAILS)
def test_another_municipalitys_details_are_not_found(client, both, where, kind):
    for path in DETAILS[kind]:
        own = get(client, path.format(both[where][kind]), where)
        assert own.status_code == 200, (path, own.content[:300])
        other = get(client, path.format(both[OTHER[where]][kind]), where)
        assert other.status_code == 404, path
        assert MARKS[OTHER[where]] not in other.content.decode()
