"""Coordinators decide who edits a community: add, invite, remove, trust."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission

from communities import access
from tests.factories import UserFactory

User = get_user_model()


def assert_denied(response):
    """Wagtail's admin answers a refusal by sending the user back to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def members_url(page):
    return reverse("communities_members", args=[page.pk])


def members_of(page):
    return set(access.access_for(page).group.user_set.values_list("username", flat=True))


def test_the_coordinator_sees_who_edits_a_community(coordinator_client, community, editor):
    response = coordinator_client.get(members_url(community))
    assert response.status_code == 200
    assert editor.username in response.content.decode()


def test_the_members_panel_is_offered_on_the_community_page(coordinator_client, community):
    html = coordinator_client.get(
        reverse("wagtailadmin_pages:edit", args=[community.pk])
    ).content.decode()
    assert members_url(community) in html


def test_the_coordinator_adds_an_existing_user(coordinator_client, community):
    UserFactory(username="karen", email="karen@example.dk")
    response = coordinator_client.post(
        members_url(community), {"action": "add", "user": "karen@example.dk"}
    )
    assert response.status_code == 302
    assert "karen" in members_of(community)


def test_adding_someone_twice_is_refused_naming_the_field(coordinator_client, community, editor):
    response = coordinator_client.post(
        members_url(community), {"action": "add", "user": editor.username}
    )
    assert response.status_code == 400
    assert response.context["add_form"].has_error("user", code="already_member")


def test_adding_an_unknown_user_is_refused(coordinator_client, community):
    response = coordinator_client.post(members_url(community), {"action": "add", "user": "nobody"})
    assert response.status_code == 400
    assert response.context["add_form"].has_error("user", code="unknown_user")


def test_the_coordinator_removes_a_member(coordinator_client, community, editor):
    response = coordinator_client.post(
        members_url(community), {"action": "remove", "user_id": editor.pk}
    )
    assert response.status_code == 302
    assert editor.username not in members_of(community)
    assert not community.permissions_for_user(editor).can_edit()


def test_an_invitation_creates_an_editor_who_sets_a_password_by_the_link(
    coordinator_client, community, client
):
    response = coordinator_client.post(
        members_url(community),
        {"action": "invite", "email": "Ny.Redaktor@Example.dk", "first_name": "Ny"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="ny.redaktor@example.dk")
    assert not user.has_usable_password()
    assert user.username in members_of(community)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny.redaktor@example.dk"]
    link = re.search(r"https?://\S+/admin/password_reset/\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Sønderborg-2027!", "new_password2": "Sønderborg-2027!"},
    )
    user.refresh_from_db()
    assert user.check_password("Sønderborg-2027!")


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b"])
def test_an_invitation_to_something_that_is_not_an_address_is_refused(
    coordinator_client, community, email
):
    before = User.objects.count()
    response = coordinator_client.post(members_url(community), {"action": "invite", "email": email})
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"]
    assert User.objects.count() == before
    assert mail.outbox == []


def test_inviting_an_address_that_has_an_account_is_refused(coordinator_client, community, editor):
    response = coordinator_client.post(
        members_url(community), {"action": "invite", "email": editor.email}
    )
    assert response.status_code == 400
    assert response.context["invite_form"].has_error("email", code="has_account")


def test_trusting_a_community_lets_its_editors_publish(coordinator_client, community, editor):
    def can_publish():  # a fresh user: Wagtail caches permissions on the instance
        return community.permissions_for_user(User.objects.get(pk=editor.pk)).can_publish()

    coordinator_client.post(members_url(community), {"action": "trust", "trusted": "on"})
    assert can_publish()
    coordinator_client.post(members_url(community), {"action": "trust"})
    assert not can_publish()
    assert not GroupPagePermission.objects.filter(
        group=access.access_for(community).group, permission__codename="publish_page"
    ).exists()


def test_community_editors_cannot_change_membership(editor_client, community, editor):
    stranger = UserFactory()
    for data in (
        {"action": "add", "user": stranger.username},
        {"action": "remove", "user_id": editor.pk},
        {"action": "trust", "trusted": "on"},
    ):
        assert_denied(editor_client.post(members_url(community), data))
    assert members_of(community) == {editor.username}
    assert not access.access_for(community).trusted
    assert_denied(editor_client.get(reverse("communities_list")))


def test_the_coordinator_lists_the_communities(coordinator_client, make_community):
    make_community(title="Augustenborg")
    make_community(title="Kegnæs")
    html = coordinator_client.get(reverse("communities_list")).content.decode()
    assert "Augustenborg" in html and "Kegnæs" in html
