"""Seats and waiting lists: register, cancel, move up from the waiting list, seats left.

Capacity holds under concurrency because every decision about one date of one event is
taken while its `OccurrenceSeats` row is locked (select_for_update inside
transaction.atomic): PostgreSQL serialises the requests per date, SQLite serialises all
writes anyway. E-mails go out once the transaction has committed.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import emails, recurrence
from events.models import (
    EventPage,
    JoinMode,
    OccurrenceSeats,
    Registration,
    RegistrationStatus,
)
from events.models.registration import MAX_SEATS_PER_REGISTRATION, REGISTRATION_LANGUAGES

LANGUAGE_CODES = tuple(code for code, _name in REGISTRATION_LANGUAGES)


class RegistrationError(Exception):
    """Bad input for a registration, naming the field it is about."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Outcome:
    registration: Registration
    #: the private cancel token; only ever shown in the e-mail (stored hashed)
    token: str
    #: place on the waiting list (1 is next), None when confirmed
    position: int | None = None
    #: [(registration, new token)] moved up from the waiting list meanwhile
    promoted: list = field(default_factory=list)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(moment):
    return moment.astimezone(UTC)


def takes_registrations(event):
    return event.join_mode == JoinMode.REGISTRATION and bool(event.seats)


def seats_left(pairs):
    """Seats still free per (event, occurrence start) pair, in one query.

    `pairs` are (EventPage, aware start). Returns {(event.translation_key, start): int} for
    events that take registrations here (never negative), and None as the value for events
    that do not. Starts compare by instant, so any offset may be given.
    """
    pairs = list(pairs)
    left = {(event.translation_key, start): None for event, start in pairs}
    registering = [(event, start) for event, start in pairs if takes_registrations(event)]
    if not registering:
        return left
    starts = [start for _event, start in registering]
    rows = OccurrenceSeats.objects.filter(
        event_key__in={event.translation_key for event, _start in registering},
        start__gte=_utc(min(starts)),
        start__lte=_utc(max(starts)),
    ).values_list("event_key", "start", "taken")
    taken = {(event_key, start): count for event_key, start, count in rows}
    for event, start in registering:
        key = (event.translation_key, start)
        left[key] = max(0, event.seats - taken.get(key, 0))
    return left


def find_occurrence(event, value, now=None):
    """The aware start of the occurrence `value` names (see _find_occurrence); a date
    beyond what the calendar can compute is one the event does not have."""
    try:
        return _find_occurrence(event, value, now)
    except OverflowError:
        raise RegistrationError(
            "occurrence", _("The event does not take place at that time.")
        ) from None


def _find_occurrence(event, value, now=None):
    """The aware start of the occurrence `value` names: an ISO 8601 start (with offset; a
    time without one is read as local time), or a local date (YYYY-MM-DD) when the event
    happens once that day. Refuses dates that do not exist or are past."""
    now = now or timezone.now()
    text = str(value or "").strip()
    if not text:
        raise RegistrationError("occurrence", _("Give the date of the event."))
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
        moment = None if day else datetime.fromisoformat(text)
    except ValueError:
        raise RegistrationError(
            "occurrence",
            _("Give the start as ISO 8601 (2026-05-12T17:00:00+02:00) or a date (2026-05-12)."),
        ) from None
    if day is not None:
        start_of_day = recurrence.aware(datetime.combine(day, datetime.min.time()))
        end_of_day = recurrence.aware(
            datetime.combine(day + timedelta(days=1), datetime.min.time())
        )
        starts = [
            o.start
            for o in event.occurrences(start_of_day, end_of_day)
            if start_of_day <= o.start < end_of_day
        ]
        if not starts:
            raise RegistrationError("occurrence", _("The event does not take place that day."))
        if len(starts) > 1:
            raise RegistrationError(
                "occurrence", _("The event takes place more than once that day: give the time.")
            )
        start = starts[0]
    else:
        start = moment if moment.tzinfo else recurrence.aware(moment)
        if not event.occurs_at(start):
            raise RegistrationError("occurrence", _("The event does not take place at that time."))
    if start <= now:
        raise RegistrationError("occurrence", _("That date has passed."))
    return start


def check_details(event, name, email, seats, language, consent):
    """The registrant's details, cleaned; RegistrationError names the first bad field."""
    name = str(name or "").strip()
    if not name or len(name) > 200:
        raise RegistrationError("name", _("Give your name (at most 200 characters)."))
    email = str(email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationError("email", _("Give a valid e-mail address.")) from None
    if len(email) > 254:
        raise RegistrationError("email", _("Give a valid e-mail address."))
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise RegistrationError("seats", _("Give the number of seats as a whole number."))
    most = min(MAX_SEATS_PER_REGISTRATION, event.seats)
    if not 1 <= seats <= most:
        raise RegistrationError("seats", _("Give between 1 and %(most)s seats.") % {"most": most})
    if language not in LANGUAGE_CODES:
        raise RegistrationError("language", _("Choose da, en or de."))
    if not isinstance(consent, bool):
        raise RegistrationError("consent", _("Answer yes (true) or no (false)."))
    return name, email, seats, language, consent


def _lock(event_key, start):
    """The locked seats row of one date, created if it is the first registration."""
    OccurrenceSeats.objects.bulk_create(
        [OccurrenceSeats(event_key=event_key, start=start)], ignore_conflicts=True
    )
    return OccurrenceSeats.objects.select_for_update().get(event_key=event_key, start=start)


def _promote(row, capacity, now):
    """Confirm the first on the waiting list who fit the free seats (row is locked). Each
    gets a new cancel token (the old one is only stored hashed): [(registration, token)]."""
    promoted = []
    waiting = Registration.objects.for_occurrence(row.event_key, row.start).waiting()
    for registration in waiting:
        if row.taken >= capacity:
            break
        if row.taken + registration.seats <= capacity:
            row.taken += registration.seats
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            token = secrets.token_urlsafe(32)
            registration.token_hash = hash_token(token)
            registration.save(update_fields=["status", "confirmed_at", "token_hash"])
            promoted.append((registration, token))
    if promoted:
        row.save(update_fields=["taken"])
    return promoted


def waiting_position(registration):
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = (
        Registration.objects.for_occurrence(registration.event_key, registration.occurrence)
        .filter(status=RegistrationStatus.WAITING)
        .filter(created_at__lte=registration.created_at)
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
    )
    return ahead.count()


def register(event, start, *, name, email, seats, language, consent):
    """Confirm the seats on the date starting at `start` if they are free, else put the
    registrant on the waiting list; e-mail them either way. Input is checked first
    (RegistrationError)."""
    if not takes_registrations(event):
        raise RegistrationError("event", _("This event does not take registrations here."))
    name, email, seats, language, consent = check_details(
        event, name, email, seats, language, consent
    )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        row = _lock(event.translation_key, _utc(start))
        promoted = _promote(row, event.seats, now)
        fits = row.taken + seats <= event.seats
        registration = Registration.objects.create(
            event_key=event.translation_key,
            occurrence=_utc(start),
            name=name,
            email=email,
            seats=seats,
            language=language,
            consent=consent,
            status=RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITING,
            token_hash=hash_token(token),
            confirmed_at=now if fits else None,
        )
        if fits:
            row.taken += seats
            row.save(update_fields=["taken"])
        outcome = Outcome(registration, token, waiting_position(registration), promoted)
        transaction.on_commit(lambda: _mail_registered(event, outcome))
    return outcome


def registration_for_token(token):
    if not token or len(token) > 100:
        return None
    return Registration.objects.filter(token_hash=hash_token(token)).first()


def event_for(registration, language=None):
    """The event page a registration is for, in `language` if there is a copy."""
    copies = list(
        EventPage.objects.filter(translation_key=registration.event_key).select_related("locale")
    )
    by_language = {page.locale.language_code: page for page in copies}
    return by_language.get(language or registration.language) or min(
        copies, key=lambda page: page.pk, default=None
    )


def cancel(token):
    """Cancel the registration with this private token: frees its seats and moves the first
    on the waiting list who fit up (they get an e-mail). None for an unknown token;
    cancelling twice changes nothing."""
    registration = registration_for_token(token)
    if registration is None:
        return None
    event = event_for(registration)
    now = timezone.now()
    with transaction.atomic():
        row = _lock(registration.event_key, registration.occurrence)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return Outcome(registration, token)
        if registration.status == RegistrationStatus.CONFIRMED:
            row.taken = max(0, row.taken - registration.seats)
            row.save(update_fields=["taken"])
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        capacity = event.seats if event is not None and takes_registrations(event) else 0
        promoted = _promote(row, capacity, now)
        outcome = Outcome(registration, token, None, promoted)
        transaction.on_commit(lambda: _mail_promoted(outcome.promoted))
    return outcome


def _mail_registered(event, outcome):
    emails.registered(event, outcome.registration, outcome.token, outcome.position)
    _mail_promoted(outcome.promoted)


def _mail_promoted(promoted):
    for registration, token in promoted:
        emails.promoted(event_for(registration), registration, token)
