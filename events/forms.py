"""The admin form for events: repetition in plain words, all-day events, cancelled and
extra dates. What the editor picks is written into the RFC 5545 fields of `Schedule`."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events import recurrence
from guide.forms import PageForm

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Repeat:
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY_DATE = "monthly_date"
    MONTHLY_NTH = "monthly_nth"
    MONTHLY_LAST = "monthly_last"
    YEARLY = "yearly"
    CUSTOM = "custom"

    CHOICES = (
        (NONE, _("Does not repeat")),
        (DAILY, _("Every day")),
        (WEEKLY, _("Every week, on the start's weekday")),
        (BIWEEKLY, _("Every two weeks, on the start's weekday")),
        (MONTHLY_DATE, _("Every month, on the start's date (e.g. the 14th)")),
        (
            MONTHLY_NTH,
            _("Every month, on the start's weekday in its week (e.g. the second Tuesday)"),
        ),
        (MONTHLY_LAST, _("Every month, on the last of the start's weekday (e.g. the last Friday)")),
        (YEARLY, _("Every year, on the start's date")),
        (CUSTOM, _("Custom rule (RFC 5545)")),
    )


def plain_rule(choice, start_local):
    """The RRULE (without an end) for a plain choice, from the naive local start."""
    weekday = WEEKDAYS[start_local.weekday()]
    nth = (start_local.day - 1) // 7 + 1
    return {
        Repeat.DAILY: "FREQ=DAILY",
        Repeat.WEEKLY: f"FREQ=WEEKLY;BYDAY={weekday}",
        Repeat.BIWEEKLY: f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}",
        Repeat.MONTHLY_DATE: f"FREQ=MONTHLY;BYMONTHDAY={start_local.day}",
        Repeat.MONTHLY_NTH: f"FREQ=MONTHLY;BYDAY={nth}{weekday}",
        Repeat.MONTHLY_LAST: f"FREQ=MONTHLY;BYDAY=-1{weekday}",
        Repeat.YEARLY: "FREQ=YEARLY",
    }[choice]


def split_rule(rule):
    """(the rule without UNTIL and COUNT, until date or None, count or None)."""
    parts = [part for part in rule.split(";") if part]
    until = count = None
    kept = []
    for part in parts:
        name, _sep, value = part.partition("=")
        if name == "UNTIL" and len(value) >= 8 and value[:8].isdigit():
            until = datetime.strptime(value[:8], "%Y%m%d").date()
        elif name == "COUNT" and value.isdigit():
            count = int(value)
        else:
            kept.append(part)
    return ";".join(kept), until, count


def _lines(value):
    return [line.strip() for line in (value or "").replace(",", "\n").splitlines() if line.strip()]


class EventPageForm(PageForm):
    repeat = forms.ChoiceField(label=_("Repeats"), choices=Repeat.CHOICES, initial=Repeat.NONE)
    repeat_until = forms.DateField(
        label=_("Repeats until (date included)"),
        required=False,
        help_text=_("Leave empty to repeat without end, or give a number of times instead."),
    )
    repeat_count = forms.IntegerField(
        label=_("Number of times"), required=False, min_value=1, max_value=recurrence.MAX_COUNT
    )
    cancelled_dates = forms.CharField(
        label=_("Cancelled dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Dates on which a repeating event does not take place: YYYY-MM-DD, one a line."
        ),
    )
    extra_dates = forms.CharField(
        label=_("Extra dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Further starts, in local time: YYYY-MM-DD HH:MM, one a line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "rrule" in self.fields:
            self.fields["rrule"].label = _("Custom rule")
            self.fields["rrule"].help_text = _(
                "Only for “Custom rule”: an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO,WE."
            )
        self.initial.update(self._initial_schedule())

    def _initial_schedule(self):
        page = self.instance
        initial = {
            "cancelled_dates": "\n".join(page.exdates or []),
            "extra_dates": "\n".join(value.replace("T", " ") for value in page.rdates or []),
        }
        if page.all_day and page.end:
            # stored with an exclusive end (the next midnight); the editor sees the last day
            initial["end"] = page.end - timedelta(days=1)
        if not page.rrule:
            return {**initial, "repeat": Repeat.NONE}
        base, until, count = split_rule(page.rrule)
        initial.update(repeat=Repeat.CUSTOM, repeat_until=until, repeat_count=count)
        if page.start:
            start_local = recurrence.local_naive(page.start)
            for choice, _label in Repeat.CHOICES[1:-1]:
                if plain_rule(choice, start_local) == base:
                    initial["repeat"] = choice
                    break
        if initial["repeat"] == Repeat.CUSTOM:
            initial.update(repeat_until=None, repeat_count=None)
        return initial

    def clean(self):
        cleaned_data = super().clean()
        self._clean_all_day(cleaned_data)
        self._clean_dates(cleaned_data)
        self._clean_rule(cleaned_data)
        self._check_cancelled_dates(cleaned_data)
        # not form fields of their own: written on the page here, before the model's checks
        self.instance.exdates = cleaned_data.get("exdates", [])
        self.instance.rdates = cleaned_data.get("rdates", [])
        return cleaned_data

    def _clean_all_day(self, data):
        start, end = data.get("start"), data.get("end")
        if not data.get("all_day") or not start or not end:
            return
        zone = recurrence.zone()
        first = start.astimezone(zone).date()
        last = end.astimezone(zone).date()
        if last < first:
            self.add_error("end", _("The last day must not be before the first."))
            return
        data["start"] = recurrence.aware(datetime.combine(first, time()))
        data["end"] = recurrence.aware(datetime.combine(last + timedelta(days=1), time()))

    def _clean_dates(self, data):
        try:
            data["exdates"] = [
                day.isoformat()
                for day in recurrence.parse_exdates(_lines(data.get("cancelled_dates")))
            ]
        except ValidationError as error:
            self.add_error("cancelled_dates", error)
        try:
            extra = [value.replace(" ", "T") for value in _lines(data.get("extra_dates"))]
            data["rdates"] = [
                moment.strftime(recurrence.RDATE_FORMAT)
                for moment in recurrence.parse_rdates(extra)
            ]
        except ValidationError as error:
            self.add_error("extra_dates", error)

    def _clean_rule(self, data):
        choice = data.get("repeat") or Repeat.NONE
        start = data.get("start")
        if choice == Repeat.NONE:
            data["rrule"] = ""
            return
        until, count = data.get("repeat_until"), data.get("repeat_count")
        if until and count:
            self.add_error("repeat_count", _("Give an end date or a number of times, not both."))
            return
        if choice == Repeat.CUSTOM:
            rule = recurrence.normalise_rule(data.get("rrule"))
            if not rule:
                self.add_error("rrule", _("Write the rule, or pick one of the plain choices."))
                return
            field = "rrule"
        elif start is None:
            return
        else:
            rule = plain_rule(choice, recurrence.local_naive(start))
            field = "repeat"
        if until:
            # a date-only UNTIL means its midnight: the whole last day is meant
            rule += f";UNTIL={until:%Y%m%d}T235959"
            field = "repeat_until"
        elif count:
            rule += f";COUNT={count}"
            field = "repeat_count"
        data["rrule"] = rule
        if start is None:
            return
        try:
            recurrence.validate_rule(rule, recurrence.local_naive(start))
        except ValidationError as error:
            self.add_error(field, error)
            data["rrule"] = ""  # reported once, on the field the editor chose

    def _check_cancelled_dates(self, data):
        """A cancelled date must be a date the event takes place on."""
        start, end, cancelled = data.get("start"), data.get("end"), data.get("exdates")
        if not (start and end and cancelled) or self.errors:
            return
        zone = recurrence.zone()
        first = min(cancelled)
        window = [
            recurrence.aware(datetime.combine(date.fromisoformat(day), time()))
            for day in (first, max(cancelled))
        ]
        dates = {
            occurrence.start.astimezone(zone).date().isoformat()
            for occurrence in recurrence.expand(
                start,
                max(end, start + timedelta(minutes=1)),
                data["rrule"],
                [],
                data.get("rdates") or [],
                window[0],
                window[1] + timedelta(days=1),
            )
        }
        missing = [day for day in cancelled if day not in dates]
        if missing:
            self.add_error(
                "cancelled_dates",
                _("The event does not take place on %(dates)s.") % {"dates": ", ".join(missing)},
            )
