"""Fixtures for the guide: a checklist (with its English and German copies) under the home
page, and a way to add steps with their audiences and dependencies."""

import pytest

from guide.models import PageAudience
from tests.conftest import LANGUAGES, translate
from tests.guide.factories import (
    ChecklistLinkFactory,
    ChecklistPageFactory,
    ChecklistStepPageFactory,
)


@pytest.fixture
def checklist(home):
    page = ChecklistPageFactory(parent=home)
    for code in LANGUAGES[1:]:
        translate(page, code)
    return page


@pytest.fixture
def make_step(checklist):
    """A published Danish step; `after` are steps it waits for, `audiences` its tags,
    `languages` the copies to make (published)."""

    def make(title, audiences=(), after=(), languages=(), links=(), parent=None):
        step = ChecklistStepPageFactory.build(title=title)
        step.audience_tags = [PageAudience(audience=code) for code in audiences]
        step.depends_on = list(after)
        (parent or checklist).add_child(instance=step)
        step.save_revision().publish()
        for label, url in links:
            ChecklistLinkFactory(step=step, label=label, url=url)
        for code in languages:
            copy = translate(step, code, publish=False)
            copy.title = f"{title} ({code})"
            copy.save_revision().publish()
        return step

    return make
