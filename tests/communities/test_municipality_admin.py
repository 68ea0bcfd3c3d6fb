"""Municipalities in the admin: a superuser creates one in one go (its site, its home page in
each of its languages, its coordinators' room) and renames it; bad input is refused with the
field named and nothing made; coordinators never reach these views; no page moves or is
copied from one municipality's tree into another's; a site that still has rows is not
deleted."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Task,
    Workflow,
)

from communities import access
from guide.models import Contact, HomePage, Municipality
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    TrialHomePageFactory,
    UserFactory,
)

MODELS = (Site, Page, Group, Collection, Workflow, Task, Municipality, GroupPagePermission)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def form_data(**overrides):
    data = {
        "name": "Tønder",
        "hostname": "toender.localhost",
        "port": "80",
        "languages": ["da", "en", "de"],
        "default_language": "da",
        "email": "tilflytter@toender.dk",
        "phone": "74 92 92 92",
        "address": "Wegners Plads 2, 6270 Tønder",
        "website": "https://toender.dk",
        "colour": "#1d4f91",
        "logo": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def superuser_client(client, home):
    client.force_login(UserFactory(is_superuser=True))
    return client


def add(client, **overrides):
    return client.post(reverse("municipalities:add"), form_data(**overrides))


def error_messages(response):
    return [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]


def test_a_superuser_creates_a_municipality_in_one_go(superuser_client, make_coordinator, home):
    response = add(superuser_client)
    assert response.status_code == 302
    toender = Municipality.objects.get(name="Tønder")
    site = toender.site
    assert (site.hostname, site.port, site.site_name) == ("toender.localhost", 80, "Tønder")
    assert not site.is_default_site
    assert (toender.email, toender.colour, toender.default_language) == (
        "tilflytter@toender.dk",
        "#1d4f91",
        "da",
    )
    homes = Page.objects.filter(translation_key=site.root_page.translation_key)
    assert sorted(homes.values_list("locale__language_code", flat=True)) == ["da", "de", "en"]
    assert site.root_page.locale.language_code == "da"
    for copy in homes:
        assert copy.depth == 2 and copy.live and copy.specific_class is HomePage
        assert copy.title == "Tønder"
        assert copy.get_workflow() == toender.workflow
        assert set(
            GroupPagePermission.objects.filter(group=toender.coordinators, page=copy).values_list(
                "permission__codename", flat=True
            )
        ) == set(access.COORDINATOR_PAGE_PERMISSIONS)
    assert toender.coordinators.name == "Tønder coordinators"
    assert toender.collection.name == "Tønder" and toender.collection.get_parent().is_root()
    assert toender.workflow.name == "Tønder: coordinator approval"
    assert list(toender.workflow.tasks.specific()[0].groups.all()) == [toender.coordinators]

    theirs = make_coordinator(toender)
    assert site.root_page.permissions_for_user(theirs).can_edit()
    assert not home.permissions_for_user(theirs).can_edit()

    index = superuser_client.get(reverse("municipalities:index"))
    rows = {m.name: m for m in index.context["object_list"]}
    assert rows["Tønder"].coordinator_count == 1
    assert b"toender.localhost" in index.content and b"da, en, de" in index.content


def test_the_home_page_is_in_the_default_language_and_its_languages_only(superuser_client):
    add(superuser_client, languages=["de", "en"], default_language="de", hostname="t.localhost")
    site = Municipality.objects.get(name="Tønder").site
    assert site.root_page.locale.language_code == "de"
    assert sorted(
        Page.objects.filter(translation_key=site.root_page.translation_key).values_list(
            "locale__language_code", flat=True
        )
    ) == ["de", "en"]


BAD_INPUT = {
    "host name taken": ({"hostname": "aabenraa.localhost"}, "hostname"),
    "host name taken, in capitals": ({"hostname": "AABENRAA.localhost"}, "hostname"),
    "the default site's host name": ({"hostname": "localhost"}, "hostname"),
    "not a host name": ({"hostname": "https://toender.dk/"}, "hostname"),
    "no default language": ({"default_language": None}, "default_language"),
    "default language not among its languages": (
        {"languages": ["da", "en"], "default_language": "de"},
        "default_language",
    ),
    "no languages": ({"languages": None}, "languages"),
    "invalid colour": ({"colour": "green"}, "colour"),
    "a colour too light for white text": ({"colour": "#ffcc00"}, "colour"),
    "a name taken": ({"name": "aabenraa"}, "name"),
}


@pytest.mark.parametrize("overrides, field", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_with_the_field_named_and_nothing_made(
    superuser_client, aabenraa, overrides, field
):
    before = counts()
    response = add(superuser_client, **overrides)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert counts() == before


def test_another_port_on_a_taken_host_name_is_another_site(superuser_client, aabenraa):
    assert add(superuser_client, hostname="aabenraa.localhost", port="8080").status_code == 302
    assert Municipality.objects.get(name="Tønder").site.port == 8080


def test_renaming_keeps_the_names_in_step(superuser_client, aabenraa):
    assert superuser_client.get(reverse("municipalities:add")).status_code == 200
    form = superuser_client.get(reverse("municipalities:edit", args=[aabenraa.pk])).context["form"]
    assert (form.initial["hostname"], form.initial["port"]) == ("aabenraa.localhost", 80)
    group, collection, workflow = aabenraa.coordinators, aabenraa.collection, aabenraa.workflow
    response = superuser_client.post(
        reverse("municipalities:edit", args=[aabenraa.pk]),
        form_data(
            name="Aabenraa Kommune",
            hostname="aabenraa.velkomst.localhost",
            port="8000",
            default_language="da",
        ),
    )
    assert response.status_code == 302
    aabenraa.refresh_from_db()
    site = Site.objects.get(pk=aabenraa.site_id)
    assert (site.site_name, site.hostname, site.port) == (
        "Aabenraa Kommune",
        "aabenraa.velkomst.localhost",
        8000,
    )
    # the same room, renamed
    assert (aabenraa.coordinators, aabenraa.collection, aabenraa.workflow) == (
        group,
        collection,
        workflow,
    )
    assert Group.objects.get(pk=group.pk).name == "Aabenraa Kommune coordinators"
    assert Collection.objects.get(pk=collection.pk).name == "Aabenraa Kommune"
    assert Workflow.objects.get(pk=workflow.pk).name == "Aabenraa Kommune: coordinator approval"
    assert workflow.tasks.get().name == "Aabenraa Kommune: coordinator review"


def test_a_language_added_later_gets_its_home_page(superuser_client):
    add(superuser_client, languages=["da"])
    toender = Municipality.objects.get(name="Tønder")
    superuser_client.post(
        reverse("municipalities:edit", args=[toender.pk]), form_data(languages=["da", "en"])
    )
    english = toender.site.root_page.get_translation(Locale.objects.get(language_code="en"))
    assert english.live and english.get_workflow() == toender.workflow


def test_a_coordinator_cannot_reach_the_municipalities(coordinator_client, aabenraa):
    dashboard = coordinator_client.get(reverse("wagtailadmin_home"))
    assert reverse("municipalities:index").encode() not in dashboard.content
    before = counts()
    for url in (
        reverse("municipalities:index"),
        reverse("municipalities:add"),
        reverse("municipalities:edit", args=[aabenraa.pk]),
        reverse("municipalities:delete", args=[aabenraa.pk]),
    ):
        assert coordinator_client.get(url).url == reverse("wagtailadmin_home")
    response = coordinator_client.post(reverse("municipalities:add"), form_data())
    assert response.url == reverse("wagtailadmin_home")
    response = coordinator_client.post(
        reverse("municipalities:edit", args=[aabenraa.pk]), form_data(name="Ours now")
    )
    assert response.url == reverse("wagtailadmin_home")
    assert counts() == before
    assert Municipality.objects.get(pk=aabenraa.pk).name == "Aabenraa"


def test_a_superuser_sees_them_but_deletes_none_here(superuser_client, aabenraa):
    dashboard = superuser_client.get(reverse("wagtailadmin_home"))
    assert reverse("municipalities:index").encode() in dashboard.content
    response = superuser_client.post(reverse("municipalities:delete", args=[aabenraa.pk]))
    assert response.url == reverse("wagtailadmin_home")
    assert Municipality.objects.filter(pk=aabenraa.pk).exists()


# Pages stay in their municipality's tree.


@pytest.fixture
def trees(community, aabenraa):
    """A trial home in Aabenraa's community, another community there, and the default
    site's community."""
    index = CommunityIndexPageFactory(parent=aabenraa.site.root_page)
    first = CommunityPageFactory(parent=index, title="Rødekro")
    second = CommunityPageFactory(parent=index, title="Kliplev")
    return {
        "trial_home": TrialHomePageFactory(parent=first),
        "own_other_community": second,
        "elsewhere": community,
    }


def tree_state():
    return sorted(Page.objects.values_list("pk", "path", "title"))


def test_a_move_into_another_municipality_is_refused_even_for_a_superuser(superuser_client, trees):
    page, elsewhere = trees["trial_home"], trees["elsewhere"]
    before = tree_state()
    url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, elsewhere.pk])
    for method in ("get", "post"):
        response = getattr(superuser_client, method)(url)
        assert response.status_code == 302
        assert any("Aabenraa" in message for message in error_messages(response))
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    response = superuser_client.post(f"{bulk}?id={page.pk}", {"chooser": elsewhere.pk})
    assert response.status_code == 302
    assert any("Aabenraa" in message for message in error_messages(response))
    # nor out of its tree, to the top of the tree
    index = trees["own_other_community"].get_parent()
    url = reverse("wagtailadmin_pages:move_confirm", args=[index.pk, Page.get_first_root_node().pk])
    assert superuser_client.post(url).status_code == 302
    assert tree_state() == before


def test_a_copy_into_another_municipality_is_refused_even_for_a_superuser(superuser_client, trees):
    page, elsewhere = trees["trial_home"], trees["elsewhere"]
    before = tree_state()
    response = superuser_client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Kopi", "new_slug": "kopi", "new_parent_page": elsewhere.pk},
    )
    assert response.status_code == 302
    assert any("Aabenraa" in message for message in error_messages(response))
    assert tree_state() == before


def test_moves_and_copies_within_a_municipality_still_work(superuser_client, trees):
    page, destination = trees["trial_home"], trees["own_other_community"]
    response = superuser_client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Kopi", "new_slug": "kopi", "new_parent_page": destination.pk},
    )
    assert response.status_code == 302
    assert Page.objects.child_of(destination).filter(slug="kopi").exists()
    superuser_client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    )
    assert Page.objects.get(pk=page.pk).get_parent().pk == destination.pk


# Wagtail's sites admin


def test_a_site_with_rows_left_is_not_deleted(superuser_client, aabenraa):
    Contact.objects.create(
        name="Aase", department="Borgerservice", topics=[], languages=[], site=aabenraa.site
    )
    before = counts()
    response = superuser_client.post(reverse("wagtailsites:delete", args=[aabenraa.site_id]))
    assert response.status_code == 302
    assert any("Aabenraa" in message for message in error_messages(response))
    assert counts() == before


def test_a_site_without_rows_is_deleted(superuser_client, aabenraa):
    response = superuser_client.post(reverse("wagtailsites:delete", args=[aabenraa.site_id]))
    assert response.url == reverse("wagtailsites:index")
    assert not Site.objects.filter(pk=aabenraa.site_id).exists()
    assert not Municipality.objects.filter(pk=aabenraa.pk).exists()


def test_the_admin_api_keeps_the_border_too(superuser_client, trees):
    page, elsewhere = trees["trial_home"], trees["elsewhere"]
    own_home = trees["own_other_community"].get_parent().get_parent()
    before = tree_state()
    api = f"/admin/api/main/pages/{page.pk}/action"
    for action, data in (
        ("move", {"destination_page_id": elsewhere.pk, "position": "last-child"}),
        # beside its own home page: out of its tree, to the top
        ("move", {"destination_page_id": own_home.pk, "position": "right"}),
        ("copy", {"destination_page_id": elsewhere.pk, "slug": "kopi"}),
        ("create_alias", {"destination_page_id": elsewhere.pk, "update_slug": "kopi"}),
    ):
        response = superuser_client.post(f"{api}/{action}/", data, content_type="application/json")
        assert response.status_code == 400
        assert "Aabenraa" in response.json()["destination_page_id"][0]
    assert tree_state() == before
    own = trees["own_other_community"]
    response = superuser_client.post(
        f"{api}/move/",
        {"destination_page_id": own.pk, "position": "last-child"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Page.objects.get(pk=page.pk).get_parent().pk == own.pk
