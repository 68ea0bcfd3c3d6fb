"""The API's endpoints beyond Wagtail's router, one module per area. Each module has
`urlpatterns` (mounted under /api/v2/) and `LISTINGS`: the name each listing is shown under
at /api/v2/ and its URL name."""

AREAS = ("frontend_api.routes.events", "frontend_api.routes.directory", "frontend_api.routes.guide")
