"""Fixtures for the calendar: the service's calendar section (da/en/de) and events in it or
in a community's section."""

import pytest

from tests.conftest import LANGUAGES, translate
from tests.events.factories import EventIndexPageFactory, EventPageFactory


@pytest.fixture
def calendar_index(home):
    page = EventIndexPageFactory(parent=home)
    for code in LANGUAGES[1:]:
        translate(page, code)
    return page


@pytest.fixture
def make_event(calendar_index):
    """An event (Danish, published) in the service's calendar, or under `parent`."""

    def make(parent=None, **kwargs):
        return EventPageFactory(parent=parent or calendar_index, **kwargs)

    return make
