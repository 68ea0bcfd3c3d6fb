"""Consents: each purpose given or withdrawn separately, every change a new record with the
version and the exact text shown; the latest record of a purpose is its state."""

import hashlib

from django.utils import timezone, translation

from guide.models import Municipality
from newcomers import mentors
from newcomers.consent_texts import TEXTS
from newcomers.models import PURPOSES, ConsentRecord


def _municipality_name(account):
    return (
        Municipality.objects.filter(site_id=account.site_id).values_list("name", flat=True).first()
        or ""
    )


def text(purpose, language, municipality_name):
    """(version, the text as shown in `language`) of `purpose`."""
    version, template = TEXTS[purpose]
    with translation.override(language):
        return version, str(template) % {"municipality": municipality_name}


def record(account, purpose, given, *, language, source, now=None):
    version, shown = text(purpose, language, _municipality_name(account))
    if purpose == mentors.PURPOSE and not given:
        mentors.close_open_requests(account)
    return ConsentRecord.objects.create(
        account=account,
        purpose=purpose,
        given=given,
        text_version=version,
        text_language=language,
        text_sha256=hashlib.sha256(shown.encode()).hexdigest(),
        source=source,
        recorded_at=now or timezone.now(),
    )


def current(account, language):
    """Every purpose's state: given or not, the text in `language` and its version, and the
    latest record (None: never asked)."""
    latest = {}
    for consent in ConsentRecord.objects.filter(account=account).order_by("recorded_at", "pk"):
        latest[consent.purpose] = consent
    name = _municipality_name(account)
    states = []
    for purpose, _label in PURPOSES:
        version, shown = text(purpose, language, name)
        found = latest.get(purpose)
        states.append(
            {
                "purpose": purpose,
                "given": bool(found and found.given),
                "text": shown,
                "text_version": version,
                "record": found,
            }
        )
    return states
