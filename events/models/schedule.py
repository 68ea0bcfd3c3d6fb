"""What every calendar entry shares, whether written here (EventPage) or imported from
another calendar: when (with repetition), where, for whom, in which languages, at what price."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events import recurrence
from guide.fields import CodeListField, LanguageListField, codes_q
from guide.location import Location, LocationQuerySet

CATEGORY_CHOICES = (
    ("social", _("Social")),
    ("culture", _("Culture")),
    ("sport", _("Sport")),
    ("nature", _("Nature")),
    ("career", _("Career and job fairs")),
    ("welcome", _("Welcome")),
)
CATEGORY_CODES = tuple(code for code, _label in CATEGORY_CHOICES)
#: whether an event is meant for visitors or for people living here: the calendar's own
#: audiences, apart from the newcomer audiences (origin, household) every page has
CALENDAR_AUDIENCE_CHOICES = (("tourists", _("Tourists")), ("locals", _("Locals")))
CALENDAR_AUDIENCE_CODES = tuple(code for code, _label in CALENDAR_AUDIENCE_CHOICES)
ONE_SECOND = timedelta(seconds=1)
#: between the searched texts in `search_text`: no search crosses from one into the next
SEARCH_SEPARATOR = "\x1f"


def search_text(*texts):
    """The searched texts as `Schedule.search_text` stores them: casefolded, since SQLite
    folds the case of ASCII letters only and "BRÆTSPIL" must find "Brætspil"."""
    return SEARCH_SEPARATOR.join((text or "").casefold() for text in texts)


class ScheduleQuerySet(LocationQuerySet):
    """For the querysets of Schedule models (pages put Wagtail's PageQuerySet after it)."""

    def overlapping(self, window_start, window_end):
        """Entries that may have an occurrence in the window (expand to be sure): ending after
        its start (`last_end` counts the extra dates), starting before its end, or with extra
        dates, which may come before the rule's start."""
        return self.filter(
            Q(last_end__isnull=True) | Q(last_end__gt=window_start),
            Q(start__lt=window_end) | ~Q(rdates=[]),
        )

    def for_calendar_audiences(self, codes):
        """For any of these calendar audiences, or for everyone (untagged)."""
        if not codes:
            return self
        return self.filter(Q(calendar_audiences="") | codes_q("calendar_audiences", codes))

    def matching(self, words):
        """The entries with `words` (in any case) in one of their searched texts."""
        words = words.casefold()
        if SEARCH_SEPARATOR in words:
            return self.none()
        return self.filter(search_text__contains=words)


class Schedule(Location):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Times are ignored; the end date is included.")
    )
    rrule = models.CharField(
        _("repeats"), max_length=500, blank=True, help_text=_("An RFC 5545 rule (RRULE)")
    )
    exdates = models.JSONField(_("cancelled dates"), default=list, blank=True)
    rdates = models.JSONField(_("extra dates"), default=list, blank=True)
    #: no occurrence ends after this; None while the rule has no end (kept by save())
    last_end = models.DateTimeField(null=True, editable=False, db_index=True)
    #: what `search` matches, from `searched_texts()` (kept by save())
    search_text = models.TextField(editable=False, default="")

    categories = CodeListField(_("categories"), codes=CATEGORY_CHOICES)
    calendar_audiences = CodeListField(
        _("tourists or locals"),
        codes=CALENDAR_AUDIENCE_CHOICES,
        help_text=_("None means both."),
    )
    languages = LanguageListField(_("languages spoken"))

    place_name = models.CharField(_("place"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    price = models.DecimalField(
        _("price (DKK)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when it is free."),
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.start and self.end:
            self.last_end = recurrence.last_end(self.start, self.end, self.rrule, self.rdates)
        self.search_text = search_text(*self.searched_texts())
        # its dates are written on post_save (events.signals): a refused rule undoes the save
        with transaction.atomic():
            super().save(*args, **kwargs)

    def searched_texts(self):
        """The texts `search` looks in (title, summary or description, place)."""
        raise NotImplementedError

    def clean(self):
        errors = {}
        try:
            super().clean()  # the place: both coordinates or neither
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.start and self.end and self.end <= self.start:
            errors["end"] = ValidationError(_("The end must be after the start."), code="order")
        self.rrule = recurrence.normalise_rule(self.rrule)
        for name, check in (
            ("exdates", recurrence.parse_exdates),
            ("rdates", recurrence.parse_rdates),
        ):
            try:
                check(getattr(self, name) or [])
            except ValidationError as error:
                errors[name] = error
        if self.rrule and self.start and "rrule" not in errors:
            try:
                recurrence.validate_rule(self.rrule, recurrence.local_naive(self.start))
            except ValidationError as error:
                errors["rrule"] = error
        if errors:
            raise ValidationError(errors)

    def occurrences(self, window_start, window_end):
        """This entry's occurrences overlapping [window_start, window_end)."""
        return recurrence.expand(
            self.start, self.end, self.rrule, self.exdates, self.rdates, window_start, window_end
        )

    def occurs_at(self, start):
        """Whether an occurrence starts at `start` (aware)."""
        return any(o.start == start for o in self.occurrences(start, start + ONE_SECOND))


#: the names of the fields every calendar entry shows (`search_text` is only searched)
SCHEDULE_FIELDS = tuple(
    field.name for field in Schedule._meta.fields if field.name != "search_text"
)
