from communities.models.community import (
    Ambassador,
    CommunityIndexPage,
    CommunityKind,
    CommunityPage,
)
from communities.models.community_access import CommunityAccess
from communities.models.trial_home import TrialHomePage, TrialHomePhoto, TrialHomeStatus

__all__ = [
    "Ambassador",
    "CommunityAccess",
    "CommunityIndexPage",
    "CommunityKind",
    "CommunityPage",
    "TrialHomePage",
    "TrialHomePhoto",
    "TrialHomeStatus",
]
