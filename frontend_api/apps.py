from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    name = "frontend_api"
    verbose_name = "API"

    def ready(self):
        from frontend_api import invalidation, page_changes, row_changes

        # a change of content gives the API response cache a new version (and purges a CDN)
        invalidation.connect()
        # pages that stop (or start again) being public, for the change feed's removals
        page_changes.connect()
        # and the rows beside them (associations, the guide's snippets)
        row_changes.connect()
