"""Public pages outside the API."""

from django.urls import include, path

urlpatterns = [
    path("", include("events.registration_urls")),
]
