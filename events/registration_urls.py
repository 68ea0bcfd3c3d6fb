"""The public pages of registrations (links from e-mails)."""

from django.urls import path

from events.views import registrations

app_name = "event_registrations"

urlpatterns = [
    path("events/registrations/<str:token>/cancel/", registrations.cancel, name="cancel"),
]
