"""Admin views Wagtail offers no hook for, narrowed to what the user may see.

cms/urls.py mounts them on Wagtail's own paths, ahead of the admin's routes.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import (
    PageTypesUsageReportFilterSet,
    PageTypesUsageReportView,
)
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
    get_editable_page_ids_query,
)
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import (
    ModelLogEntry,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.snippets import ModelIndexView

from communities.admin_visibility import (
    admin_title,
    explorable,
    explores_everything,
    may_explore,
    offered_in_chooser,
)
from guide.admin_scoping import site_policy


class ExplorableLockedPagesView(LockedPagesView):
    """Wagtail adds every page the user locked, wherever it lies now that they may have left
    the community."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=explorable(self.request.user).values("pk"))


class ExplorablePageTypesUsageFilterSet(PageTypesUsageReportFilterSet):
    """The sites to filter by: those whose root the user may explore."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" in self.filters and self.request:
            user = self.request.user
            self.filters["site"].extra["choices"] = [
                (site.root_page.path, str(site))
                for site in Site.objects.select_related("root_page")
                if may_explore(user, site.root_page)
            ]


class ExplorablePageTypesUsageView(PageTypesUsageReportView):
    """Wagtail counts the pages of each type in the whole tree and names the last edited one,
    draft title and all: counted and named here only where the user may explore."""

    filterset_class = ExplorablePageTypesUsageFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if explores_everything(user):
            return queryset
        pages = explorable(user).filter(content_type=OuterRef("pk"))
        if language := self.filters.form.cleaned_data.get("page_locale"):
            pages = pages.filter(locale__language_code=language)
        if site_root_path := self.filters.form.cleaned_data.get("site"):
            pages = pages.filter(path__startswith=site_root_path)
        counted = pages.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        return queryset.annotate(
            explorable_count=Coalesce(Subquery(counted), 0, output_field=IntegerField())
        ).order_by("-explorable_count", "app_label", "model")

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        for item in page_types:
            if item.last_edited_page and not may_explore(self.request.user, item.last_edited_page):
                item.last_edited_page = None
            if hasattr(item, "explorable_count"):
                item.count = item.explorable_count
        return page_types


# The workflow reports list only states of pages the user may edit, but their filters offer
# every workflow, task and user who ever asked for approval, in any municipality.


def _workflows(request):
    attached = WorkflowPage.objects.filter(page__in=explorable(request.user).values("pk"))
    return Workflow.objects.filter(pk__in=attached.values("workflow"))


def _tasks(request):
    return Task.objects.filter(workflow_tasks__workflow__in=_workflows(request)).distinct()


def _requested_by(request):
    states = WorkflowState.objects.filter(object_id__in=get_editable_page_ids_query(request))
    User = get_user_model()
    return User.objects.filter(pk__in=states.values("requested_by")).order_by(User.USERNAME_FIELD)


class ExplorableWorkflowFilterSet(WorkflowReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(label=_("Workflow"), queryset=_workflows)
    requested_by = django_filters.ModelChoiceFilter(label=_("Requested by"), queryset=_requested_by)


class ExplorableWorkflowTasksFilterSet(WorkflowTasksReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(
        field_name="workflow_state__workflow", label=_("Workflow"), queryset=_workflows
    )
    task = django_filters.ModelChoiceFilter(label=_("Task"), queryset=_tasks)


class ExplorableWorkflowView(WorkflowView):
    filterset_class = ExplorableWorkflowFilterSet


class ExplorableWorkflowTasksView(WorkflowTasksView):
    filterset_class = ExplorableWorkflowTasksFilterSet


class OfferedChosenMultipleView(ChosenMultipleView):
    """The chooser's multiple choice hands back any page id asked for, with its draft
    title."""

    def get(self, request):
        pages = offered_in_chooser(
            Page.objects.filter(pk__in=request.GET.getlist("id")), request.user
        ).specific()
        return self.render_chosen_response(
            [
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": admin_title(page, request.user),
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
                for page in pages
            ]
        )


class OwnSnippetsIndexView(ModelIndexView):
    """The snippets index counts each type's rows in the whole deployment; here only those
    the user may work on (another municipality's rows are not theirs to count)."""

    def _get_snippet_types(self):
        snippet_types = super()._get_snippet_types()
        for item in snippet_types:
            policy = policy_registry.get_by_type(item["model"])
            item["count"] = policy.instances_user_has_any_permission_for(
                self.request.user, {"add", "change", "delete", "view"}
            ).count()
        return snippet_types


# The site history lists every log entry of a model the user holds any permission on: the
# titles of another municipality's snippets, associations and calendars among them.


def administered_log_entries(entries, user):
    """`entries` (of any log model) without those of another site's rows. An entry of a
    deleted row cannot tell its site any more: it shows to superusers only."""
    if entries.model is not ModelLogEntry or user.is_superuser:
        return entries
    scoped = [model for model in get_snippet_models() if site_policy(model)]
    content_types = ContentType.objects.get_for_models(*scoped, for_concrete_models=False)
    visible = ~Q(content_type__in=list(content_types.values()))
    for model, content_type in content_types.items():
        own = site_policy(model).administered(user).order_by()
        own = own.annotate(key=Cast("pk", CharField())).values("key")
        visible |= Q(content_type=content_type, object_id__in=own)
    return entries.filter(visible)


def _viewable_log_entries(user):
    for log_model in log_action_registry.get_log_entry_models():
        yield administered_log_entries(log_model.objects.viewable_by_user(user), user)


def _log_content_types(request):
    ids = set().union(*(e.get_content_type_ids() for e in _viewable_log_entries(request.user)))
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class AdministeredSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The types, actions and users to filter by: those of the entries the user sees (the
    stock users are everyone who ever logged an action on a page)."""

    object_type = ContentTypeFilter(
        label=_("Type"), method="filter_object_type", queryset=_log_content_types
    )

    def get_action_choices(self):
        actions = set().union(*(e.get_actions() for e in _viewable_log_entries(self.request.user)))
        return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]

    def get_users_queryset(self):
        entries = _viewable_log_entries(self.request.user)
        User = get_user_model()
        ids = set().union(*(e.get_user_ids() for e in entries))
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class AdministeredSiteHistoryView(LogEntriesView):
    filterset_class = AdministeredSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        """Each log model's entries, as Wagtail unites them (its listing and exports)."""
        queryset = administered_log_entries(queryset, self.request.user)
        return super().filter_queryset(queryset)
