"""Registrations for events that take them here."""

from django.urls import path

from frontend_api.views.registrations import EventRegistrationsEndpoint

urlpatterns = [
    path(
        "events/<str:id>/registrations/",
        EventRegistrationsEndpoint.as_view(),
        name="event_registrations",
    ),
]
