"""Repeating dates in local time, and the rules an editor may not save."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events import recurrence
from tests.events.factories import CPH

UTC = datetime.UTC


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def cafe_dates(window_start, window_end):
    return recurrence.expand(
        at(2026, 12, 8, 17),
        at(2026, 12, 8, 19),
        "FREQ=MONTHLY;BYDAY=2TU",
        [],
        [],
        window_start,
        window_end,
    )


def test_the_cafe_stays_at_17_local_across_the_march_and_october_changes():
    dates = cafe_dates(at(2027, 3, 1), at(2027, 12, 1))
    local = [(o.start.date().isoformat(), o.start.hour, o.start.utcoffset()) for o in dates]
    assert local[0] == ("2027-03-09", 17, datetime.timedelta(hours=1))
    assert local[1] == ("2027-04-13", 17, datetime.timedelta(hours=2))
    assert local[7] == ("2027-10-12", 17, datetime.timedelta(hours=2))
    assert local[8] == ("2027-11-09", 17, datetime.timedelta(hours=1))
    assert [o.start.astimezone(UTC).hour for o in dates[:2]] == [16, 15]
    assert all(o.end - o.start == datetime.timedelta(hours=2) for o in dates)


def test_cancelled_and_extra_dates():
    dates = recurrence.expand(
        at(2027, 1, 4, 10),
        at(2027, 1, 4, 11),
        "FREQ=WEEKLY;COUNT=4",
        ["2027-01-11", "2027-01-20"],
        ["2027-01-20T15:00", "2027-01-21T09:00"],
        at(2027, 1, 1),
        at(2027, 2, 1),
    )
    assert [o.start for o in dates] == [
        at(2027, 1, 4, 10),
        at(2027, 1, 18, 10),
        at(2027, 1, 21, 9),
        at(2027, 1, 25, 10),
    ]


def test_an_occurrence_that_started_before_the_window_is_still_in_it():
    dates = recurrence.expand(
        at(2027, 5, 1, 22), at(2027, 5, 2, 2), "", [], [], at(2027, 5, 2), at(2027, 5, 3)
    )
    assert len(dates) == 1


@pytest.mark.parametrize(
    "rule, code",
    [
        ("FREQ=HOURLY", "rule_frequency"),
        ("FREQ=DAILY;BYHOUR=8,12,16", "rule_too_frequent"),
        ("FREQ=WEEKLY;UNTIL=20260101T000000", "rule_empty"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "rule_empty"),
        ("FREQ=WEEKLY;BYDAY=XX", "rule_syntax"),
        ("DTSTART:20270101T100000\nRRULE:FREQ=DAILY", "rule_syntax"),
        ("FREQ=DAILY;COUNT=6000", "rule_count"),
    ],
)
def test_rules_that_never_give_a_date_or_too_many_are_refused(rule, code):
    with pytest.raises(ValidationError) as error:
        recurrence.validate_rule(rule, datetime.datetime(2027, 1, 4, 10))
    assert error.value.code == code


def test_last_end_bounds_a_rule_with_an_end_and_is_none_without():
    start, end = at(2027, 1, 4, 10), at(2027, 1, 4, 11)
    assert recurrence.last_end(start, end, "FREQ=WEEKLY;COUNT=3", []) == at(2027, 1, 18, 11)
    # with UNTIL, a bound: no later than the last day
    bound = recurrence.last_end(start, end, "FREQ=DAILY;UNTIL=20270110T235959", [])
    assert at(2027, 1, 10, 11) <= bound < at(2027, 1, 11, 10)
    assert recurrence.last_end(start, end, "FREQ=DAILY", []) is None
    assert recurrence.last_end(start, end, "", ["2027-03-01T10:00"]) == at(2027, 3, 1, 11)


def nightly(window_start, window_end):
    """A daily 02:30-03:00 from the week before the clocks go forward to after they go back."""
    return recurrence.expand(
        at(2027, 3, 25, 2, 30),
        at(2027, 3, 25, 3),
        "FREQ=DAILY;UNTIL=20271105T000000",
        [],
        [],
        window_start,
        window_end,
    )


def test_a_time_the_clocks_skip_is_moved_forward_by_the_hour_they_skip():
    (skipped,) = nightly(at(2027, 3, 28), at(2027, 3, 29))
    assert skipped.start.isoformat() == "2027-03-28T03:30:00+02:00"
    assert skipped.end.isoformat() == "2027-03-28T04:00:00+02:00"


def test_a_time_the_clocks_repeat_is_the_first_and_lasts_its_elapsed_time():
    (repeated,) = nightly(at(2027, 10, 31), at(2027, 11, 1))
    assert repeated.start.isoformat() == "2027-10-31T02:30:00+02:00"
    assert repeated.end.isoformat() == "2027-10-31T02:00:00+01:00"


def test_every_occurrence_lasts_the_same_elapsed_time():
    dates = nightly(at(2027, 3, 1), at(2027, 12, 1))
    assert len(dates) == 225
    assert {o.end.astimezone(UTC) - o.start.astimezone(UTC) for o in dates} == {
        datetime.timedelta(minutes=30)
    }
    # a first occurrence across the night the clocks go forward lasts 5 hours; so do the rest
    overnight = recurrence.expand(
        at(2027, 3, 27, 22),
        at(2027, 3, 28, 4),
        "FREQ=WEEKLY;COUNT=3",
        [],
        [],
        at(2027, 3, 1),
        at(2027, 5, 1),
    )
    assert [(o.start.hour, o.end.hour) for o in overnight] == [(22, 4), (22, 3), (22, 3)]
    assert {o.end.astimezone(UTC) - o.start for o in overnight} == {datetime.timedelta(hours=5)}


def test_an_all_day_event_keeps_its_days_when_the_clocks_change():
    dates = recurrence.expand(
        at(2027, 3, 27),
        at(2027, 3, 29),
        "FREQ=WEEKLY;COUNT=32",
        [],
        [],
        at(2027, 1, 1),
        at(2028, 1, 1),
    )
    assert len(dates) == 32
    assert {(o.start.time(), o.end.time()) for o in dates} == {(datetime.time(), datetime.time())}
    assert {(o.end.date() - o.start.date()).days for o in dates} == {2}


def test_last_end_is_the_last_occurrences_end_across_a_change():
    dates = nightly(at(2027, 1, 1), at(2028, 1, 1))
    last = recurrence.last_end(at(2027, 3, 25, 2, 30), at(2027, 3, 25, 3), "FREQ=DAILY;COUNT=4", [])
    assert last == nightly(at(2027, 3, 28), at(2027, 3, 29))[0].end == at(2027, 3, 28, 4)
    assert (
        recurrence.last_end(
            at(2027, 3, 25, 2, 30), at(2027, 3, 25, 3), "FREQ=DAILY;UNTIL=20271105T000000", []
        )
        >= dates[-1].end
    )
