"""Who may moderate the associations directory (the coordinators: `DirectoryConfig`)."""

MODERATE_ASSOCIATIONS = "directory.moderate_associations"


def can_moderate_associations(user):
    """Approve or reject the entries and changes associations submit."""
    return user.has_perm(MODERATE_ASSOCIATIONS)
