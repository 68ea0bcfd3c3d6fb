from directory.models.association import Association, stale_before
from directory.models.practice import Practice
from directory.models.submission import AssociationSubmission

__all__ = ["Association", "AssociationSubmission", "Practice", "stale_before"]
