"""Renew the query planner's statistics of every table (daily from cron).

PostgreSQL's autovacuum keeps them by itself, but not after a restore from a dump; SQLite
keeps none until asked, and without them reads a page listing by its language and sorts
every page instead of walking the ids in order (20 ms instead of 0.3 ms at 13,000 pages).
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Renew the query planner's statistics (ANALYZE) of every table."

    def handle(self, *args, **options):
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Analyzed the database in {seconds:.1f} s."))
