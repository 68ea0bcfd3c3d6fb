"""Run daily (cron): entries not confirmed as current for DIRECTORY_STALE_MONTHS are
flagged and their association reminded; DIRECTORY_REMINDER_DAYS after an unanswered
reminder they are hidden (kept, not deleted). Each municipality's coordinators get a summary
of their own entries, in the municipality's default language, through the mail queue
(guide.mail, retried when the mail server fails)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Site

from directory import emails
from directory.models import Association, stale_before
from guide import mail
from guide.sites import coordinators_of


class Command(BaseCommand):
    help = "Remind associations whose entries are stale, and hide those that never answered."

    def handle(self, **options):
        now = timezone.now()
        stale = list(
            Association.objects.filter(
                hidden=False, reminded_at__isnull=True, confirmed_at__lt=stale_before(now)
            ).select_related("site")  # each reminder's link is on its site's address
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
        sites = Site.objects.filter(pk__in={a.site_id for a in stale + hidden})
        for site in sites.select_related("municipality"):
            self.tell_coordinators(
                site,
                [a for a in stale if a.site_id == site.pk],
                [a for a in hidden if a.site_id == site.pk],
            )
        self.stdout.write(f"reminded {len(stale)}, hidden {len(hidden)}")

    def tell_coordinators(self, site, stale, hidden):
        recipients = coordinators_of(site).exclude(email="").values_list("email", flat=True)
        municipality = site.municipality
        language = municipality.default_language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject, _sep, body = render_to_string(
                "directory/email/stale_summary.txt", {"stale": stale, "hidden": hidden}
            ).partition("\n")
        # the name tells apart the summaries of someone who coordinates several
        subject = f"{municipality.name}: {subject.strip()}"
        for email in sorted(set(recipients)):
            mail.send(to=email, subject=subject, body=body.lstrip(), language=language, site=site)
