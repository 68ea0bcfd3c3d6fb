"""Meet-ups: a newcomer posts "who comes along to the concert on Friday?", others join and
share a contact with the poster. Not dating: a post names a plan, a place and a time.

A meet-up belongs to its poster's municipality (`poster__site`). What a newcomer may see is
`MeetupQuerySet.visible_to`; joining is capacity-safe by one conditional UPDATE of
`participant_count` (newcomers.meetups)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from guide.sites import administered_sites
from newcomers.models.account import Account

#: the poster counts: a meet-up for 2 has room for one participant
MIN_PEOPLE, MAX_PEOPLE = 2, 50
VISIBILITY_PURPOSE = "meetup_visibility"


class MeetupQuerySet(models.QuerySet):
    def of_site(self, site):
        return self.filter(poster__site=site) if site is not None else self.none()

    def administered_by(self, user):
        return self.filter(poster__site__in=administered_sites(user))

    def open(self, now):
        """Not hidden by the coordinator, not cancelled by the poster, not begun."""
        return self.filter(hidden_at__isnull=True, cancelled_at__isnull=True, starts_at__gt=now)

    def visible_to(self, account, now):
        """The open meet-ups of the account's municipality that `account` may see: its own,
        and those of posters who consent to showing their posts (a withdrawal hides them)."""
        consenting = Account.objects.filter(site=account.site_id).consenting(VISIBILITY_PURPOSE)
        return (
            self.of_site(account.site_id)
            .open(now)
            .filter(Q(poster=account) | Q(poster__in=consenting.values("pk")))
        )

    def expired(self, now, days=30):
        """Meet-ups whose date is more than `days` days past: for the retention job."""
        return self.filter(starts_at__lt=now - timedelta(days=days))


class Meetup(models.Model):
    poster = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="meetups")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    #: the language the meet-up is held in (ISO 639-1)
    language = models.CharField(_("language"), max_length=2)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    max_people = models.PositiveSmallIntegerField(_("people at most (poster included)"))
    #: participants, the poster not counted; kept by `newcomers.meetups.join` and the
    #: participants' deletion (below), so a full meet-up is refused in one UPDATE
    participant_count = models.PositiveSmallIntegerField(_("participants"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MeetupQuerySet.as_manager()

    class Meta:
        verbose_name = _("meet-up")
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__lt=F("max_people")), name="meetup_within_capacity"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def full(self):
        return self.participant_count >= self.max_people - 1


class MeetupParticipant(models.Model):
    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="participants")
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="meetup_participations"
    )
    #: what the participant chooses to show the poster (a phone number, an address)
    shared_contact = models.CharField(_("shared contact"), max_length=200, blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meet-up participant")
        constraints = [
            models.UniqueConstraint(fields=["meetup", "account"], name="one_place_per_meetup")
        ]

    def __str__(self):
        return f"Participant #{self.pk}"


@receiver(post_delete, sender=MeetupParticipant)
def _free_the_place(sender, instance, **kwargs):
    """Leaving, and the deletion of a participant's account, free their place."""
    Meetup.objects.filter(pk=instance.meetup_id, participant_count__gt=0).update(
        participant_count=F("participant_count") - 1
    )


class MeetupReport(models.Model):
    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meet-up report")

    def __str__(self):
        return f"Report #{self.pk}"


def expired_meetups(now, days=30):
    """Meet-ups whose date passed more than `days` days ago, with their participants and
    reports (deleted with them): what the retention job deletes."""
    return Meetup.objects.expired(now, days)
