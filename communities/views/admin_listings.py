"""Admin views Wagtail offers no hook for, narrowed to what the user may see.

cms/urls.py mounts them on Wagtail's own paths, ahead of the admin's routes.
"""

from django.urls import reverse
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from communities.admin_visibility import admin_title, explorable, may_explore, offered_in_chooser


class ExplorableLockedPagesView(LockedPagesView):
    """Wagtail adds every page the user locked, wherever it lies now that they may have left
    the community."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=explorable(self.request.user).values("pk"))


class ExplorablePageTypesUsageView(PageTypesUsageReportView):
    """Wagtail names the last edited page of each type in the whole tree, draft title and
    all; it is left out where the user may not explore it."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        for item in page_types:
            if item.last_edited_page and not may_explore(self.request.user, item.last_edited_page):
                item.last_edited_page = None
        return page_types


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
