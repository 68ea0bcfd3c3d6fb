"""Ambassadors reach out: "New in our area" in the admin shows a community's editors the
newcomers of their community who allowed contact (nothing more about them, never their
address), lets them record what they did and e-mail a welcome through the product; the
coordinators see their own municipality's newcomers, the 30-day figure, and introduce a
prospective newcomer to a corps."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newcomers import ambassadors, consents
from newcomers.models import Account, ContactKind, ContactRecord, NewcomerProfile
from tests.factories import CommunityIndexPageFactory, CommunityPageFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/new-in-our-area/"


def newcomer(community, name, *, consent=True, status="lives", language="en", site=None, **extra):
    account = Account.objects.create(
        site=site or community.get_site(), email=f"{name.lower()}@example.com", language=language
    )
    NewcomerProfile.objects.create(
        account=account,
        first_name=name,
        community_key=community.translation_key,
        community_status=status,
        household=["children"],
        interests=["nature"],
        moving_date=extra.pop("moving_date", date(2027, 3, 1)),
    )
    if consent is not None:
        consents.record(
            account, "ambassador_contact", consent, language=language, source="website", **extra
        )
    return account


def withdraw(account):
    consents.record(account, "ambassador_contact", False, language="en", source="website")


def page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def two_communities(make_community):
    return make_community(title="Nordborg"), make_community(title="Augustenborg")


def test_an_editor_sees_only_their_communitys_consenting_newcomers_until_they_withdraw(
    client, english, two_communities, make_editor
):
    nordborg, augustenborg = two_communities
    ana = newcomer(nordborg, "Ana", language="de")
    newcomer(nordborg, "Bo", consent=None)  # never asked
    newcomer(nordborg, "Cy", consent=False)
    gone = newcomer(nordborg, "Dee")
    withdraw(gone)
    newcomer(augustenborg, "Eve")
    editor = make_editor(nordborg, first_name="Mette")
    ambassadors.add_record(ana, nordborg.translation_key, ContactKind.NOTE, "Likes kayaks", editor)

    html = page(client, editor)
    assert "Ana" in html and "Likes kayaks" in html
    assert "Deutsch" in html and "With children" in html and "Nature and outdoor life" in html
    for hidden in ("Bo", "Cy", "Dee", "Eve"):
        assert f"<h3>{hidden}</h3>" not in html
    assert "@example.com" not in html  # no address, of anyone

    withdraw(ana)
    html = page(client, editor)
    assert "Ana" not in html and "Likes kayaks" not in html
    # nor can they still act on her: her id is refused like a missing one
    response = client.post(URL, {"action": "record", "newcomer": ana.pk, "kind": "note"})
    assert response.status_code == 404

    assert "New in our area" in client.get("/admin/").content.decode()  # the menu item
    # an admin user of no community gets neither the menu item nor the view
    outsider = UserFactory()
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert "New in our area" not in client.get("/admin/").content.decode()
    response = client.get(URL)
    assert response.status_code in (302, 403) and "Likes kayaks" not in response.content.decode()


def test_records_and_the_welcome_message(client, english, two_communities, make_editor):
    nordborg, augustenborg = two_communities
    ana = newcomer(nordborg, "Ana", language="de")
    eve = newcomer(augustenborg, "Eve")
    editor = make_editor(nordborg, first_name="Mette")
    client.force_login(editor)
    key = str(nordborg.translation_key)

    response = client.post(
        URL,
        {"action": "welcome", "newcomer": ana.pk, "community": key, "message": "Kaffe på torsdag?"},
    )
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["ana@example.com"]
    assert sent.extra_headers["Content-Language"] == "de"
    assert "Mette" in sent.body and "Kaffe på torsdag?" in sent.body and "Nordborg" in sent.body
    record = ContactRecord.objects.get()
    assert (record.kind, record.mailed, record.recorded_by) == ("contacted", True, editor)

    response = client.post(
        URL,
        {"action": "record", "newcomer": ana.pk, "community": key, "kind": "visit", "note": "Tour"},
    )
    assert response.status_code == 302
    html = page(client, editor)
    assert "First visit or tour" in html and "Tour" in html and "Kaffe på torsdag?" in html
    assert "ana@example.com" not in html

    # bad input: nothing written, the field named
    other_key = str(augustenborg.translation_key)
    for field, bad in (
        ("What happened", {"action": "record", "community": key, "kind": "introduced"}),
        ("Message", {"action": "welcome", "community": key, "message": ""}),
        ("Community", {"action": "record", "community": other_key, "kind": "note"}),
    ):
        response = client.post(URL, {"newcomer": ana.pk, **bad})
        assert response.status_code == 400
        assert f"Nothing was recorded: {field}:" in response.content.decode()
    # a second message the same day: refused, not sent (a welcome, not a newsletter)
    response = client.post(
        URL, {"action": "welcome", "newcomer": ana.pk, "community": key, "message": "Hej igen"}
    )
    assert response.status_code == 400 and "within the last day" in response.content.decode()
    assert ContactRecord.objects.count() == 2 and len(mail.outbox) == 1
    # another community's newcomer, by id: refused, nothing sent
    response = client.post(
        URL, {"action": "welcome", "newcomer": eve.pk, "community": key, "message": "Hej"}
    )
    assert response.status_code == 404 and len(mail.outbox) == 1


@pytest.fixture
def aabenraa_community(aabenraa):
    index = CommunityIndexPageFactory(parent=aabenraa.site.root_page, title="Lokalsamfund")
    return CommunityPageFactory(parent=index, title="Felsted")


def test_coordinators_see_their_municipality_only_and_introduce_to_a_corps(
    client, english, two_communities, make_editor, coordinator, aabenraa, aabenraa_community
):
    nordborg, augustenborg = two_communities
    ana = newcomer(nordborg, "Ana", status="considers")
    newcomer(augustenborg, "Eve")
    newcomer(aabenraa_community, "Finn", site=aabenraa.site)
    other = UserFactory(first_name="Other")
    other.groups.add(aabenraa.coordinators)

    html = page(client, coordinator)
    assert "Ana" in html and "Eve" in html and "Finn" not in html
    html = page(client, other)
    assert "Finn" in html and "Ana" not in html and "Eve" not in html
    augustenborg_key = str(augustenborg.translation_key)
    response = client.post(
        URL, {"action": "introduce", "newcomer": ana.pk, "community": augustenborg_key}
    )
    assert response.status_code == 404  # not theirs
    # nor to their own corps (a community of another municipality than the newcomer's)
    client.force_login(coordinator)
    response = client.post(
        URL,
        {
            "action": "introduce",
            "newcomer": ana.pk,
            "community": str(aabenraa_community.translation_key),
        },
    )
    assert response.status_code == 400

    editor = make_editor(augustenborg)
    assert "Ana" not in page(client, editor)
    client.force_login(coordinator)
    response = client.post(
        URL, {"action": "introduce", "newcomer": ana.pk, "community": augustenborg_key}
    )
    assert response.status_code == 302
    client.post(URL, {"action": "introduce", "newcomer": ana.pk, "community": augustenborg_key})
    assert ContactRecord.objects.filter(kind="introduced").count() == 1  # once is enough
    html = page(client, editor)
    assert "Ana" in html and "Introduced to the corps" in html
    assert "Nordborg (considers moving there)" in html
    # an editor may not introduce
    response = client.post(
        URL, {"action": "introduce", "newcomer": ana.pk, "community": augustenborg_key}
    )
    assert response.status_code == 404


def test_the_30_day_figure(client, english, two_communities, coordinator, make_editor):
    nordborg, augustenborg = two_communities
    now = timezone.now()
    ago = lambda days: now - timedelta(days=days)  # noqa: E731
    key = nordborg.translation_key

    def contacted(account, days_ago, kind=ContactKind.CONTACTED):
        ambassadors.add_record(account, key, kind, "", coordinator, when=ago(days_ago))

    in_time = newcomer(nordborg, "A", moving_date=None, now=ago(60))
    contacted(in_time, 50)
    late = newcomer(nordborg, "B", moving_date=None, now=ago(60))
    contacted(late, 15)
    newcomer(nordborg, "C", moving_date=None, now=ago(60))  # never: late
    moved_late = newcomer(nordborg, "D", moving_date=ago(10).date(), now=ago(60))
    contacted(moved_late, 5, ContactKind.VISIT)  # counted from the move
    only_noted = newcomer(nordborg, "E", moving_date=None, now=ago(60))
    contacted(only_noted, 50, ContactKind.NOTE)  # a note is no contact: late
    newcomer(nordborg, "F", moving_date=None, now=ago(5))  # still within
    gone = newcomer(nordborg, "G", moving_date=None, now=ago(60))
    withdraw(gone)
    newcomer(augustenborg, "H", moving_date=None, now=ago(40))

    with CaptureQueriesContext(connection) as queries:
        figures = ambassadors.contact_figures(coordinator)
    # the user's permissions (two), their municipality's site and its trees (two), the figure
    assert len(queries) == 5
    assert figures[key] == {"consenting": 6, "in_time": 2, "late": 3, "waiting": 1}
    assert figures[augustenborg.translation_key] == {
        "consenting": 1,
        "in_time": 0,
        "late": 1,
        "waiting": 0,
    }
    html = page(client, coordinator)
    assert "Contacted within 30 days" in html
    assert "<td>Nordborg</td><td>6</td>" in html.replace("\n", "").replace("            ", "")
    # an editor is no coordinator: no figures
    assert "Contacted within 30 days" not in page(client, make_editor(nordborg))


def test_the_listing_costs_the_same_queries_however_many_newcomers(
    client, english, community, make_editor, django_assert_num_queries
):
    editor = make_editor(community)
    key = community.translation_key

    def add(count):
        for _ in range(count):
            account = newcomer(community, f"N{Account.objects.count()}")
            ambassadors.add_record(account, key, ContactKind.NOTE, "hello", editor)

    add(2)
    editor.refresh_from_db()
    # the user's permissions (whether they coordinate: two), the newcomers, their records
    with django_assert_num_queries(4):
        found = list(ambassadors.visible_newcomers(editor))
    assert len(found) == 2 and all(account.records for account in found)
    client.force_login(editor)
    with django_queries() as small:
        assert client.get(URL).status_code == 200
    add(5)
    with django_queries() as large:
        assert client.get(URL).status_code == 200
    assert len(large) == len(small)


def django_queries():
    return CaptureQueriesContext(connection)
