"""`seed_demo` builds the Sønderborg demo in three languages, and a second run changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from communities import access
from communities.models import CommunityKind, CommunityPage, TrialHomePage

User = get_user_model()


def snapshot():
    return (
        sorted(Page.objects.values_list("id", "locale__language_code", "live", "title")),
        sorted(User.objects.values_list("username", "password")),
    )


@pytest.fixture
def demo(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2027")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_communities_in_three_languages(demo):
    danish = CommunityPage.objects.filter(locale__language_code="da")
    assert danish.count() >= 15
    assert danish.filter(kind=CommunityKind.AMBASSADOR_CORPS).exists()
    for page in danish:
        assert {copy.locale.language_code for copy in page.get_translations(inclusive=True)} == {
            "da",
            "en",
            "de",
        }
        assert page.live
    assert {"Nordborg", "Augustenborg", "Gråsten", "Broager", "Kegnæs"} <= set(
        danish.values_list("title", flat=True)
    )
    assert TrialHomePage.objects.filter(locale__language_code="da").count() >= 3
    assert Site.objects.get(is_default_site=True).root_page.specific.title.startswith("Velkommen")


def test_the_demo_users_log_in_to_their_own_community(demo, client):
    nordborg = CommunityPage.objects.get(slug="nordborg", locale__language_code="da")
    editor = User.objects.get(username="editor-nordborg")
    assert editor.check_password("demo-pass-2027")
    assert nordborg.permissions_for_user(editor).can_edit()
    augustenborg = CommunityPage.objects.get(slug="augustenborg", locale__language_code="da")
    assert not augustenborg.permissions_for_user(editor).can_edit()
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.groups.filter(name=access.COORDINATORS).exists()
    assert client.login(username="coordinator", password="demo-pass-2027")


def test_running_the_demo_again_changes_nothing(demo, settings, monkeypatch):
    before = snapshot()
    monkeypatch.delenv("DEMO_PASSWORD")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


def test_the_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not CommunityPage.objects.exists()
