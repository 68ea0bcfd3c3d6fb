from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    name = "frontend_api"
    verbose_name = "API"

    def ready(self):
        from frontend_api import invalidation

        # a change of content gives the API response cache a new version (and purges a CDN)
        invalidation.connect()
