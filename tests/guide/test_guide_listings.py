"""The culture guide, contacts and useful links: in the coordinator's order, in the asked
language with Danish standing in, filtered as asked; bad parameters named."""

import pytest
from wagtail.models import Collection, Locale

from tests.factories import ImageFactory
from tests.frontend_api.conftest import items
from tests.guide.factories import ContactFactory, CultureNoteFactory, UsefulLinkFactory


def translated(snippet, code, **fields):
    copy = snippet.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def test_the_culture_guide_in_english_with_danish_standing_in(client, locales):
    mojn = CultureNoteFactory(question="Hvornår siger man mojn?", sort_order=1)
    translated(mojn, "en", question="When do you say mojn?")
    CultureNoteFactory(question="Hvad er hygge?", sort_order=2)
    data = items(client.get("/api/v2/culture-guide/?locale=en"))
    assert [(i["question"], i["meta"]["locale"], i["meta"]["fallback"]) for i in data] == [
        ("When do you say mojn?", "en", False),
        ("Hvad er hygge?", "da", True),
    ]
    only_english = items(client.get("/api/v2/culture-guide/?locale=en&fallback=false"))
    assert [i["question"] for i in only_english] == ["When do you say mojn?"]


def test_a_detail_is_the_snippet_in_its_own_language(client, locales):
    mojn = CultureNoteFactory(question="Hvornår siger man mojn?")
    english = translated(mojn, "en", question="When do you say mojn?")
    hygge = CultureNoteFactory(question="Hvad er hygge?")
    (listed, _hygge) = items(client.get("/api/v2/culture-guide/?locale=en"))
    assert listed["meta"]["detail_url"].endswith(f"/api/v2/culture-guide/{english.pk}/")

    def detail(note, locale):
        response = client.get(f"/api/v2/culture-guide/{note.pk}/?locale={locale}")
        assert response.status_code == 200
        data = response.json()
        return data["question"], data["meta"]["locale"], data["meta"]["fallback"], response

    # asked for by id: the Danish copy is itself, not a stand-in, where an English one exists
    question, language, fallback, response = detail(mojn, "en")
    assert (question, language, fallback) == ("Hvornår siger man mojn?", "da", False)
    assert response["Content-Language"] == "da"
    assert detail(english, "da")[:3] == ("When do you say mojn?", "en", False)
    assert detail(hygge, "en")[:3] == ("Hvad er hygge?", "da", True)
    assert client.get("/api/v2/culture-guide/999999/").status_code == 404
    assert client.get("/api/v2/culture-guide/abc/").json()["parameter"] == "id"


def test_search_finds_every_word_in_the_texts(client, locales):
    CultureNoteFactory(question="Hvornår siger man mojn?", answer="Hele dagen, i Sønderjylland.")
    CultureNoteFactory(question="Hvad er hygge?", answer="Stearinlys og kaffe.")
    ContactFactory(name="Mette", role="Newcomer consultant", department="Jobcenter")
    UsefulLinkFactory(label="Buses", description="Timetables for the city buses")

    def found(endpoint, text):
        return len(items(client.get(f"/api/v2/{endpoint}/", {"search": text})))

    assert found("culture-guide", "MOJN") == 1
    assert found("culture-guide", "sønderjylland mojn") == 1  # both words, in either text
    assert found("culture-guide", "mojn kaffe") == 0
    assert found("culture-guide", "%") == found("culture-guide", "_") == 0  # no wildcards
    assert found("culture-guide", "  ") == 2
    assert found("contacts", "jobcenter") == 1
    assert found("links", "timetables") == 1


def test_an_image_in_a_private_collection_is_not_shown(client, locales):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Privat")
    private.view_restrictions.create(restriction_type="login")
    CultureNoteFactory(image=ImageFactory(collection=root, title="Kaffebord"), sort_order=1)
    CultureNoteFactory(image=ImageFactory(collection=private), sort_order=2)
    public, hidden = items(client.get("/api/v2/culture-guide/"))
    assert public["image"]["title"] == "Kaffebord"
    assert public["image"]["download_url"].endswith(".jpg") or public["image"]["download_url"]
    assert hidden["image"] is None


def test_contacts_by_topic_and_language(client, locales):
    ContactFactory(name="Mette", topics=["welcome", "housing"], languages=["da", "en", "de"])
    ContactFactory(
        name="Aisha", topics=["work", "partner"], languages=["da", "fa"], international=True
    )
    ContactFactory(name="Henrik", topics=["leisure"], languages=["da", "de"])

    def names(query):
        return [i["name"] for i in items(client.get(f"/api/v2/contacts/?{query}"))]

    assert names("") == ["Mette", "Aisha", "Henrik"]
    assert names("topic=work") == ["Aisha"]
    assert names("language=de") == ["Mette", "Henrik"]
    assert names("topic=leisure&language=en") == []
    assert names("international=1") == ["Aisha"]
    assert names("topic=work,housing") == ["Mette", "Aisha"]
    assert names("order=name") == ["Aisha", "Henrik", "Mette"]
    assert names("order=-name&fields=name") == ["Mette", "Henrik", "Aisha"]
    (aisha,) = items(client.get("/api/v2/contacts/?language=fa"))
    assert aisha["topics"] == ["work", "partner"]
    assert aisha["international"] is True


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v2/contacts/?topic=astrology", "topic"),
        ("/api/v2/contacts/?language=klingon", "language"),
        ("/api/v2/contacts/?international=maybe", "international"),
        ("/api/v2/contacts/?department=x", "department"),
        ("/api/v2/links/?group=secret", "group"),
        ("/api/v2/contacts/?topic=", "topic"),
        ("/api/v2/contacts/?order=email", "order"),
        ("/api/v2/culture-guide/?locale=sv", "locale"),
    ],
)
def test_bad_parameters_are_named(client, locales, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_links_come_group_by_group_then_in_order(client, locales):
    UsefulLinkFactory(group="travel", label="Airport", sort_order=1)
    UsefulLinkFactory(group="transport", label="Buses", sort_order=2)
    UsefulLinkFactory(group="transport", label="Trains", sort_order=1)
    UsefulLinkFactory(group="community", label="Facebook group", sort_order=0)
    data = items(client.get("/api/v2/links/?locale=en"))
    assert [(i["group"], i["label"]) for i in data] == [
        ("transport", "Trains"),
        ("transport", "Buses"),
        ("travel", "Airport"),
        ("community", "Facebook group"),
    ]
    assert data[0]["group_label"] == "Getting around"
    assert [i["label"] for i in items(client.get("/api/v2/links/?group=travel"))] == ["Airport"]
    backwards = items(client.get("/api/v2/links/?order=-group,label"))
    assert [i["label"] for i in backwards] == ["Facebook group", "Airport", "Buses", "Trains"]


def test_a_link_that_is_not_a_url_is_refused(locales):
    from django.core.exceptions import ValidationError

    link = UsefulLinkFactory.build(url="javascript:alert(1)")
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert "url" in refused.value.message_dict


def test_community_editors_cannot_edit_the_guide_snippets(client, editor, coordinator, locales):
    url = "/admin/snippets/guide/culturenote/"
    client.force_login(editor)
    assert client.get(url).status_code == 302  # Wagtail's refusal: a redirect to the dashboard
    client.force_login(coordinator)  # granted by communities.access after migrate
    assert client.get(url).status_code == 200
