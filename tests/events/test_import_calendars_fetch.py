"""Fetching feeds, from a real web server on 127.0.0.1 (nothing leaves the machine): a feed
that does not arrive, is too big, is missing or is not on the web changes no event and the
coordinator sees why; the command reports each calendar and fails when one did."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from events.fetch import FetchError, fetch_feed
from events.importer import import_calendar, import_feed
from tests.events.calendar_feeds import feed, feed_file, make_calendar, sample, vevent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
LIMIT = 20_000


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/aabenraa.ics":
            self._send(sample("aabenraa.ics"))
        elif self.path == "/comment-only.ics":
            self._send(feed_file("comment-only.ics"))
        elif self.path == "/slow.ics":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):  # a line every 0.1 s: no single read times out
                self.wfile.write(b"X-FILLER:waiting\r\n")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/silent.ics":
            time.sleep(2)
            self._send(feed())
        elif self.path == "/huge.ics":
            self._send(b"X" * (LIMIT + 1))
        elif self.path == "/huge-unannounced.ics":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the limit is found while reading
            for _ in range(LIMIT // 1000 + 2):
                self.wfile.write(b"X" * 1000)
        elif self.path == "/to-ftp.ics":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.ics")
            self.end_headers()
        else:
            self.send_error(404, "Not Found")

    def _send(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.CALENDAR_FETCH_TIMEOUT = 0.5
    settings.CALENDAR_FETCH_MAX_BYTES = LIMIT
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_is_fetched(server):
    assert fetch_feed(f"{server}/aabenraa.ics") == sample("aabenraa.ics")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.ics", "The server answered 404 Not Found."),
        ("/silent.ics", "The feed did not arrive within 0.5 seconds."),
        ("/slow.ics", "The feed did not arrive within 0.5 seconds."),
        ("/huge.ics", f"The feed is larger than {LIMIT} bytes."),
        ("/huge-unannounced.ics", f"The feed is larger than {LIMIT} bytes."),
        ("/to-ftp.ics", "Only http:// and https:// addresses are fetched"),
    ],
)
def test_a_feed_that_fails_to_download_says_why(server, path, message):
    with pytest.raises(FetchError, match=message.replace(".", r"\.")):
        fetch_feed(f"{server}{path}")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://ftp.example.org/feed.ics", "webcal://x.dk/a.ics"]
)
def test_only_web_addresses_are_fetched(url):
    with pytest.raises(FetchError, match="Only http:// and https://"):
        fetch_feed(url)


def test_nothing_is_listening(settings):
    settings.CALENDAR_FETCH_TIMEOUT = 0.5
    with pytest.raises(FetchError, match="could not be downloaded"):
        fetch_feed("http://127.0.0.1:9/feed.ics")


@pytest.mark.parametrize("path", ["/missing.ics", "/silent.ics", "/huge.ics"])
def test_a_failed_download_leaves_the_events_and_records_the_error(server, path):
    calendar = make_calendar(feed_url=f"{server}{path}")
    event = vevent("a", "DTSTART:20270105T100000Z", "DTEND:20270105T110000Z")
    import_feed(calendar, feed(event))
    before = list(calendar.events.values())

    report = import_calendar(calendar)

    assert not report.ok
    assert list(calendar.events.values()) == before
    calendar.refresh_from_db()
    assert calendar.last_error == report.error
    assert calendar.last_fetched_at is not None
    assert calendar.last_report["created"] == 1  # the import that last read the feed


def test_the_command_imports_every_calendar_and_fails_if_one_did(server, capsys):
    good = make_calendar(name="Aabenraa Kommune", feed_url=f"{server}/aabenraa.ics")
    make_calendar(name="Flensburg", feed_url=f"{server}/missing.ics", region="Flensburg")

    with pytest.raises(CommandError, match="1 calendar\\(s\\) failed: Flensburg"):
        call_command("import_calendars")

    out, err = capsys.readouterr()
    assert "Aabenraa Kommune (Aabenraa): 11 events in the feed; 6 new, 0 updated" in out
    assert "skipped event 9 (UID broken-date@aabenraa.dk, Fællesspisning i Kulturhuset)" in out
    assert "Flensburg (Flensburg): failed, events left as they were" in err
    assert good.events.count() == 6


def test_the_command_imports_the_calendars_named(server, capsys):
    make_calendar(name="Aabenraa Kommune", feed_url=f"{server}/aabenraa.ics")
    broken = make_calendar(name="Flensburg", feed_url=f"{server}/missing.ics")

    call_command("import_calendars", "Aabenraa Kommune")
    call_command("import_calendars", "Aabenraa Kommune")

    out = capsys.readouterr().out
    assert "0 new, 0 updated, 6 unchanged, 0 removed, 3 skipped" in out
    broken.refresh_from_db()
    assert broken.last_fetched_at is None
    with pytest.raises(CommandError, match="no such calendar: Tønder"):
        call_command("import_calendars", "Tønder")


def test_the_command_fails_while_a_calendar_holds_removals(server, capsys):
    calendar = make_calendar(feed_url=f"{server}/aabenraa.ics")
    call_command("import_calendars")
    calendar.feed_url = f"{server}/comment-only.ics"
    calendar.save()

    with pytest.raises(CommandError, match=r"1 calendar\(s\) hold removals: Aabenraa Kommune"):
        call_command("import_calendars")

    err = capsys.readouterr().err
    assert "0 removed, 0 skipped; held: 6 of 6 events gone, confirm or fix" in err
    assert calendar.events.count() == 6


def test_the_coordinator_imports_a_calendar_at_once_from_the_admin(server, coordinator_client):
    calendar = make_calendar(feed_url=f"{server}/aabenraa.ics")
    edit = reverse("wagtailsnippets_events_externalcalendar:edit", args=[calendar.pk])
    button = reverse("events_import_calendar", args=[calendar.pk])
    assert f'formaction="{button}"' in coordinator_client.get(edit).content.decode()

    response = coordinator_client.post(button, follow=True)

    assert response.redirect_chain[-1][0] == edit
    assert "11 events in the feed; 6 new" in response.content.decode()
    assert calendar.events.count() == 6


def test_an_editor_cannot_import_a_calendar(server, editor_client):
    calendar = make_calendar(feed_url=f"{server}/aabenraa.ics")

    response = editor_client.post(reverse("events_import_calendar", args=[calendar.pk]))

    assert response.status_code in (302, 403)
    assert not calendar.events.exists()
    calendar.refresh_from_db()
    assert calendar.last_fetched_at is None
