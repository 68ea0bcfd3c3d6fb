"""The weekly digest of coming events: to newcomers who asked for invitations, in their
language, with their community's and the municipality's own events that are new to them,
at most weekly, for two years; one click stops it."""

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EventPage
from newcomers import consents, digests
from newcomers.models import Account, ConsentRecord, NewcomerProfile
from tests.conftest import LANGUAGES, translate
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.helpers import AABENRAA

pytestmark = pytest.mark.django_db

PURPOSE = "community_invitations"


def in_days(days):
    return (timezone.localtime() + timedelta(days=days)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )


def event(parent, title, days, english=None):
    """A published event (Danish) `days` from now; `english`: its English copy's title."""
    page = EventPageFactory(parent=parent, title=title, start=in_days(days))
    if english:
        copy = translate(page, "en", publish=False)
        copy.title = english
        copy.save_revision().publish()
    return page


def copy_in(page, language):
    return EventPage.objects.get(
        translation_key=page.translation_key, locale__language_code=language
    )


def newcomer(site, email, *, language="en", community=None, moved=None, consent_at=None):
    """An account with the consent given (at `consent_at`), and a profile when it has a
    community or a moving date."""
    account = Account.objects.create(site=site, email=email, language=language)
    if community or moved:
        NewcomerProfile.objects.create(
            account=account,
            community_key=community.translation_key if community else None,
            community_status="lives" if community else "",
            moving_date=moved,
        )
    consents.record(account, PURPOSE, True, language=language, source="api", now=consent_at)
    return account


def calendar(root):
    page = EventIndexPageFactory(parent=root)
    for code in LANGUAGES[1:]:
        translate(page, code)
    return page


@pytest.fixture
def town(home, make_community):
    """The municipality's calendar with CaféNy (also in English), the communities Nordborg
    (an evening, in Danish only) and Broager (a games night), and an event too far ahead."""
    service = calendar(home)
    nordborg = make_community(title="Nordborg")
    broager = make_community(title="Broager")
    return {
        "nordborg": nordborg,
        "cafe": event(service, "CaféNy på dansk", 10, english="CaféNy in English"),
        "evening": event(nordborg, "Nytilflytteraften i Nordborg", 5),
        "games": event(broager, "Spilleaften i Broager", 6),
        "later": event(service, "Velkomstdag om to måneder", 60),
        "service": service,
    }


def test_a_newcomer_gets_one_digest_a_week_of_what_is_new_in_their_language(client, town):
    site = town["nordborg"].get_site()
    moved = timezone.localdate() - timedelta(days=90)
    account = newcomer(site, "ana@example.com", community=town["nordborg"], moved=moved)
    now = timezone.now()

    assert digests.send_all(now) == 1
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    name = site.municipality.name
    assert message.subject == f"Coming events in {name}"
    body = message.body
    # the community's event (no English copy: its Danish title) first, then CaféNy in English
    assert body.index("Nytilflytteraften i Nordborg") < body.index("CaféNy in English")
    assert "CaféNy på dansk" not in body
    assert f"/en/events/{copy_in(town['cafe'], 'en').pk}/" in body
    assert f"/en/events/{town['evening'].pk}/" in body
    assert "Broager" not in body  # another community's
    assert "Velkomstdag" not in body  # beyond the coming weeks
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https?://\S+/api/v2/me/unsubscribe/\S+/>", unsubscribe)
    assert unsubscribe[1:-1] in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Content-Language"] == "en"

    # run again the same day, and on the days after: nothing twice
    assert digests.send_all(now) == 0
    assert digests.send_all(now + timedelta(days=6)) == 0
    # a week later nothing is new (CaféNy was announced; the evening is past): no mail
    assert digests.send_all(now + timedelta(days=7)) == 0
    # then a new event: the next run sends it, and only it
    event(town["service"], "Fællesspisning", 12)
    call_command("send_digests", stdout=StringIO())
    assert len(mail.outbox) == 1  # the command runs now: within a week of the first
    assert digests.send_all(now + timedelta(days=7)) == 1
    latest = mail.outbox[-1].body
    assert "Fællesspisning" in latest and "CaféNy" not in latest
    assert account.digests.count() == 2


def test_digests_stop_after_two_years_on_withdrawal_and_at_the_municipality_border(town, aabenraa):
    site = town["nordborg"].get_site()
    today, now = timezone.localdate(), timezone.now()
    long_ago = now - timedelta(days=2 * 365 + 10)
    newcomer(site, "moved@example.com", moved=today - timedelta(days=2 * 365 + 10))
    newcomer(site, "consented@example.com", consent_at=long_ago)  # no moving date
    withdrawn = newcomer(site, "withdrawn@example.com", moved=today)
    consents.record(withdrawn, PURPOSE, False, language="en", source="api")
    newcomer(site, "da@example.com", language="da", consent_at=long_ago, moved=today)
    other = calendar(aabenraa.site.root_page)
    event(other, "Velkomstmøde i Aabenraa", 4)
    newcomer(aabenraa.site, "aabenraa@example.com", language="da")

    assert digests.send_all(now) == 2
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"da@example.com", "aabenraa@example.com"}
    # a moving date counts over the consent's time; no community: only the town's own
    danish = sent["da@example.com"].body
    assert "CaféNy på dansk" in danish and "Nytilflytteraften" not in danish
    assert "Aabenraa" not in danish
    theirs = sent["aabenraa@example.com"]
    assert "Velkomstmøde i Aabenraa" in theirs.body and "CaféNy" not in theirs.body
    assert theirs.subject.endswith("Aabenraa")
    assert f"http://{AABENRAA}/api/v2/me/unsubscribe/" in theirs.body


def test_one_click_unsubscribes_and_a_forged_link_is_refused(client, town, aabenraa):
    site = town["nordborg"].get_site()
    account = newcomer(site, "ana@example.com", community=town["nordborg"])
    digests.send_all()
    url = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    path = urlsplit(url).path

    shown = client.get(path, HTTP_HOST="localhost")  # a GET (a mail scanner) changes nothing
    assert shown.status_code == 200
    assert shown.json()["subscribed"] is True
    validate(shown)
    assert shown["Cache-Control"] == "private, no-store"
    page = client.get(path, HTTP_HOST="localhost", HTTP_ACCEPT="text/html")
    assert b'<form method="post">' in page.content
    assert ConsentRecord.objects.filter(account=account).count() == 1

    # the mail client's one-click POST (RFC 8058), at another municipality's host: refused
    one_click = {"data": "List-Unsubscribe=One-Click"}
    one_click["content_type"] = "application/x-www-form-urlencoded"
    assert client.post(path, HTTP_HOST=AABENRAA, **one_click).status_code == 400
    done = client.post(path, HTTP_HOST="localhost", **one_click)
    assert done.status_code == 200, done.content
    assert done.json()["subscribed"] is False
    validate(done)
    assert done["Cache-Control"] == "private, no-store"
    latest = ConsentRecord.objects.filter(account=account).latest("recorded_at", "pk")
    assert (latest.purpose, latest.given, latest.source) == (PURPOSE, False, "unsubscribe")
    assert client.post(path, HTTP_HOST="localhost", **one_click).status_code == 200
    assert ConsentRecord.objects.filter(account=account).count() == 2  # once is enough
    assert digests.send_all(timezone.now() + timedelta(days=7)) == 0

    forged = path.replace("/unsubscribe/", "/unsubscribe/x")
    refused = client.post(forged, HTTP_HOST="localhost", **one_click)
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["token"]


def test_building_the_digests_costs_the_same_queries_for_one_recipient_or_many(town):
    site = town["nordborg"].get_site()
    newcomer(site, "one@example.com", community=town["nordborg"])
    now = timezone.now()
    with CaptureQueriesContext(connection) as one:
        assert len(digests.build(now)) == 1
    for number in range(3):
        newcomer(site, f"more-{number}@example.com", community=town["nordborg"])
    with CaptureQueriesContext(connection) as many:
        assert len(digests.build(now)) == 4
    # the accounts, the municipalities, and per municipality: its root's copies, the
    # restrictions (public) thrice, the calendar sections, the communities, the dates
    assert len(many) == len(one) == 9
