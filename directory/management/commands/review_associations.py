"""Run daily (cron): entries not confirmed as current for DIRECTORY_STALE_MONTHS are
flagged and their association reminded; DIRECTORY_REMINDER_DAYS after an unanswered
reminder they are hidden (kept, not deleted). The coordinators get a summary."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

from directory import emails
from directory.models import Association, stale_before
from guide.sites import coordinators_of


class Command(BaseCommand):
    help = "Remind associations whose entries are stale, and hide those that never answered."

    def handle(self, **options):
        now = timezone.now()
        stale = list(
            Association.objects.filter(
                hidden=False, reminded_at__isnull=True, confirmed_at__lt=stale_before(now)
            )
        )
        for association in stale:
            emails.reminder(association)
            Association.objects.filter(pk=association.pk).update(reminded_at=now)
        grace = timedelta(days=settings.DIRECTORY_REMINDER_DAYS)
        overdue = Association.objects.filter(
            hidden=False, reminded_at__lt=now - grace, confirmed_at__lt=stale_before(now)
        )
        hidden = list(overdue)
        for association in hidden:
            association.hidden = True
            # a save, not a bulk update: its signal tells the API the entry is gone
            association.save(update_fields=["hidden"])
        # each municipality's coordinators hear of their own entries only
        for site in Site.objects.filter(pk__in={a.site_id for a in stale + hidden}):
            self.tell_coordinators(
                site,
                [a for a in stale if a.site_id == site.pk],
                [a for a in hidden if a.site_id == site.pk],
            )
        self.stdout.write(f"reminded {len(stale)}, hidden {len(hidden)}")

    def tell_coordinators(self, site, stale, hidden):
        recipients = list(coordinators_of(site).exclude(email="").values_list("email", flat=True))
        if not recipients:
            return
        subject, _sep, body = render_to_string(
            "directory/email/stale_summary.txt", {"stale": stale, "hidden": hidden}
        ).partition("\n")
        send_mail(subject.strip(), body.lstrip(), settings.DEFAULT_FROM_EMAIL, recipients)
