"""Who may do what with the communities: the predicates the admin asks.

`communities.access` grants and withdraws rights; this module only asks. The rights the
coordinators hold are declared by each app on its `AppConfig.coordinator_permissions`.
"""

from wagtail.models import Page
from wagtail.permissions import policy_registry

from communities.models import CommunityAccess, CommunityPage

MANAGE_MEMBERS = "communities.manage_members"


def can_manage_communities(user):
    """Coordinators: who edits each community, whether it is trusted, and the work of all."""
    return user.has_perm(MANAGE_MEMBERS)


def edits_a_community(user):
    """Whether `user` belongs to some community's editors group."""
    return user.groups.filter(community_access__isnull=False).exists()


def member_communities(user):
    """The community pages, in every language, whose editors group `user` belongs to."""
    keys = CommunityAccess.objects.filter(group__user=user).values("translation_key")
    return CommunityPage.objects.filter(translation_key__in=keys)


def sections_of(user):
    """The tree paths of the pages on whose subtrees `user` holds page rights: a community
    editor's community in each language, the tree root for a coordinator or a superuser.

    Kept on the user object for the request, as Wagtail keeps their page permissions."""
    if not hasattr(user, "_community_sections"):
        if user.is_active and user.is_superuser:
            sections = {Page.get_first_root_node().path}
        else:
            policy = policy_registry.get_by_type(Page)
            sections = {perm.page.path for perm in policy.get_cached_permissions_for_user(user)}
        user._community_sections = tuple(sorted(sections))
    return user._community_sections
