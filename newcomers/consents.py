"""Consents: each purpose given or withdrawn separately, every change a new record with the
version and the exact text shown; the latest record of a purpose is its state."""

import hashlib

from django.utils import timezone, translation

from guide.models import Municipality
from newcomers.consent_texts import TEXTS
from newcomers.models import PURPOSES, ConsentRecord


def text(account, purpose, language):
    """(version, the text as shown in `language`) of `purpose`."""
    version, template = TEXTS[purpose]
    municipality = Municipality.objects.filter(site_id=account.site_id).first()
    name = municipality.name if municipality else ""
    with translation.override(language):
        return version, str(template) % {"municipality": name}


def record(account, purpose, given, *, language, source, now=None):
    version, shown = text(account, purpose, language)
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
    states = []
    for purpose, _label in PURPOSES:
        version, shown = text(account, purpose, language)
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
