"""Repeating dates by RFC 5545 rules, with python-dateutil's rrule, expanded in local time.

A rule runs on the event's local wall-clock start (Europe/Copenhagen, `settings.TIME_ZONE`),
not on UTC: the CaféNy at 17:00 stays at 17:00 when daylight saving time begins or ends.
Each local occurrence is then given its zone's offset on that date (RFC 5545 §3.3.5: a time
in the hour skipped in spring is moved forward by the hour, a time repeated in autumn is the
first of the two) and lasts as long as the first occurrence, in elapsed time (§3.8.5.3): a
daily 02:30-03:00 is 03:30-04:00 on the day the clocks go forward. An occurrence from
midnight to midnight (an all-day event) lasts whole days instead, as a date-valued DTEND does.

Stored form (on `events.models.Schedule`):
- `rrule`: the RRULE value without `DTSTART`, e.g. `FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231`;
- `exdates`: cancelled dates, local `YYYY-MM-DD` (a rule gives at most one start a day);
- `rdates`: extra starts, local `YYYY-MM-DDTHH:MM`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: a rule may not give more starts than this in any one year after the first start
MAX_PER_YEAR = 1000
#: the most dates a rule with COUNT may give
MAX_COUNT = 5 * MAX_PER_YEAR
#: rules more frequent than daily are refused (no event repeats every hour)
ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RDATE_FORMAT = "%Y-%m-%dT%H:%M"


def zone():
    return ZoneInfo(settings.TIME_ZONE)


def local_naive(moment):
    """`moment` (aware) as a naive local wall-clock time."""
    return moment.astimezone(zone()).replace(tzinfo=None)


def aware(naive):
    """A naive local wall-clock time with its offset on that date. In the hour skipped in
    spring the time is read with the winter offset (02:30 becomes 03:30 summer time); in the
    hour repeated in autumn the first of the two is meant."""
    # through UTC: astimezone() to the zone a time already has would keep a skipped 02:30
    return naive.replace(tzinfo=zone()).astimezone(UTC).astimezone(zone())


@dataclass(frozen=True)
class Occurrence:
    start: datetime  # aware, local zone
    end: datetime

    @property
    def date(self):
        return self.start.date()


def normalise_rule(value):
    """The rule as stored: upper case, no `RRULE:` prefix, no surrounding space."""
    value = (value or "").strip()
    if value.upper().startswith("RRULE:"):
        value = value[len("RRULE:") :]
    return value.upper()


def parse_rule(value, start_local):
    """The dateutil rrule for `value` from the naive local `start_local`, or a
    ValidationError naming what is wrong."""
    parts = dict(part.partition("=")[::2] for part in value.split(";") if part)
    if "DTSTART" in value or "\n" in value:
        raise ValidationError(_("Give only the rule, without DTSTART."), code="rule_syntax")
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQS:
        raise ValidationError(
            _("The rule must repeat daily, weekly, monthly or yearly (FREQ=%(allowed)s)."),
            code="rule_frequency",
            params={"allowed": "|".join(ALLOWED_FREQS)},
        )
    try:
        rule = rrulestr(value, dtstart=start_local, ignoretz=True)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("Not a valid RFC 5545 rule: %(error)s"),
            code="rule_syntax",
            params={"error": error},
        ) from error
    if not isinstance(rule, rrule):
        raise ValidationError(_("Give one rule."), code="rule_syntax")
    return rule


def validate_rule(value, start_local):
    """Refuse a rule that never gives a date or gives too many in a year."""
    rule = parse_rule(value, start_local)
    year_later = start_local + timedelta(days=366)
    count = 0
    for moment in rule:
        if moment >= year_later:
            break
        count += 1
        if count > MAX_PER_YEAR:
            raise ValidationError(
                _("The rule gives more than %(max)s dates in a year."),
                code="rule_too_frequent",
                params={"max": MAX_PER_YEAR},
            )
    if rule._count is not None and rule._count > MAX_COUNT:
        raise ValidationError(
            _("A rule may give at most %(max)s dates (COUNT)."),
            code="rule_count",
            params={"max": MAX_COUNT},
        )
    if count == 0 and rule.after(start_local, inc=True) is None:
        raise ValidationError(_("The rule never gives a date."), code="rule_empty")
    return rule


def parse_exdates(values):
    try:
        return sorted({date.fromisoformat(value) for value in values})
    except (TypeError, ValueError) as error:
        raise ValidationError(
            _("Cancelled dates must be dates (YYYY-MM-DD)."), code="invalid_date"
        ) from error


def parse_rdates(values):
    try:
        return sorted({datetime.strptime(value, RDATE_FORMAT) for value in values})
    except (TypeError, ValueError) as error:
        raise ValidationError(
            _("Extra dates must be local date and time (YYYY-MM-DDTHH:MM)."),
            code="invalid_datetime",
        ) from error


def build_set(start, rule_text, exdates, rdates):
    """The local naive starts (an rrule, or an rruleset with extra and cancelled dates): the
    first start, the rule, extra and cancelled dates. `start` is aware."""
    start_local = local_naive(start)
    rule = rrulestr(rule_text, dtstart=start_local, ignoretz=True) if rule_text else None
    extra = parse_rdates(rdates) if rdates else []
    cancelled = set(parse_exdates(exdates)) if exdates else set()
    if rule is not None and not extra and not cancelled:
        return rule  # the common case, without rruleset's extra work per date
    starts = rruleset()
    if rule is not None:
        starts.rrule(rule)
    else:
        starts.rdate(start_local)
    for moment in extra:
        starts.rdate(moment)
    # a rule gives one start a day at the start's time; extra dates may have another
    for day in cancelled:
        starts.exdate(datetime.combine(day, start_local.time()))
    for moment in extra:
        if moment.date() in cancelled:
            starts.exdate(moment)
    return starts


def expand(start, end, rule_text, exdates, rdates, window_start, window_end):
    """The occurrences that overlap [window_start, window_end), sorted by start."""
    tz = zone()
    if not rule_text and not rdates and not exdates:  # once: no rule to run
        if start < window_end and end > window_start:
            return [Occurrence(start.astimezone(tz), end.astimezone(tz))]
        return []
    starts = build_set(start, rule_text, exdates, rdates)
    end_of = _end_of(start, end)
    # a day more than the first lasts covers any change of offset in between
    after = local_naive(window_start) - (local_naive(end) - local_naive(start)) - timedelta(days=1)
    before = local_naive(window_end)
    found = []
    for moment in starts.between(after, before, inc=True):
        # as aware(), with the zone looked up once (this loop runs for every date listed)
        occurrence_start = moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
        occurrence_end = end_of(moment, occurrence_start)
        if occurrence_end > window_start and occurrence_start < window_end:
            found.append(Occurrence(occurrence_start, occurrence_end))
    return found


def _end_of(start, end):
    """A function giving an occurrence's end from its local naive and its aware start: whole
    days later for an event from midnight to midnight, else the first occurrence's elapsed
    time later."""
    tz = zone()
    start_local, end_local = local_naive(start), local_naive(end)
    if start_local.time() == end_local.time() == time.min:
        days = end_local - start_local
        return lambda local, _aware: aware(local + days)
    elapsed = end.astimezone(UTC) - start.astimezone(UTC)
    return lambda _local, aware_start: (aware_start.astimezone(UTC) + elapsed).astimezone(tz)


def last_end(start, end, rule_text, rdates):
    """A time no occurrence ends after (aware), or None when the rule has no end: what a
    database query needs to skip events that are over."""
    latest = local_naive(start)
    if rule_text:
        rule = rrulestr(rule_text, dtstart=latest, ignoretz=True)
        if rule._until is not None:
            latest = max(latest, rule._until)
        elif rule._count is not None:
            latest = max(latest, *rule)  # COUNT is bounded by validate_rule
        else:
            return None
    latest = max([latest, *parse_rdates(rdates)])
    return _end_of(start, end)(latest, aware(latest))
