"""`manage.py check_links`: ask every checklist link and useful link whether it still answers,
and report the dead ones with the step (or link) they belong to. Exits 1 when any is dead,
so cron can mail the output. HEAD first; GET when a server refuses HEAD."""

import urllib.error
import urllib.request
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from guide.models import ChecklistLink, UsefulLink

USER_AGENT = "Velkomst link check (+https://www.wagtail.org/)"
#: answers that mean "not to a HEAD", not "gone"
RETRY_WITH_GET = {403, 405, 501}


def probe(url, timeout):
    """The HTTP status the URL answers with, or the reason it does not answer."""
    if not url.lower().startswith(("http://", "https://")):
        return "not an http(s) URL"
    status = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310  (http and https only, checked above)
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            status = error.code
            if status not in RETRY_WITH_GET:
                return status
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            status = str(getattr(error, "reason", error))
    return status


class Command(BaseCommand):
    help = "Check the checklist's and the useful links' URLs and report the dead ones."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10, help="seconds per request")

    def handle(self, *args, timeout, **options):
        uses = defaultdict(list)
        for link in ChecklistLink.objects.select_related("step__locale").order_by("step__path"):
            uses[link.url].append(
                f"step “{link.step.title}” ({link.step.locale.language_code}, id {link.step_id})"
            )
        for link in UsefulLink.objects.select_related("locale").order_by("sort_order", "pk"):
            uses[link.url].append(
                f"useful link “{link.label}” ({link.locale.language_code}, id {link.pk})"
            )
        dead = 0
        for url, where in uses.items():
            status = probe(url, timeout)
            if isinstance(status, int) and status < 400:
                continue
            dead += 1
            self.stdout.write(f"DEAD {url} ({status})")
            for use in where:
                self.stdout.write(f"  used by {use}")
        self.stdout.write(f"{len(uses)} URLs checked, {dead} dead.")
        if dead:
            raise CommandError(f"{dead} dead link(s)")
