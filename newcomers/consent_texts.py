"""The text shown for each consent, with its version: bump the version whenever the text
changes, so every record says which wording the newcomer agreed to."""

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "ambassador_contact": (
        "ambassador_contact/1",
        _(
            "The ambassadors of my community in %(municipality)s may see my first name, "
            "language, household, moving date and interests, and contact me."
        ),
    ),
    "community_invitations": (
        "community_invitations/1",
        _(
            "%(municipality)s may e-mail me invitations from my community and to events for "
            "newcomers, at most weekly, for up to two years after I move."
        ),
    ),
    "meetup_visibility": (
        "meetup_visibility/1",
        _(
            "Other signed-in newcomers in %(municipality)s may see my meet-up posts with my "
            "first name."
        ),
    ),
    "mentor_matching": (
        "mentor_matching/1",
        _(
            "%(municipality)s may pass my request on to a volunteer business mentor and "
            "introduce us by e-mail."
        ),
    ),
}
