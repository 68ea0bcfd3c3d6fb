"""Stories: under the stories index or in a community's section, found by origin country and
community through /api/v2/pages/."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import translate
from tests.frontend_api.conftest import items
from tests.guide.factories import StoriesIndexPageFactory, StoryPageFactory


@pytest.fixture
def stories(home, community):
    index = StoriesIndexPageFactory(parent=home)
    lucas = StoryPageFactory(parent=index, title="Lucas", origin_country="BR")
    anna = StoryPageFactory(parent=community, title="Anna", origin_country="DE", first_name="Anna")
    farid = StoryPageFactory(parent=index, title="Farid", origin_country="AF", first_name="Farid")
    return {"lucas": lucas, "anna": anna, "farid": farid}


def titles(response):
    return sorted(item["title"] for item in items(response))


def test_stories_by_origin_country(client, stories):
    response = client.get("/api/v2/pages/?type=guide.StoryPage&origin_country=BR&fields=*")
    (lucas,) = items(response)
    assert lucas["first_name"] == "Lucas"
    assert lucas["origin_country"] == "BR"
    assert lucas["arrival_year"] == 2021
    assert lucas["quote"] == "Mojn!"


def test_stories_of_a_community_in_any_language(client, stories, community):
    assert titles(client.get(f"/api/v2/pages/?type=guide.StoryPage&community={community.pk}")) == [
        "Anna"
    ]
    english = community.get_translations().get(locale__language_code="en")
    translate(stories["anna"], "en")
    response = client.get(f"/api/v2/pages/?type=guide.StoryPage&community={english.pk}&locale=en")
    assert [(i["title"], i["meta"]["locale"]) for i in items(response)] == [("Anna", "en")]


def test_community_must_be_a_community(client, stories, home):
    response = client.get(f"/api/v2/pages/?type=guide.StoryPage&community={home.pk}")
    assert response.status_code == 400
    assert response.json()["parameter"] == "community"
    response = client.get("/api/v2/pages/?community=abc")
    assert response.status_code == 400
    assert response.json()["parameter"] == "community"


def test_all_stories(client, stories):
    assert titles(client.get("/api/v2/pages/?type=guide.StoryPage")) == ["Anna", "Farid", "Lucas"]


@pytest.mark.parametrize(
    ("field", "value"), [("origin_country", "XX"), ("origin_country", "br"), ("arrival_year", 3000)]
)
def test_bad_story_fields_are_refused(stories, field, value):
    story = stories["lucas"]
    setattr(story, field, value)
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert field in refused.value.message_dict
