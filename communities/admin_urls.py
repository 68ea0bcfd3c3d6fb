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

urlpatterns = [
    path("snippets/", OwnSnippetsIndexView.as_view(), name="communities_snippets_index"),
    path(
        "choose-page/chosen-multiple/",
        OfferedChosenMultipleView.as_view(),
        name="communities_chosen_multiple",
    ),
    path("reports/locked/", ExplorableLockedPagesView.as_view(), name="communities_locked_pages"),
    path(
        "reports/locked/results/",
        ExplorableLockedPagesView.as_view(results_only=True),
        name="communities_locked_pages_results",
    ),
    path(
        "reports/page-types-usage/",
        ExplorablePageTypesUsageView.as_view(),
        name="communities_page_types_usage",
    ),
    path(
        "reports/page-types-usage/results/",
        ExplorablePageTypesUsageView.as_view(results_only=True),
        name="communities_page_types_usage_results",
    ),
    path(
        "reports/site-history/",
        AdministeredSiteHistoryView.as_view(),
        name="communities_site_history",
    ),
    path(
        "reports/site-history/results/",
        AdministeredSiteHistoryView.as_view(results_only=True),
        name="communities_site_history_results",
    ),
    path("reports/workflow/", ExplorableWorkflowView.as_view(), name="communities_workflow"),
    path(
        "reports/workflow/results/",
        ExplorableWorkflowView.as_view(results_only=True),
        name="communities_workflow_results",
    ),
    path(
        "reports/workflow_tasks/",
        ExplorableWorkflowTasksView.as_view(),
        name="communities_workflow_tasks",
    ),
    path(
        "reports/workflow_tasks/results/",
        ExplorableWorkflowTasksView.as_view(results_only=True),
        name="communities_workflow_tasks_results",
    ),
]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
