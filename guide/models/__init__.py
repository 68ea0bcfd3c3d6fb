"""The guide's models, one module per concept. Other apps import `HomePage`, `PageAudience`
and `NewcomerPage` (the base of every page type newcomers read) from here."""

from guide.models.checklist import ChecklistLink, ChecklistPage, ChecklistStepPage
from guide.models.contacts import Contact
from guide.models.culture import CultureNote
from guide.models.links import UsefulLink
from guide.models.municipality import Municipality
from guide.models.pages import HomePage, NewcomerPage, NewcomerPageMixin, PageAudience
from guide.models.stories import StoriesIndexPage, StoryPage

__all__ = [
    "ChecklistLink",
    "ChecklistPage",
    "ChecklistStepPage",
    "Contact",
    "CultureNote",
    "HomePage",
    "Municipality",
    "NewcomerPage",
    "NewcomerPageMixin",
    "PageAudience",
    "StoriesIndexPage",
    "StoryPage",
    "UsefulLink",
]
