"""Capacity holds under many simultaneous requests (PostgreSQL, where requests really run in
parallel): real HTTP requests to a live server, released together by a barrier."""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core import mail
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.testcases import LiveServerThread

from events.models import OccurrenceSeats, Registration, RegistrationStatus
from tests.events.registration_helpers import body, cancel_path, url

pytestmark = [
    pytest.mark.postgres,
    # (serialized_rollback: the flush after the test keeps the permissions the admin needs)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEATS = 10


class WideServer(ThreadedWSGIServer):
    """Django's threaded test server with room for 50 connections waiting to be accepted
    (socketserver's default backlog of 5 resets the rest)."""

    request_queue_size = 128


class WideLiveServerThread(LiveServerThread):
    server_class = WideServer


@pytest.fixture
def wide_server(transactional_db):
    thread = WideLiveServerThread("localhost", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield SimpleNamespace(url=f"http://localhost:{thread.port}")
    thread.terminate()


@pytest.fixture
def event(make_event, settings):
    settings.REGISTRATION_RATE = "10000/hour"
    return make_event(registration=True, seats=SEATS, title="Bustur")


def register_together(wide_server, event, count, start_line=None):
    """`count` registrations of one seat each, sent at the same moment."""
    barrier = start_line or threading.Barrier(count)

    def register(n):
        data = json.dumps(body(event, email=f"r{n}@example.dk", seats=1)).encode()
        request = urllib.request.Request(
            wide_server.url + url(event),
            data=data,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    return register


def confirmed_seats(event):
    return (
        Registration.objects.filter(
            event_key=event.translation_key, status=RegistrationStatus.CONFIRMED
        ).aggregate(total=Sum("seats"))["total"]
        or 0
    )


def test_fifty_at_once_for_ten_seats_gives_ten_confirmed_and_forty_waiting(wide_server, event):
    register = register_together(wide_server, event, 50)
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(register, range(50)))
    assert [code for code, _data in results] == [201] * 50, results
    statuses = [data["status"] for _code, data in results]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waiting") == 40
    positions = sorted(data["position"] for _code, data in results if data["position"])
    assert positions == list(range(1, 41))
    assert confirmed_seats(event) == SEATS
    assert OccurrenceSeats.objects.get().taken == SEATS
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).count() == 40


def test_cancellations_and_registrations_at_once_never_overbook(wide_server, event):
    # full, with a waiting list
    register = register_together(wide_server, event, 15)
    with ThreadPoolExecutor(max_workers=15) as pool:
        list(pool.map(register, range(15)))
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
    confirmed_emails = set(confirmed.values_list("email", flat=True))
    links = [
        cancel_path(message)
        for message in mail.outbox
        if message.to[0] in confirmed_emails and "confirmed" in message.subject
    ][:5]
    assert len(links) == 5
    start_line = threading.Barrier(5 + 20)
    newcomers = register_together(wide_server, event, 20, start_line)

    def cancel(path):
        start_line.wait()
        try:
            return Client().post(path).status_code  # a client per thread: its own connection
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=25) as pool:
        cancelled = [pool.submit(cancel, link) for link in links]
        registered = [pool.submit(newcomers, 100 + n) for n in range(20)]
        assert [job.result() for job in cancelled] == [200] * 5
        assert [job.result()[0] for job in registered] == [201] * 20
    # every freed seat went to someone waiting (all ask for one), and never one too many
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 5
    assert confirmed_seats(event) == SEATS
    assert OccurrenceSeats.objects.get().taken == SEATS
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).count() == 20
