"""Admin routes that shadow Wagtail's (same paths, included ahead of the admin in cms/urls.py)
with the narrowed views of communities/views/admin_listings.py, decorated as the admin's own
(login, `access_admin`, refusals, no caching)."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from communities.views.admin_listings import (
    AdministeredSiteHistoryView,
    ExplorableLockedPagesView,
    ExplorablePageTypesUsageView,
    ExplorableWorkflowTasksView,
    ExplorableWorkflowView,
    OfferedChosenMultipleView,
    OwnSnippetsIndexView,
)


def report(route, view, name):
    """A report's page and the results its filters reload, as Wagtail mounts them."""
    return [
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


urlpatterns = [
    path("snippets/", OwnSnippetsIndexView.as_view(), name="communities_snippets_index"),
    path(
        "choose-page/chosen-multiple/",
        OfferedChosenMultipleView.as_view(),
        name="communities_chosen_multiple",
    ),
    *report("reports/locked/", ExplorableLockedPagesView, "communities_locked_pages"),
    *report(
        "reports/page-types-usage/", ExplorablePageTypesUsageView, "communities_page_types_usage"
    ),
    *report("reports/site-history/", AdministeredSiteHistoryView, "communities_site_history"),
    *report("reports/workflow/", ExplorableWorkflowView, "communities_workflow"),
    *report("reports/workflow_tasks/", ExplorableWorkflowTasksView, "communities_workflow_tasks"),
]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
