"""The demo is built once for this package (building it takes a while), inside a
transaction rolled back at the end; every test here reads it, and one runs it again."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

PASSWORD = "demo-pass-2027"


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    before = os.environ.get("DEMO_PASSWORD")
    os.environ["DEMO_PASSWORD"] = PASSWORD
    try:
        with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
            seed()
            yield
            transaction.set_rollback(True)
    finally:
        if before is None:
            os.environ.pop("DEMO_PASSWORD", None)
        else:
            os.environ["DEMO_PASSWORD"] = before
