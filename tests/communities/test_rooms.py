"""Creating a community gives it a room: a group with rights on its pages in every language,
and a collection of its own; renaming and deleting keep the rights in step."""

from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from communities import access
from tests.conftest import LANGUAGES


def page_codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_a_new_community_gets_a_group_with_rights_on_every_language_copy(community):
    room = access.access_for(community)
    assert room.group.name == "Nordborg editors"
    for copy in community.get_translations(inclusive=True):
        assert page_codenames(room.group, copy) == {
            "add_page",
            "change_page",
            "lock_page",
            "unlock_page",
        }
    assert {c.locale.language_code for c in community.get_translations(inclusive=True)} == set(
        LANGUAGES
    )
    assert room.group.permissions.filter(codename="access_admin").exists()


def test_a_new_community_gets_its_own_collection(community):
    room = access.access_for(community)
    assert room.collection.name == "Nordborg"
    codenames = set(
        GroupCollectionPermission.objects.filter(group=room.group).values_list(
            "collection_id", "permission__codename"
        )
    )
    assert codenames == {
        (room.collection.pk, codename)
        for codename in (
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        )
    }


def test_community_groups_never_hold_publish_unless_trusted(community):
    room = access.access_for(community)
    assert not GroupPagePermission.objects.filter(
        group=room.group, permission__codename="publish_page"
    ).exists()
    access.set_trusted(room, True)
    published = set(
        GroupPagePermission.objects.filter(
            group=room.group, permission__codename="publish_page"
        ).values_list("page_id", flat=True)
    )
    assert published == {copy.pk for copy in community.get_translations(inclusive=True)}
    access.set_trusted(room, False)
    assert not GroupPagePermission.objects.filter(
        group=room.group, permission__codename="publish_page"
    ).exists()


def test_renaming_keeps_group_and_collection_names_in_step(community):
    community.title = "Nordborg og Omegn"
    community.save_revision().publish()
    room = access.access_for(community)
    assert room.group.name == "Nordborg og Omegn editors"
    assert room.collection.name == "Nordborg og Omegn"


def test_deleting_the_last_copy_of_a_community_removes_its_group_and_rights(community):
    room = access.access_for(community)
    group_id = room.group_id
    collection_id = room.collection_id
    for copy in community.get_translations():
        copy.delete()
    assert Group.objects.filter(pk=group_id).exists()  # the Danish page still stands
    community.delete()
    assert not Group.objects.filter(pk=group_id).exists()
    assert not GroupPagePermission.objects.filter(group_id=group_id).exists()
    assert not GroupCollectionPermission.objects.filter(group_id=group_id).exists()
    # the collection (and any images in it) is kept for a coordinator to tidy up
    assert Collection.objects.filter(pk=collection_id).exists()


def test_two_communities_of_the_same_name_get_a_group_each(make_community):
    first = make_community(title="Havnbjerg", slug="havnbjerg")
    second = make_community(title="Havnbjerg", slug="havnbjerg-2")
    assert access.access_for(first).group != access.access_for(second).group


def test_a_coordinator_creates_a_community_in_the_admin_and_nothing_else_is_needed(
    coordinator_client, index, make_editor
):
    from django.urls import reverse

    from communities.models import CommunityPage
    from tests.admin_forms import community_form_data

    draft = CommunityPage(title="Kegnæs", slug="kegnaes", kind="local_community", intro="Ø-liv")
    response = coordinator_client.post(
        reverse("wagtailadmin_pages:add", args=["communities", "communitypage", index.pk]),
        community_form_data(draft, **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    page = CommunityPage.objects.get(slug="kegnaes")
    assert page.live
    editor = make_editor(page)
    assert page.permissions_for_user(editor).can_edit()
    assert page.permissions_for_user(editor).can_add_subpage()
    assert not page.permissions_for_user(editor).can_publish()
