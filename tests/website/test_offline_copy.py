"""The installed app keeps a copy of what a newcomer needs offline (contacts, pages,
associations, the culture guide, the useful links, the coming events) in IndexedDB, follows
the API's change feed to keep it current, and the offline page shows it when a page cannot
be loaded."""

import json
import time

import httpx
import pytest
from playwright.sync_api import expect

from tests.website.conftest import DESKTOP, PHONE
from tests.website.servers import assert_accessible

# IndexedDB read directly, not through the app's own code
READ_STORE = """async ([store]) => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("velkomst-offline-copy");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const read = (name, how) => new Promise((resolve, reject) => {
    const req = db.transaction(name).objectStore(name)[how]();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  if (store !== "meta") { const items = await read(store, "getAll"); db.close(); return items; }
  const keys = await read("meta", "getAllKeys");
  const values = await read("meta", "getAll");
  db.close();
  return Object.fromEntries(keys.map((key, n) => [key, values[n]]));
}"""

OPEN = """new Promise((resolve) => {
    const req = indexedDB.open("velkomst-offline-copy");
    req.onsuccess = () => resolve(req.result);
  })"""

WRITE_META = (
    """async ([key, value]) => {
  const db = await """
    + OPEN
    + """;
  const tx = db.transaction("meta", "readwrite");
  tx.objectStore("meta").put(value, key);
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}"""
)

FORGET_A_CONTACT = (
    """async () => {
  const db = await """
    + OPEN
    + """;
  const tx = db.transaction("contacts", "readwrite");
  const contacts = tx.objectStore("contacts");
  const keys = await new Promise((resolve) => {
    const req = contacts.getAllKeys();
    req.onsuccess = () => resolve(req.result);
  });
  contacts.delete(keys[0]);
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}"""
)

CHANGE_AND_DELETE = """
from guide.models import Contact
changed = Contact.objects.get(name="Offline Changed")
changed.phone = "+45 70 00 00 09"
changed.save()
Contact.objects.get(name="Offline Deleted").delete()
"""

CLEAN_UP = """
from guide.models import Contact
Contact.objects.filter(name__startswith="Offline ").delete()
"""


#: seconds until a change is in the feed (the CMS's CHANGES_SETTLE_SECONDS, 5, and the API's
#: answers kept as long), and a margin
SETTLED = 7


def store(page, name):
    return page.evaluate(READ_STORE, [name])


def names(page):
    return {contact["name"]: contact for contact in store(page, "contacts")}


def sync(page, lang="en"):
    return page.evaluate("([lang]) => VelkomstOfflineCopy.sync(lang)", [lang])


def until(condition, page, seconds=30):
    """Sync until `condition()` holds: the feed gives a change once it has settled
    (CHANGES_SETTLE_SECONDS) and the API may keep an answer as long."""
    deadline = time.monotonic() + seconds
    while True:
        sync(page)
        if condition():
            return
        assert time.monotonic() < deadline, "the copy did not follow the change"
        time.sleep(1)


def orm(cms, code):
    """Run Django ORM code in the CMS (its database, its signals)."""
    cms.manage("shell", "-c", code)


def app_page(context, path="/en/"):
    """A page of the installed app (the service worker in control), its first sync done."""
    page = context.new_page()
    page.goto(path)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    sync(page, path.split("/")[1])  # the sync the page began, or one more
    assert store(page, "meta")["syncedAt"]
    return page


def test_the_feed_is_served_on_the_sites_origin_and_never_kept(website):
    answer = httpx.get(f"{website.url}/en/app/changes.json", timeout=20)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    data = answer.json()
    assert data["meta"]["next"]
    assert {item["meta"]["type"] for item in data["items"]} >= {"guide.Contact"}
    # a cursor the feed never gave: its 400 comes through, for the app to download again
    refused = httpx.get(f"{website.url}/en/app/changes.json?since=garbage", timeout=10)
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "since"
    assert refused.headers["cache-control"] == "no-store"
    # one of the feed when it gave pages only ("1:1:2:3"): its 410
    gone = httpx.get(f"{website.url}/en/app/changes.json?since=MToxOjI6Mw", timeout=10)
    assert gone.status_code == 410


def test_the_first_visit_keeps_a_copy_which_the_offline_page_shows(context, cms):
    contacts = cms.api("contacts/", locale="en", limit=100)["items"]
    page = context.new_page()
    page.goto("/en/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    # the page downloads the copy by itself, once it has loaded
    deadline = time.monotonic() + 30
    while not page.evaluate("async () => (await VelkomstOfflineCopy.read()).meta.syncedAt"):
        assert time.monotonic() < deadline, "the first visit kept no copy"
        time.sleep(0.5)
    meta = store(page, "meta")
    assert meta["lang"] == "en"
    assert meta["cursor"]
    kept = names(page)
    assert set(kept) == {contact["name"] for contact in contacts}
    community = cms.api("communities/", locale="en", limit=1)["items"][0]
    assert community["id"] in {item["id"] for item in store(page, "pages")}
    assert store(page, "events")

    context.set_offline(True)
    page.goto("/en/stories/")  # never opened: the offline page
    assert page.locator("h1").inner_text() == "You are offline"
    status = page.get_by_role("status")
    status.wait_for()
    assert status.inner_text().startswith("You are offline: this is the copy from ")
    contact = next(contact for contact in contacts if contact["phone"])
    section = page.get_by_role("region", name="Contacts")
    assert contact["name"] in section.inner_text()
    phone = section.get_by_role("link", name=contact["phone"])
    assert phone.get_attribute("href") == "tel:" + contact["phone"].replace(" ", "")
    assert page.get_by_role("region", name="Events").get_by_role("listitem").count() > 0
    communities = page.get_by_role("region", name="Communities")
    assert community["title"] in communities.inner_text()


def test_the_copy_keeps_the_culture_guide_and_the_useful_links(context, cms):
    notes = cms.api("culture-guide/", locale="en", limit=100)["items"]
    links = cms.api("links/", locale="en", limit=100)["items"]
    assert notes and links  # the demo has both
    page = app_page(context)
    assert {note["id"] for note in store(page, "culture-guide")} == {n["id"] for n in notes}
    assert {link["id"] for link in store(page, "links")} == {link["id"] for link in links}
    # rows of their own, not pages
    assert not {"guide.CultureNote", "guide.UsefulLink"} & {
        item["meta"]["type"] for item in store(page, "pages")
    }

    context.set_offline(True)
    page.goto("/en/stories/")
    culture = page.get_by_role("region", name="Culture guide")
    culture.wait_for()
    assert culture.get_by_role("listitem").count() == len(notes)
    note = notes[0]
    item = culture.get_by_role("listitem").filter(has_text=note["question"])
    first = " ".join(note["answer"].split("\n\n")[0].split())
    assert item.inner_text().split("\n", 1)[1].rstrip("\u2026") in first
    useful = page.get_by_role("region", name="Useful links")
    assert useful.get_by_role("listitem").count() == len(links)
    link = next(link for link in links if link["description"])
    anchor = useful.get_by_role("link", name=link["label"], exact=True).first
    assert anchor.get_attribute("href") == link["url"]
    item = useful.get_by_role("listitem").filter(has=page.get_by_role("link", name=link["label"]))
    assert link["description"] in item.first.inner_text()


# A copy as the first version of the app kept it: no culture guide, no links.
VERSION_1 = """async ([cursor, now]) => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("velkomst-offline-copy", 1);
    req.onupgradeneeded = () => {
      for (const name of ["pages", "contacts", "associations", "events"]) {
        req.result.createObjectStore(name, { keyPath: "id" });
      }
      req.result.createObjectStore("meta");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const tx = db.transaction(["contacts", "meta"], "readwrite");
  tx.objectStore("contacts").put(
    { id: -1, name: "Kept from version 1", meta: { type: "guide.Contact" } });
  const meta = tx.objectStore("meta");
  meta.put(cursor, "cursor");
  meta.put("en", "lang");
  meta.put("locale=en", "key");
  meta.put(now, "syncedAt");
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}"""


def test_a_copy_of_the_first_version_is_kept_then_downloaded_again(context, website):
    cursor = httpx.get(f"{website.url}/en/app/changes.json", timeout=20).json()["meta"]["next"]
    page = context.new_page()
    page.goto("/robots.txt")  # the site's origin, without the app's script
    page.evaluate(VERSION_1, [cursor, int(time.time() * 1000)])
    page.goto("/en/")
    # the new version opens the copy: it is still there (the page does not sync a copy this
    # fresh), without its cursor
    copy = page.evaluate("() => VelkomstOfflineCopy.read()")
    assert [contact["name"] for contact in copy["contacts"]] == ["Kept from version 1"]
    assert copy["culture-guide"] == [] and copy["links"] == []
    assert "cursor" not in copy["meta"]
    # the next sync downloads it whole, not from the old cursor: the culture guide too
    sync(page)
    assert store(page, "culture-guide") and store(page, "links")
    assert "Kept from version 1" not in names(page)
    assert store(page, "meta")["cursor"]


def test_without_a_copy_the_offline_page_says_what_it_says_today(context):
    page = app_page(context, "/de/")
    context.set_offline(True)  # no sync of the page fills it again
    page.evaluate("() => VelkomstOfflineCopy.clear()")
    page.goto("/de/links/")
    assert page.locator("h1").inner_text() == "Sie sind offline"
    page.wait_for_timeout(500)
    assert page.locator("#offline-copy").is_hidden()
    expect(page.locator("#main").get_by_role("link", name="Checkliste")).to_be_visible()


def test_the_copy_follows_changes_and_removals(context, cms):
    created = """
from wagtail.models import Locale, Site
from guide.models import Contact
for name, phone in (("Offline Changed", "+45 70 00 00 01"), ("Offline Deleted", "+45 70 00 00 02")):
    Contact.objects.create(name=name, phone=phone, locale=Locale.objects.get(language_code="en"),
                           site=Site.objects.get(is_default_site=True))
"""
    orm(cms, created)
    try:
        page = app_page(context)
        until(lambda: {"Offline Changed", "Offline Deleted"} <= set(names(page)), page)

        orm(cms, CHANGE_AND_DELETE)
        time.sleep(SETTLED)
        # the network comes back: the page syncs by itself
        context.set_offline(True)
        context.set_offline(False)
        deadline = time.monotonic() + 20
        while not (
            "Offline Deleted" not in names(page)
            and names(page)["Offline Changed"]["phone"] == "+45 70 00 00 09"
        ):
            assert time.monotonic() < deadline, "the copy did not follow the change online"
            time.sleep(0.5)

        context.set_offline(True)
        page.goto("/en/trial-homes/")
        contacts = page.get_by_role("region", name="Contacts")
        contacts.wait_for()
        assert contacts.get_by_role("link", name="+45 70 00 00 09").count() == 1
        assert "Offline Deleted" not in contacts.inner_text()
    finally:
        orm(cms, CLEAN_UP)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",  # not a cursor of the feed: 400
        "MToxOjI6Mw",  # a cursor of the feed when it gave pages only ("1:1:2:3"): 410
    ],
)
def test_a_refused_cursor_downloads_the_copy_again(context, cms, cursor):
    page = app_page(context)
    total = len(store(page, "contacts"))
    # the copy lost a contact, and its cursor is one the feed refuses
    page.evaluate(FORGET_A_CONTACT)
    page.evaluate(WRITE_META, ["cursor", cursor])
    assert len(store(page, "contacts")) == total - 1
    sync(page)
    assert len(store(page, "contacts")) == total
    assert store(page, "meta")["cursor"] not in (cursor, None)


def test_a_new_language_downloads_the_copy_again(context, cms):
    page = app_page(context)
    english = {contact["id"] for contact in store(page, "contacts")}
    page.goto("/de/")
    sync(page, "de")
    assert store(page, "meta")["lang"] == "de"
    german = cms.api("contacts/", locale="de", limit=100)["items"]
    assert {contact["id"] for contact in store(page, "contacts")} == {c["id"] for c in german}
    assert english != {c["id"] for c in german}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_offline_page_with_the_copy_is_accessible(context, axe, viewport, tmp_path):
    page = app_page(context)
    page.set_viewport_size(viewport)
    context.set_offline(True)
    page.goto("/en/stories/")
    page.get_by_role("region", name="Contacts").wait_for()
    page.get_by_role("region", name="Useful links").wait_for()
    page.screenshot(path=tmp_path / "offline.png", full_page=True)
    assert_accessible(page, axe)


def test_the_copy_is_a_few_hundred_kilobytes(context):
    page = app_page(context)
    size = page.evaluate("async () => JSON.stringify(await VelkomstOfflineCopy.read()).length")
    print(json.dumps({"offline copy (characters of JSON)": size}))
    assert size < 2_000_000


def test_a_new_audience_downloads_the_copy_again(context, website, cms):
    page = app_page(context)
    assert store(page, "meta")["key"] == "locale=en"
    # the visitor says where they move from: the copy is for them now
    context.add_cookies(
        [{"name": "velkomst_audience", "value": "non_eu|children", "url": website.url}]
    )
    before = {contact["id"] for contact in store(page, "contacts")}
    page.evaluate(FORGET_A_CONTACT)
    forgotten = before - {contact["id"] for contact in store(page, "contacts")}
    sync(page)
    meta = store(page, "meta")
    assert "origin=non_eu" in meta["key"] and "children=true" in meta["key"]
    # downloaded again, not followed from the cursor: the forgotten contact is back
    theirs = cms.api(
        "contacts/", locale="en", origin="non_eu", children="true", partner="false",
        student="false", limit=100,
    )["items"]  # fmt: skip
    kept = {contact["id"] for contact in store(page, "contacts")}
    assert kept == {contact["id"] for contact in theirs}
    assert forgotten <= kept


def test_the_service_worker_syncs_the_copy_in_the_background(context, website):
    page = app_page(context)
    page.wait_for_timeout(2500)  # the page's own sync on load is done (and found it fresh)
    before = {contact["id"] for contact in store(page, "contacts")}
    page.evaluate(FORGET_A_CONTACT)
    page.evaluate(WRITE_META, ["cursor", "garbage"])
    # the browser wakes the worker when the network is back (background sync)
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    live = [r for r in registrations if not r["isDeleted"]]
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": website.url,
            "registrationId": live[0]["registrationId"],
            "tag": "offline-copy",
            "lastChance": False,
        },
    )
    deadline = time.monotonic() + 20
    while {contact["id"] for contact in store(page, "contacts")} != before:
        assert time.monotonic() < deadline, "the service worker did not sync the copy"
        page.wait_for_timeout(300)
    assert store(page, "meta")["cursor"] != "garbage"


def test_a_download_again_that_cannot_start_keeps_the_old_copy(context, cms):
    page = app_page(context)
    total = len(store(page, "contacts"))
    page.evaluate(WRITE_META, ["cursor", "garbage"])  # refused: the copy is downloaded again

    def network_drops_after_the_refusal(route):
        if "since=" in route.request.url:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    page.route("**/app/changes.json*", network_drops_after_the_refusal)
    outcome = page.evaluate(
        "() => VelkomstOfflineCopy.sync('en').then(() => 'synced', () => 'failed')"
    )
    assert outcome == "failed"
    assert len(store(page, "contacts")) == total
    assert store(page, "meta")["syncedAt"]
