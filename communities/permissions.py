"""Who may do what with the communities: the predicates the admin asks.

`communities.access` grants and withdraws rights; this module only asks. The rights the
coordinators hold are declared by each app on its `AppConfig.coordinator_permissions`; the
global ones (managing members, say) reach only the communities of the sites the user
administers (`guide.sites.administered_sites`).
"""

from django.db.models import Q
from wagtail.models import Page
from wagtail.permissions import policy_registry

from communities.models import CommunityAccess, CommunityPage
from guide.sites import administered_sites, site_pages_q

MANAGE_MEMBERS = "communities.manage_members"


def can_manage_communities(user):
    """Coordinators: who edits each community, whether it is trusted, and the work of all
    (of their own municipality: `managed_communities`)."""
    return user.has_perm(MANAGE_MEMBERS)


def administered_pages_q(user):
    """A filter for the pages (every language) of the sites `user` administers: every page
    for a superuser."""
    if user.is_active and user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for site in administered_sites(user).select_related("root_page"):
        condition |= site_pages_q(site)
    return condition


def managed_communities(user):
    """The community pages (every language) whose members and trust `user` manages."""
    if not can_manage_communities(user):
        return CommunityPage.objects.none()
    return CommunityPage.objects.filter(administered_pages_q(user))


def edits_a_community(user):
    """Whether `user` belongs to some community's editors group."""
    return user.groups.filter(community_access__isnull=False).exists()


def member_communities(user):
    """The community pages, in every language, whose editors group `user` belongs to."""
    keys = CommunityAccess.objects.filter(group__user=user).values("translation_key")
    return CommunityPage.objects.filter(translation_key__in=keys)


def sections_of(user):
    """The tree paths of the pages on whose subtrees `user` holds page rights: a community
    editor's community in each language, a coordinator's site root page in each language,
    the tree root for a superuser.

    Kept on the user object for the request, as Wagtail keeps their page permissions."""
    if not hasattr(user, "_community_sections"):
        if user.is_active and user.is_superuser:
            sections = {Page.get_first_root_node().path}
        else:
            policy = policy_registry.get_by_type(Page)
            sections = {perm.page.path for perm in policy.get_cached_permissions_for_user(user)}
        user._community_sections = tuple(sorted(sections))
    return user._community_sections


def trees_of(user):
    """A filter for the pages (every language) of the sites in whose trees `user` holds a
    section: where they work, and so what they may link to. Everything for a superuser."""
    sections = sections_of(user)
    if any(len(section) == Page.steplen for section in sections):
        return Q()
    roots = {section[: 2 * Page.steplen] for section in sections}
    keys = Page.objects.filter(path__in=roots).values("translation_key")
    condition = Q(pk__in=[])
    for root in Page.objects.filter(depth=2, translation_key__in=keys).only("path", "depth"):
        condition |= Page.objects.descendant_of_q(root, inclusive=True)
    return condition
