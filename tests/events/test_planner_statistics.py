"""`manage.py analyze_database` (cms) leaves the planner statistics a listing's plan depends on."""

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def statistics_of(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            exists = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
            if not cursor.execute(exists).fetchone()[0]:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone()[0]


def test_the_pages_and_the_calendars_dates_get_statistics(home, make_event, capsys):
    make_event(rrule="FREQ=DAILY;COUNT=30")
    if connection.vendor == "sqlite":  # none left from an earlier test
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        assert statistics_of("events_eventdate") == 0
    call_command("analyze_database")
    assert statistics_of("events_eventdate") > 0
    assert statistics_of("wagtailcore_page") > 0
    assert "Analyzed the database" in capsys.readouterr().out
