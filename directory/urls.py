"""Public pages outside the API."""

urlpatterns = []
