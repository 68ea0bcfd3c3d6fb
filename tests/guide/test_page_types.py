"""Every page type of the guide is a newcomer page: edited with the page form (audience tags,
only media the editor may choose), previewed in the headless client, and tagged with its
audiences on the Promote tab."""

import pytest
from django.apps import apps
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin

from guide.forms import PageForm
from guide.models import NewcomerPage

GUIDE_PAGE_TYPES = [
    model for model in apps.get_app_config("guide").get_models() if issubclass(model, Page)
]


def test_the_guide_has_page_types():
    assert {model.__name__ for model in GUIDE_PAGE_TYPES} >= {
        "HomePage",
        "ChecklistPage",
        "ChecklistStepPage",
        "StoriesIndexPage",
        "StoryPage",
    }


@pytest.mark.parametrize("model", GUIDE_PAGE_TYPES, ids=lambda model: model.__name__)
def test_a_guide_page_type_is_a_newcomer_page(model):
    assert issubclass(model, NewcomerPage)
    assert issubclass(model, HeadlessPreviewMixin)
    assert issubclass(model.get_edit_handler().get_form_class(), PageForm)
    tabs = [tab.get_form_options()["fields"] for tab in model.get_edit_handler().children]
    (promote,) = [fields for fields in tabs if "slug" in fields]  # the Promote tab
    assert "audiences" in promote
