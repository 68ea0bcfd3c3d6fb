"""Pages in moderation: what waits for a coordinator's approval, and for a community's
editors what is with the coordinator, what came back with a comment, and their drafts."""

from django.db.models import CharField, Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, TaskState, WorkflowState, get_default_page_content_type

from cms.dashboard.base import LIMIT, Row, WorkPanel
from cms.dashboard.sections import below, communities_above, community_of, community_sections
from communities.permissions import can_manage_communities, edits_a_community

OPEN = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def _when(moment):
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _pages(ids):
    return {
        page.pk: page
        for page in Page.objects.filter(pk__in=ids)
        .select_related("locale")
        .only("path", "title", "draft_title", "locale__language_code")
    }


def _open_workflow(status=OPEN):
    return WorkflowState.objects.filter(
        base_content_type=get_default_page_content_type(),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status__in=status,
    )


class PagesAwaitingApprovalPanel(WorkPanel):
    name = "pages_awaiting_approval"
    heading = _("Pages waiting for your approval")
    more_text = _("All pages in moderation")
    order = 100

    @classmethod
    def shown_to(cls, user):
        return can_manage_communities(user)

    def get_rows(self, request):
        states = (
            TaskState.objects.reviewable_by(request.user)
            .filter(workflow_state__base_content_type=get_default_page_content_type())
            .select_related("workflow_state__requested_by")
            .order_by("started_at", "pk")
        )
        total = states.count()
        shown = list(states[:LIMIT])
        pages = _pages(int(state.workflow_state.object_id) for state in shown)
        sections = communities_above(pages.values())
        rows = []
        for state in shown:
            page = pages.get(int(state.workflow_state.object_id))
            if page is None:
                continue
            by = state.workflow_state.requested_by
            rows.append(
                Row(
                    page.get_admin_display_title(),
                    _edit_url(page.pk),
                    [
                        community_of(page, sections) or gettext("Site-wide"),
                        page.locale.get_display_name(),
                        gettext("sent by %(user)s, %(when)s")
                        % {
                            "user": by.get_full_name() or by.get_username() if by else "–",
                            "when": _when(state.started_at),
                        },
                    ],
                )
            )
        return rows, total, reverse("wagtailadmin_reports:workflow")


class CommunityModerationPanel(WorkPanel):
    """The community's pages with the coordinator, and those sent back with a comment."""

    name = "community_moderation"
    heading = _("Your community's pages in moderation")
    order = 110

    @classmethod
    def shown_to(cls, user):
        return not can_manage_communities(user) and edits_a_community(user)

    def get_rows(self, request):
        sections = community_sections(request)
        in_section = Page.objects.filter(
            below(sections), pk=Cast(OuterRef("object_id"), output_field=IntegerField())
        )
        states = (
            WorkflowState.objects.filter(
                Exists(in_section),
                base_content_type=get_default_page_content_type(),
                status__in=OPEN,
            )
            .select_related("current_task_state")
            .order_by("-status", "-created_at", "-pk")  # sent back first
        )
        total = states.count()
        shown = list(states[:LIMIT])
        pages = _pages(int(state.object_id) for state in shown)
        rows = []
        for state in shown:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            task = state.current_task_state
            sent_back = state.status == WorkflowState.STATUS_NEEDS_CHANGES
            rows.append(
                Row(
                    page.get_admin_display_title(),
                    _edit_url(page.pk),
                    [
                        community_of(page, sections),
                        page.locale.get_display_name(),
                        gettext("Changes requested")
                        if sent_back
                        else gettext("With the coordinator"),
                    ],
                    note=task.comment if sent_back and task else "",
                )
            )
        return rows, total, None


class CommunityDraftsPanel(WorkPanel):
    """Pages of the community with changes not yet published nor sent to moderation."""

    name = "community_drafts"
    heading = _("Drafts in your community")
    order = 120

    @classmethod
    def shown_to(cls, user):
        return CommunityModerationPanel.shown_to(user)

    def get_rows(self, request):
        sections = community_sections(request)
        drafts = (
            Page.objects.filter(below(sections), has_unpublished_changes=True)
            .exclude(Exists(_open_workflow()))
            .select_related("locale")
            .only(
                "path",
                "title",
                "draft_title",
                "latest_revision_created_at",
                "live",
                "locale__language_code",
            )
            .order_by("-latest_revision_created_at", "-pk")
        )
        total = drafts.count()
        rows = [
            Row(
                page.get_admin_display_title(),
                _edit_url(page.pk),
                [
                    community_of(page, sections),
                    page.locale.get_display_name(),
                    (
                        gettext("changed %(when)s")
                        if page.live
                        else gettext("never published, %(when)s")
                    )
                    % {"when": _when(page.latest_revision_created_at)}
                    if page.latest_revision_created_at
                    else "",
                ],
            )
            for page in drafts[:LIMIT]
        ]
        return rows, total, None
