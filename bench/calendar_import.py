"""The import of a large external calendar: a generated feed of 5,000 events (one-off,
weekly, monthly, all-day; Europe/Berlin, UTC, floating times; RECURRENCE-ID overrides) read
by `events.importer.import_feed`, without the network.

Phases: the first import (all new), a re-run of the same feed (nothing to write), a run
where some events changed and some vanished. Each phase is timed on its own, then run again
under tracemalloc for its peak memory (Python allocations; the process's maximum resident
size is printed too). Queries are counted per phase.

Run by `bench/run.py calendar_import`, on a just-migrated database of its own
(`var/bench-calendar-import.sqlite3`). Environment: CALENDAR_BENCH_EVENTS (5000).
"""

import os
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.db import connection  # noqa: E402

from events.importer import import_feed  # noqa: E402
from events.models import ExternalCalendar  # noqa: E402

EVENTS = int(os.environ.get("CALENDAR_BENCH_EVENTS", "5000"))
FEED_URL = "https://bench.invalid/calendar.ics"


def first_day(n):
    return date(2027, 1 + (n // 28) % 12, 1 + n % 28)


def vevent(n, changed=False):
    """The n-th VEVENT of the generated feed; every 50th overrides the second date of the
    weekly event before it."""
    kind = n % 20
    day = first_day(n)
    lines = [
        f"UID:bench-{n}@bench.invalid",
        f"SUMMARY:Arrangement nr. {n}{' (ændret)' if changed else ''}",
        "DTSTAMP:20261101T090000Z",
        f"DESCRIPTION:Beskrivelse af arrangement {n}. " + "Lidt mere tekst. " * 8,
        f"LOCATION:Storegade {n % 90 + 1}\\, 6200 Aabenraa",
        f"GEO:55.{n % 1000:03d}000;9.{n % 900:03d}000",
        "CATEGORIES:" + ("Kultur" if n % 3 else "Sport,Natur"),
    ]
    if n % 50 == 49:
        moved = first_day(n - 1) + timedelta(days=7)
        lines[0] = f"UID:bench-{n - 1}@bench.invalid"
        lines += [
            f"RECURRENCE-ID;TZID=Europe/Berlin:{moved:%Y%m%d}T180000",
            f"DTSTART;TZID=Europe/Berlin:{moved:%Y%m%d}T190000",
            f"DTEND;TZID=Europe/Berlin:{moved:%Y%m%d}T210000",
        ]
    elif 11 <= kind < 16 or n % 50 == 48:  # weekly, 50 dates, the first one cancelled
        lines += [
            f"DTSTART;TZID=Europe/Berlin:{day:%Y%m%d}T180000",
            f"DTEND;TZID=Europe/Berlin:{day:%Y%m%d}T200000",
            "RRULE:FREQ=WEEKLY;COUNT=50",
            f"EXDATE;TZID=Europe/Berlin:{day:%Y%m%d}T180000",
        ]
    elif kind < 11:  # one-off: Europe/Berlin, UTC and floating times in turn
        start, end = f"{day:%Y%m%d}T{8 + n % 10:02d}0000", f"{day:%Y%m%d}T{9 + n % 10:02d}3000"
        prefix, suffix = (("DTSTART;TZID=Europe/Berlin:", ""), ("DTSTART:", "Z"), ("DTSTART:", ""))[
            n % 3
        ]
        lines += [f"{prefix}{start}{suffix}", f"{prefix.replace('START', 'END')}{end}{suffix}"]
    elif kind < 19:  # monthly on the second Tuesday, no end
        lines += [
            f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T170000",
            "DURATION:PT2H",
            "RRULE:FREQ=MONTHLY;BYDAY=2TU",
        ]
    else:  # all-day, three days
        lines += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", "DURATION:P3D"]
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


def build_feed(changed_every=0, dropped_every=0):
    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bench//Bench//DA\r\n"]
    for n in range(EVENTS):
        if dropped_every and n % dropped_every == 7 and n % 50 < 48:
            continue
        parts.append(vevent(n, changed=bool(changed_every) and n % changed_every == 3))
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(calendar, data, measure_memory):
    counter = QueryCounter()
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        report = import_feed(calendar, data)
    seconds = time.perf_counter() - started
    peak = 0
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return report, seconds, peak, counter.count


def phases(calendar, feeds, measure_memory):
    calendar.events.all().delete()
    return [run(calendar, data, measure_memory) for _name, data in feeds]


def main():
    calendar, _created = ExternalCalendar.objects.get_or_create(
        feed_url=FEED_URL,
        defaults={"name": "Bench", "region": "Aabenraa", "categories": ["social"]},
    )
    feeds = [
        ("first run", build_feed()),
        ("re-run", build_feed()),
        ("changed run", build_feed(changed_every=20, dropped_every=100)),
    ]
    timed = phases(calendar, feeds, measure_memory=False)
    traced = phases(calendar, feeds, measure_memory=True)
    calendar.delete()

    size = len(feeds[0][1])
    print(f"Calendar import: {EVENTS} VEVENTs, feed {size / 1e6:.1f} MB, {connection.vendor}")
    header = (
        f"{'phase':<12} {'seconds':>8} {'peak MB':>8} {'queries':>8} "
        f"{'new':>6} {'updated':>8} {'same':>6} {'removed':>8} {'skipped':>8}"
    )
    print(header)
    print("-" * len(header))
    for (name, _data), (report, seconds, _p, queries), (_r, _s, peak, _q) in zip(
        feeds, timed, traced, strict=True
    ):
        print(
            f"{name:<12} {seconds:>8.2f} {peak / 2**20:>8.1f} {queries:>8} {report.created:>6} "
            f"{report.updated:>8} {report.unchanged:>6} {report.deleted:>8} "
            f"{len(report.skipped):>8}"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max resident size: {maxrss:.0f} MB (whole process, Django included)")


if __name__ == "__main__":
    main()
