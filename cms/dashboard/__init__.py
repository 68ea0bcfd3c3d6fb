"""The dashboard's panels: the day's work for a coordinator and for a community's editors.

Each panel shows only what its reader may act on, links to the screen where the work is
done, says so when nothing waits, and costs the same number of queries for one item or many.
"""

from cms.dashboard.associations import AssociationsWaitingPanel
from cms.dashboard.calendars import CalendarProblemsPanel
from cms.dashboard.moderation import (
    CommunityDraftsPanel,
    CommunityModerationPanel,
    PagesAwaitingApprovalPanel,
)
from cms.dashboard.registrations import ComingWeekRegistrationsPanel, CommunityEventsPanel

#: Wagtail's own moderation panels, which ours replace (ours name community and language)
REPLACED = {"workflow_objects_to_moderate", "user_objects_in_workflow_moderation"}

PANELS = (
    PagesAwaitingApprovalPanel,
    AssociationsWaitingPanel,
    CalendarProblemsPanel,
    ComingWeekRegistrationsPanel,
    CommunityModerationPanel,
    CommunityDraftsPanel,
    CommunityEventsPanel,
)


def add_panels(request, panels):
    """Put the panels `request.user` has work in on the dashboard (construct_homepage_panels)."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED]
    panels.extend(panel() for panel in PANELS if panel.shown_to(request.user))
