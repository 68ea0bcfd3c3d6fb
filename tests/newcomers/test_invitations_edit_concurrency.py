"""A coordinator's save of an invitation's form never undoes a withdrawal that lands while
the save runs (PostgreSQL, where requests really run in parallel): the withdrawal holds the
row when the form's POST arrives at a live server, and commits while the POST waits."""

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from guide.models import Municipality
from newcomers import invitations
from tests.events.test_registration_concurrency import wide_server  # noqa: F401  (fixture)
from tests.newcomers.test_invitations import form
from tests.newcomers.test_invitations_withdraw import invitation
from tests.newcomers.test_mentor_concurrency import NoRedirect, admin_cookie

pytestmark = [
    pytest.mark.postgres,
    # (serialized_rollback: the flush after the test keeps the permissions the admin needs)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def waiting_for_a_row_lock():
    with connection.cursor() as cursor:  # pg_locks is read live, also inside a transaction
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_a_form_saved_while_the_invitation_is_withdrawn_leaves_it_withdrawn(
    wide_server,  # noqa: F811
    home,
    make_coordinator,
):
    site = home.get_site()
    send_at = timezone.now() + timedelta(days=1)
    scheduled = invitation(site, send_at=send_at)
    coordinator = make_coordinator(Municipality.objects.get(site=site))
    edit = urllib.request.Request(
        f"{wide_server.url}/admin/invitations/{scheduled.pk}/",
        data=urllib.parse.urlencode(
            {**form(site, send_at, text_en="Come to the big welcome day"), "schedule": "1"}
        ).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **admin_cookie(coordinator)},
        method="POST",
    )
    answers = []

    def save():
        try:
            urllib.request.build_opener(NoRedirect).open(edit, timeout=60)
        except urllib.error.HTTPError as answer:  # the 302 the form answers, kept as is
            answers.append(answer.code)

    saving = threading.Thread(target=save)
    with transaction.atomic():
        assert invitations.withdraw(scheduled, coordinator)
        saving.start()  # it reads the invitation as scheduled: the withdrawal is not committed
        deadline = time.monotonic() + 30
        while not waiting_for_a_row_lock():
            assert saving.is_alive() and time.monotonic() < deadline, "the save did not wait"
            time.sleep(0.05)
    saving.join(timeout=60)

    assert answers == [302]
    scheduled.refresh_from_db()
    assert scheduled.status == "withdrawn"
    assert scheduled.text_en == "Come to the welcome day"
