"""Where a user's community lives in the page tree, and which community a page belongs to."""

from django.db.models import Q
from wagtail.models import Page

from communities.models import CommunityPage
from communities.permissions import member_communities


def community_sections(request):
    """The community pages (every language) the user edits as a member of their groups.
    Computed once per request: several panels ask."""
    if not hasattr(request, "_dashboard_sections"):
        request._dashboard_sections = list(
            member_communities(request.user).only(
                "path", "depth", "title", "draft_title", "locale_id"
            )
        )
    return request._dashboard_sections


def below(sections):
    """A filter for pages in (and at) these sections."""
    condition = Q(pk__in=[])
    for section in sections:
        condition |= Page.objects.descendant_of_q(section, inclusive=True)
    return condition


def ancestor_paths(pages):
    step = Page.steplen
    return {page.path[:end] for page in pages for end in range(step, len(page.path) + 1, step)}


def community_of(page, sections):
    """The title of the community section `page` lies in, or an empty string."""
    for section in sections:
        if page.path.startswith(section.path):
            return section.title
    return ""


def communities_above(pages):
    """The community sections above (or at) any of `pages`, in one query."""
    return list(CommunityPage.objects.filter(path__in=ancestor_paths(pages)).only("path", "title"))
