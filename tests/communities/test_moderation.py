"""Untrusted editors submit for moderation; coordinators approve or reject, in every language."""

from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from communities import access, municipalities
from tests.admin_forms import community_form_data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_coordinator_workflow_moderates_every_language(community):
    workflow = municipalities.ensure_municipality(community.get_site()).workflow
    for copy in community.get_translations(inclusive=True):
        assert copy.get_workflow() == workflow


def test_an_untrusted_editor_cannot_publish(editor_client, community):
    data = community_form_data(community, intro="Nyt intro", **{"action-publish": "1"})
    editor_client.post(edit_url(community), data)
    community.refresh_from_db()
    assert community.intro != "Nyt intro"
    page_perms = community.permissions_for_user(access.access_for(community).group.user_set.get())
    assert not page_perms.can_publish()


def test_the_edit_form_offers_submit_not_publish(editor_client, community):
    html = editor_client.get(edit_url(community)).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def submit(client, page, **changes):
    data = community_form_data(page, **changes, **{"action-submit": "1"})
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)


def test_submitted_changes_wait_for_the_coordinator_then_go_live(
    editor_client, community, coordinator, client
):
    state = submit(editor_client, community, intro="Nyt fra Nordborg")
    community.refresh_from_db()
    assert community.intro != "Nyt fra Nordborg"  # still the published text

    client.force_login(coordinator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sider, der venter på din godkendelse" in dashboard
    assert community.title in dashboard and edit_url(community) in dashboard

    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[community.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    community.refresh_from_db()
    assert community.intro == "Nyt fra Nordborg"
    assert community.live


def test_a_rejection_comes_back_to_the_editor_with_its_reason(
    editor_client, community, coordinator, client, editor
):
    state = submit(editor_client, community, intro="Udkast")
    client.force_login(coordinator)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[community.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Tilføj venligst et billede."},
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    community.refresh_from_db()
    assert community.intro != "Udkast"
    editor_client.force_login(editor)
    html = editor_client.get(edit_url(community)).content.decode()
    assert "Tilføj venligst et billede." in html


def test_translations_are_moderated_too(make_editor, community, client):
    english = community.get_translation(Locale.objects.get(language_code="en"))
    user = make_editor(community)
    client.force_login(user)
    state = submit(client, english.specific, intro="News from Nordborg")
    assert state.workflow == municipalities.ensure_municipality(community.get_site()).workflow
    english.refresh_from_db()
    assert english.specific.intro != "News from Nordborg"
