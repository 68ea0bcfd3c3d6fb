"""What the admin lists to whom.

A page's draft — a page never published, or the title of changes not yet published — is for
the people who may explore it: a community editor's own section and the pages above it that
lead there; a coordinator's municipality (their site's root page in every language);
a superuser everything. The page chooser also offers the other live, public pages of the
user's own municipality for linking, under their live title (the `title` column: saving a
revision changes only `draft_title`); nothing of another municipality's, not even its title.

Wagtail already limits the admin page search, the explorer's listings, the admin pages API
and most reports to the pages a user may explore; these hooks close what it leaves open
(the admin images and documents API lists every collection's).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.home import LockedPagesPanel, RecentEditsPanel
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel as WorkflowPanel,
)
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from communities.permissions import sections_of, trees_of


def may_explore(user, page):
    """Whether `page` lies in one of `user`'s sections or above one (on the way there)."""
    return any(
        page.path.startswith(section) or section.startswith(page.path)
        for section in sections_of(user)
    )


def explores_everything(user):
    return any(len(section) == Page.steplen for section in sections_of(user))


def explorable(user):
    """The same pages as a queryset: Wagtail's own rule, which `may_explore` mirrors."""
    return policy_registry.get_by_type(Page).explorable_instances(user)


def admin_title(page, user):
    """The draft title for whoever may explore the page, the live title for anyone else."""
    if may_explore(user, page):
        return page.get_admin_display_title()
    return page.title


def offered_in_chooser(pages, user):
    """`pages` less those the chooser must not offer `user`: another section's drafts,
    unpublished, expired and view-restricted pages, and every page of another
    municipality."""
    if explores_everything(user):
        return pages
    linkable = (
        Page.objects.live()
        .public()
        .filter(trees_of(user))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )
    return pages.filter(Q(pk__in=explorable(user).values("pk")) | Q(pk__in=linkable.values("pk")))


# --- hooks (registered in wagtail_hooks.py) -----------------------------------------------


def refuse_exploring_elsewhere(parent_page, pages, request):
    """construct_explorer_page_queryset: Wagtail lists only explorable children, but would
    open the explorer of any page below the user's first common ancestor (the tree root
    for an editor with rights in three languages) and show its draft title."""
    if not may_explore(request.user, parent_page):
        raise PermissionDenied
    return pages


def limit_chooser(pages, request):
    """construct_page_chooser_queryset: browse and search. Browsing into a page the chooser
    would not offer is refused: its title heads the listing."""
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None and not (
        offered_in_chooser(Page.objects.filter(pk=parent_id), request.user).exists()
    ):
        raise PermissionDenied
    return offered_in_chooser(pages, request.user)


class ExplorableLockedPagesPanel(LockedPagesPanel):
    """Pages the user locked, less those outside the sections they now edit."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["locked_pages"] = context["locked_pages"].filter(
            pk__in=explorable(user).values("pk")
        )
        return context


class ExplorableRecentEditsPanel(RecentEditsPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["last_edits"] = [
            (when, page) for when, page in context["last_edits"] if may_explore(user, page)
        ]
        return context


class ExplorableWorkflowPanel(WorkflowPanel):
    """The user's own submissions in moderation."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["workflow_states"] = [
            state
            for state in context["workflow_states"]
            if not isinstance(state.content_object, Page) or may_explore(user, state.content_object)
        ]
        return context


# The dashboard panels that list pages by who edited, locked or submitted them, not by what
# the user may explore now: an editor who left a community would still see its drafts.
PANELS = {
    LockedPagesPanel: ExplorableLockedPagesPanel,
    RecentEditsPanel: ExplorableRecentEditsPanel,
    WorkflowPanel: ExplorableWorkflowPanel,
}


def limit_dashboard_panels(request, panels):
    """construct_homepage_panels."""
    for position, panel in enumerate(panels):
        if type(panel) in PANELS:
            panels[position] = PANELS[type(panel)]()


class SectionPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: Wagtail counts everything below the deepest page common to
    the user's sections, which for a coordinator (their municipality's root copies, side by
    side under the tree root) is every municipality's pages."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = self.request.user
        if not explores_everything(user):
            below = Q(pk__in=[])
            for section in Page.objects.filter(path__in=sections_of(user)):
                below |= Page.objects.descendant_of_q(section, inclusive=True)
            context["total_pages"] = Page.objects.filter(below).count()
        return context


def limit_dashboard_summary(request, items):
    """construct_homepage_summary_items."""
    for position, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[position] = SectionPagesSummaryItem(request)


class ChoosableImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: only those the user may choose (their collections); Wagtail's
    lists all but view-restricted collections' to anyone in the admin."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_permission_for(self.request.user, "choose")
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ChoosableDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_permission_for(self.request.user, "choose")
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


def limit_admin_api(router):
    """construct_admin_api, after Wagtail's own registrations (which it replaces)."""
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)
