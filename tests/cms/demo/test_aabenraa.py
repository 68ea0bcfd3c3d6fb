"""The demo's second municipality, Aabenraa: its own site at aabenraa.localhost beside
Sønderborg's (which stays the default), its communities, checklist, associations, events and
coordinator, and an API that serves each municipality at its own address."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Revision, Site

from communities.models import CommunityPage
from directory.models import Association
from events.models import EventPage
from guide.models import ChecklistStepPage, HomePage
from guide.sites import site_pages_q
from tests.cms.demo.conftest import PASSWORD
from tests.frontend_api.conftest import items

AABENRAA = "aabenraa.localhost"
LANGUAGES = {"da", "en", "de"}
TOWNS = {"Rødekro", "Padborg", "Kollund"}
User = get_user_model()


@pytest.fixture
def aabenraa(db, demo):
    return Site.objects.get(hostname=AABENRAA)


@pytest.fixture
def sonderborg(db, demo):
    return Site.objects.get(is_default_site=True)


def danish(model, site):
    return model.objects.filter(site_pages_q(site), locale__language_code="da")


def test_aabenraa_is_a_site_of_its_own_on_sonderborgs_port(aabenraa, sonderborg):
    assert not aabenraa.is_default_site and aabenraa.port == sonderborg.port
    assert aabenraa.site_name == "Aabenraa" and sonderborg.site_name == "Sønderborg"
    home = aabenraa.root_page.specific
    assert isinstance(home, HomePage) and home.title == "Velkommen til Aabenraa"
    assert {c.locale.language_code for c in home.get_translations(inclusive=True)} == LANGUAGES
    municipality = aabenraa.municipality
    assert (municipality.colour, municipality.default_language) == ("#005b9a", "da")
    assert municipality.phone and municipality.email and "Aabenraa" in municipality.address
    assert municipality.website == "https://www.aabenraa.dk/"
    assert sonderborg.municipality.colour == "#00594f"
    assert "Sønderborg" in sonderborg.municipality.address and sonderborg.municipality.email


@pytest.mark.parametrize(
    ("host", "title"),
    [
        ("localhost", "Velkommen til Sønderborg"),
        ("127.0.0.1", "Velkommen til Sønderborg"),
        ("sonderborg.localhost", "Velkommen til Sønderborg"),
        (AABENRAA, "Velkommen til Aabenraa"),
    ],
)
def test_each_address_reaches_its_municipality(db, demo, client, host, title):
    response = client.get("/api/v2/pages/?type=guide.HomePage&locale=da", HTTP_HOST=host)
    assert [item["title"] for item in items(response)] == [title]


def test_aabenraa_has_three_real_places_in_three_languages(aabenraa, sonderborg):
    communities = danish(CommunityPage, aabenraa)
    assert set(communities.values_list("title", flat=True)) == TOWNS
    for page in communities:
        assert page.live and page.latitude and page.longitude
        assert page.body.raw_data and page.intro
        copies = page.get_translations(inclusive=True)
        assert {copy.locale.language_code for copy in copies} == LANGUAGES
        assert len({copy.specific.intro for copy in copies}) == 3
    assert not danish(CommunityPage, sonderborg).filter(title__in=TOWNS).exists()


def test_aabenraa_has_a_short_checklist_and_a_few_events(aabenraa):
    steps = danish(ChecklistStepPage, aabenraa)
    assert 3 <= steps.count() <= 4
    events = danish(EventPage, aabenraa)
    assert 2 <= events.count() <= 3
    for page in [*steps, *events]:
        assert {c.locale.language_code for c in page.get_translations(inclusive=True)} == LANGUAGES


def test_aabenraas_associations_belong_to_its_site(aabenraa, sonderborg):
    associations = Association.objects.filter(site=aabenraa)
    assert 3 <= associations.count() <= 4
    own = set(danish(CommunityPage, aabenraa).values_list("pk", flat=True))
    assert {a.community_id for a in associations} <= own
    assert not Association.objects.filter(community__in=own).exclude(site=aabenraa).exists()


def test_aabenraas_coordinator_edits_aabenraas_home_not_sonderborgs(aabenraa, sonderborg, client):
    coordinator = User.objects.get(username="coordinator-aabenraa")
    assert coordinator.check_password(PASSWORD)
    assert list(coordinator.groups.all()) == [aabenraa.municipality.coordinators]
    assert client.login(username="coordinator-aabenraa", password=PASSWORD)

    own, other = aabenraa.root_page, sonderborg.root_page
    assert own.permissions_for_user(coordinator).can_edit()
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert not other.permissions_for_user(coordinator).can_edit()
    revisions = Revision.objects.count()
    response = client.post(f"/admin/pages/{other.pk}/edit/", {"title": "Overtaget"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert Page.objects.get(pk=other.pk).title == "Velkommen til Sønderborg"
    assert Revision.objects.count() == revisions


def test_the_sonderborg_coordinator_stays_sonderborgs(aabenraa, sonderborg):
    coordinator = User.objects.get(username="coordinator")
    assert list(coordinator.groups.all()) == [sonderborg.municipality.coordinators]
    assert not aabenraa.root_page.permissions_for_user(coordinator).can_edit()


def test_the_api_lists_aabenraas_communities_at_its_address(db, demo, client):
    ours = items(client.get("/api/v2/communities/?limit=100", HTTP_HOST=AABENRAA))
    assert {item["title"] for item in ours} == TOWNS
    theirs = items(client.get("/api/v2/communities/?limit=100"))
    assert len(theirs) >= 15 and not {item["title"] for item in theirs} & TOWNS


def test_the_api_lists_aabenraas_associations_at_its_address(aabenraa, client):
    names = set(Association.objects.filter(site=aabenraa).values_list("name", flat=True))
    ours = items(client.get("/api/v2/associations/?limit=100", HTTP_HOST=AABENRAA))
    assert {item["name"] for item in ours} == names
    theirs = items(client.get("/api/v2/associations/?limit=100&search=Padborg"))
    assert not {item["name"] for item in theirs} & names


def test_the_api_lists_aabenraas_events_at_its_address(aabenraa, client):
    titles = set(danish(EventPage, aabenraa).values_list("title", flat=True))
    ours = items(client.get("/api/v2/events/?limit=100&locale=da", HTTP_HOST=AABENRAA))
    assert {item["title"] for item in ours} == titles
    theirs = items(client.get("/api/v2/events/?limit=100&locale=da"))
    assert "CaféNy" in {item["title"] for item in theirs}
    assert not {item["title"] for item in theirs} & titles
