"""The change feed (`/api/v2/changes/`) beside the pages: associations, the culture guide,
contacts, links and imported events come as their endpoints' items, created, changed or
removed, in one order with the pages, from a change log written with each save, delete or
import; each municipality's feed its own; a constant number of queries per page of the feed;
and an app that replays the feed ends with exactly what the listings show."""

import base64
import contextlib
import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from wagtail.models import Locale

from events.importer import import_feed
from frontend_api.changes import Cursor
from frontend_api.models import RowChange
from tests.directory.factories import AssociationFactory
from tests.events.calendar_feeds import feed as ical_feed
from tests.events.calendar_feeds import make_calendar, vevent
from tests.factories import TrialHomePageFactory
from tests.frontend_api.test_changes import FEED, download, feed
from tests.frontend_api.test_municipalities import HOSTS
from tests.guide.factories import ContactFactory, CultureNoteFactory, UsefulLinkFactory

#: each row kind: its listing, its items' `meta.type`, and a factory of one
ROWS = {
    "associations": ("directory.Association", AssociationFactory),
    "culture-guide": ("guide.CultureNote", CultureNoteFactory),
    "contacts": ("guide.Contact", ContactFactory),
    "links": ("guide.UsefulLink", UsefulLinkFactory),
}


@pytest.fixture(autouse=True)
def _settled_at_once(settings):
    settings.CHANGES_SETTLE_SECONDS = 0
    settings.API_CACHE = False


def listed(client, area, **params):
    response = client.get(f"/api/v2/{area}/", {"limit": 100, **params})
    assert response.status_code == 200, response.content[:300]
    return {item["id"]: item for item in response.json()["items"]}


def removal(kind, pk, language="da"):
    return {"id": pk, "meta": {"type": ROWS[kind][0], "change": "removed", "locale": language}}


def translated(snippet, language="en"):
    copy = snippet.copy_for_translation(Locale.objects.get(language_code=language))
    copy.save()
    return copy


def since(client, cursor, **params):
    return feed(client, since=cursor, limit=100, **params)["items"]


def test_rows_come_as_their_listings_items_and_go_as_removals(client, community):
    _items, cursor = download(client, limit=100)
    association = AssociationFactory(name="Nordborg Roklub")
    note = CultureNoteFactory(question="Hvorfor flag?")
    contact = ContactFactory()
    link = UsefulLinkFactory()
    community.save_revision().publish()
    items = since(client, cursor)
    assert [item["id"] for item in items] == [
        association.pk,
        note.pk,
        contact.pk,
        link.pk,
        community.pk,
    ]
    for item, kind in zip(items, ROWS, strict=False):
        assert item == listed(client, kind)[item["id"]]
    _items, cursor = download(client, since=cursor)

    association.name = "Nordborg Roklub og Kajak"
    association.save()
    (item,) = since(client, cursor)
    assert item == listed(client, "associations")[association.pk]
    assert item["name"] == "Nordborg Roklub og Kajak"

    association.hidden = True  # left the directory
    association.save()
    note_id = note.pk
    note.delete()
    assert since(client, cursor) == [
        removal("associations", association.pk),
        removal("culture-guide", note_id),
    ]
    # (an association is in every language: removed in the asked one)
    assert since(client, cursor, locale="en") == [
        removal("associations", association.pk, "en"),
        removal("culture-guide", note_id),
    ]
    # a first download has no removals
    assert not [item for item in download(client)[0] if "change" in item["meta"]]


def test_a_translation_replaces_its_danish_stand_in(client, community):
    note = CultureNoteFactory(question="Hvorfor flag?")
    english_items, english = download(client, limit=100, locale="en")
    assert listed(client, "culture-guide", locale="en")[note.pk] in english_items
    translation = translated(note)
    translation.question = "Why flags?"
    translation.save()
    assert since(client, english, locale="en") == [
        removal("culture-guide", note.pk),  # the Danish stand-in, as a page's
        listed(client, "culture-guide", locale="en")[translation.pk],
    ]


def test_areas_narrow_the_feed(client, community):
    AssociationFactory()
    note = CultureNoteFactory()
    items = feed(client, areas="culture-guide,pages", limit=100)["items"]
    assert note.pk in {item["id"] for item in items if item["meta"]["type"] == "guide.CultureNote"}
    assert {item["meta"]["type"] for item in items} & {"directory.Association"} == set()
    data = feed(client, status=400, areas="pages,doctors,nothing")
    assert data["parameter"] == "areas" and "doctors, nothing" in data["message"]


def test_a_cursor_of_the_pages_only_feed_is_gone(client, community):
    """Its copy has none of the rows: the app downloads again."""
    old = Cursor.decode(download(client)[1])
    text = f"1:{int(old.moment.timestamp() * 1e6)}:{old.item_id}:{int(old.copy_at.timestamp())}"
    value = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    data = feed(client, status=410, since=value)
    assert "download" in data["message"]


def test_each_municipality_has_its_own_feed(client, community, aabenraa):
    home = {"HTTP_HOST": HOSTS["home"]}
    there = {"HTTP_HOST": HOSTS["aabenraa"]}
    cursors = {
        host: client.get(FEED, {"limit": 100}, **headers).json()["meta"]["next"]
        for host, headers in (("home", home), ("aabenraa", there))
    }
    ours = [factory() for _type, factory in ROWS.values()]
    theirs = [factory(site=aabenraa.site) for _type, factory in ROWS.values()]
    ours_ids, their_ids = [row.pk for row in ours], [row.pk for row in theirs]
    for row in [*ours, *theirs]:
        row.delete()
    got = {
        host: client.get(FEED, {"since": cursors[host], "limit": 100}, **headers).json()
        for host, headers in (("home", home), ("aabenraa", there))
    }
    types = [type_ for type_, _factory in ROWS.values()]
    assert [(item["meta"]["type"], item["id"]) for item in got["aabenraa"]["items"]] == [
        (type_, pk) for type_, pk in zip(types, their_ids, strict=True)
    ]
    assert [item["meta"]["change"] for item in got["aabenraa"]["items"]] == ["removed"] * 4
    assert {item["id"] for item in got["home"]["items"]} == set(ours_ids)
    sites = set(RowChange.objects.filter(object_id__in=their_ids).values_list("site", flat=True))
    assert sites == {aabenraa.site.pk}


# --- queries ---------------------------------------------------------------------------------


#: pinned: the sources' counts and rows (pages, removals, expiries, row changes), the
#: trial homes with their relations and parents, and for each row kind on the page its rows
#: (with their language, image or photo); the site and what the public pages read are kept
#: by content version from the warm-up request (`frontend_api.visibility`)
QUERIES = 15


@pytest.mark.parametrize("each", [1, 10])
def test_a_page_of_mixed_changes_costs_the_same_whatever_its_size(client, community, each):
    """5 changes (one of each kind) or 50 (ten), with removals among them."""
    _items, cursor = download(client, limit=100)
    for _ in range(each):
        TrialHomePageFactory(parent=community)
        for _type, factory in ROWS.values():
            factory()
    for _type, factory in ROWS.values():
        factory().delete()
    TrialHomePageFactory(parent=community).unpublish()
    client.get(FEED, {"since": cursor, "limit": 100})  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(FEED, {"since": cursor, "limit": 100})
    items = response.json()["items"]
    assert len(items) == 5 * each + 5
    assert len([item for item in items if item["meta"].get("change")]) == 5
    assert len(queries) == QUERIES, [query["sql"][:120] for query in queries]


# --- the property: replaying the feed ends with what the listings show -----------------------

IMPORTED = "imported-events"
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["create", "edit", "hide", "show", "delete", "translate"]),
        st.sampled_from(["pages", *ROWS, IMPORTED]),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=8,
)


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        cache.clear()
        yield
        transaction.set_rollback(True)


class World:
    """What the operations made, by kind, in order of making."""

    def __init__(self, community):
        self.community = community
        self.made = {kind: [] for kind in ["pages", *ROWS]}
        self.n = 0
        self.calendar = None
        self.events = {}  # uid -> title, in the calendar's feed

    def apply(self, operation, kind, index):
        self.n += 1
        if kind == IMPORTED:
            self.apply_to_feed(operation, index)
            return
        made = self.made[kind]
        if operation == "create" or not made:
            if kind == "pages":
                made.append(TrialHomePageFactory(parent=self.community, title=f"Hus {self.n}"))
            else:
                made.append(ROWS[kind][1]())
            return
        row = made[index % len(made)]
        if kind == "pages":
            row.refresh_from_db()
            if operation == "delete":
                made.remove(row)
                row.delete()
            elif operation in ("hide", "translate") and row.live:
                row.unpublish()
            else:
                row.title = f"Hus {self.n}"
                row.save_revision().publish()
            return
        if operation == "delete":
            made.remove(row)
            row.delete()
        elif operation == "translate" and kind != "associations":
            if not type(row).objects.filter(translation_key=row.translation_key).exclude(pk=row.pk):
                made.append(translated(row))
        elif operation in ("hide", "show") and kind == "associations":
            row.hidden = operation == "hide"
            row.save()
        else:
            field = (
                "name"
                if kind in ("associations", "contacts")
                else ("question" if kind == "culture-guide" else "label")
            )
            setattr(row, field, f"{getattr(row, field)} {self.n}")
            row.save()

    def apply_to_feed(self, operation, index):
        """The calendar's feed gains, changes or loses an event (or cancels it), and is
        imported again (removals of more than half are held: the events stay)."""
        uids = sorted(self.events)
        if operation == "create" or not uids:
            self.events[f"e{self.n}"] = f"Koncert {self.n}"
        elif operation in ("delete", "hide"):
            del self.events[uids[index % len(uids)]]
        else:
            self.events[uids[index % len(uids)]] = f"Koncert {self.n}"
        if self.calendar is None:
            self.calendar = make_calendar(audiences=[])
        start = timezone.localdate() + datetime.timedelta(days=3)
        import_feed(
            self.calendar,
            ical_feed(
                *(
                    vevent(uid, f"DTSTART;VALUE=DATE:{start:%Y%m%d}", summary=title)
                    for uid, title in self.events.items()
                )
            ),
        )


def replay(copy, items):
    for item in items:
        key = (item["meta"]["type"], item["id"])
        if item["meta"].get("change") == "removed":
            copy.pop(key, None)
        else:
            copy[key] = item


def shown(client, **params):
    """What the listings show: the rows whole, the pages by type and id."""
    rows = {
        (ROWS[kind][0], pk): item
        for kind in ROWS
        for pk, item in listed(client, kind, **params).items()
    }
    pages = {(item["meta"]["type"], pk) for pk, item in listed(client, "pages", **params).items()}
    return rows, pages


def listed_imported(client, **params):
    """The imported events the events listing shows (each on its one date)."""
    response = client.get("/api/v2/events/", {"limit": 100, **params})
    items = response.json()["items"]
    return {(IMPORTED_TYPE, i["id"]): i for i in items if i["meta"]["type"] == IMPORTED_TYPE}


IMPORTED_TYPE = "events.ImportedEvent"


def check(client, copy, **params):
    rows, pages = shown(client, **params)
    row_types = dict(ROWS.values())
    assert {key: item for key, item in copy.items() if key[0] in row_types} == rows
    imported = {key: item for key, item in copy.items() if key[0] == IMPORTED_TYPE}
    assert imported == listed_imported(client, **params)
    assert {key for key in copy if key[0] not in {*row_types, IMPORTED_TYPE}} == pages


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(before=OPERATIONS, after=OPERATIONS)
def test_an_app_replaying_the_feed_has_what_the_listings_show(client, community, before, after):
    note(f"before: {before}; after: {after}")
    with rolled_back():
        world = World(community)
        for step in before:
            world.apply(*step)
        copies = {}
        for language in ("da", "en"):
            items, cursor = download(client, limit=4, locale=language)
            copies[language] = ({}, cursor)
            replay(copies[language][0], items)
        for step in after:
            world.apply(*step)
        for language, (copy, cursor) in copies.items():
            replay(copy, download(client, limit=3, since=cursor, locale=language)[0])
            check(client, copy, locale=language)


def test_responses_with_rows_and_their_removals_validate_strictly(client, community):
    from tests.frontend_api.test_schema_strict import validate

    cursor = download(client, limit=100)[1]
    rows = [factory() for _type, factory in ROWS.values()]
    translated(rows[1])
    for row in rows[2:]:
        row.delete()
    for params in ({}, {"since": cursor}, {"since": cursor, "locale": "en"}):
        response = client.get(FEED, {**params, "areas": ",".join(ROWS)})
        assert response.json()["items"]
        validate(response)
    validate(client.get(FEED, {"areas": "nothing"}))
