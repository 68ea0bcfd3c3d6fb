"""The calendar: occurrences, events and their iCalendar feeds (frontend_api/views/events.py)."""

from django.urls import include, path

from frontend_api.views import events

urlpatterns = [
    path("events/", events.EventListView.as_view(), name="api_events"),
    path("events/feed.ics", events.EventFeedView.as_view(), name="api_events_feed"),
    path("events/<int:pk>/", events.EventDetailView.as_view(), name="api_event"),
    path("events/<int:pk>/event.ics", events.EventICalView.as_view(), name="api_event_ics"),
    path(
        "events/imported/<int:pk>/",
        events.ImportedEventDetailView.as_view(),
        name="api_event_imported",
    ),
    path(
        "events/imported/<int:pk>/event.ics",
        events.ImportedEventICalView.as_view(),
        name="api_event_imported_ics",
    ),
    path("", include("frontend_api.routes.registrations")),
]

LISTINGS = {"events": "api_events", "events-feed": "api_events_feed"}
