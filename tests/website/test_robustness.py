"""When the API is down or slow the website says so in the visitor's language, never with a
stack trace, and within the API timeout; what it already has it keeps showing; what has not
changed it revalidates with If-None-Match instead of fetching again."""

import socket
import threading
import time

import httpx
import pytest
from starlette.testclient import TestClient

from website.app import create_app
from website.settings import Settings


class Switchable(httpx.AsyncBaseTransport):
    """The real HTTP transport to the CMS, which can be switched off (the API goes down),
    and which notes the status of every answer."""

    def __init__(self):
        self.real = httpx.AsyncHTTPTransport()
        self.down = False
        self.statuses = []

    async def handle_async_request(self, request):
        if self.down:
            raise httpx.ConnectError("the API is down", request=request)
        response = await self.real.handle_async_request(request)
        self.statuses.append(response.status_code)
        return response


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def website(api_url, transport=None):
    return TestClient(
        create_app(Settings(api_url=api_url), transport=transport), base_url="http://127.0.0.1"
    )


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "cannot be reached right now"),
        ("da", "kan ikke hentes lige nu"),
        ("de", "gerade nicht erreichbar"),
    ],
)
def test_an_api_that_is_down_gets_a_clear_page(lang, says):
    with website(f"http://127.0.0.1:{closed_port()}") as client:
        response = client.get(f"/{lang}/")
    assert response.status_code == 503
    assert says in response.text
    assert "Traceback" not in response.text


def test_an_api_that_does_not_answer_gets_the_page_within_the_timeout(silent_server):
    with website(silent_server) as client:
        started = time.monotonic()
        response = client.get("/en/communities/")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "cannot be reached right now" in response.text
    # the API timeout is 3 s and one page's calls run side by side, not one after another
    assert elapsed < 6, elapsed


def test_what_the_website_has_it_keeps_showing_when_the_api_goes_down(cms):
    transport = Switchable()
    with website(cms.url, transport) as client:
        first = client.get("/en/communities/")
        transport.down = True
        again = client.get("/en/communities/")
    assert first.status_code == again.status_code == 200
    assert "Nordborg" in again.text


def test_an_unchanged_answer_is_revalidated_not_fetched_again(cms):
    transport = Switchable()
    with website(cms.url, transport) as client:
        client.get("/en/communities/")
        fetched = list(transport.statuses)
        transport.statuses.clear()
        second = client.get("/en/communities/")
    assert second.status_code == 200 and "Nordborg" in second.text
    assert fetched and set(fetched) == {200}
    # the page's calls are revalidated; the municipality (name, colour) is kept a minute
    # without asking
    assert transport.statuses == [304] * (len(fetched) - 1)
