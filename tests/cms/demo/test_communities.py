"""The demo's communities, ambassadors, trial homes and users, in three languages."""

from django.contrib.auth import get_user_model
from wagtail.models import Site

from communities.models import CommunityKind, CommunityPage, TrialHomePage
from tests.cms.demo.conftest import PASSWORD

User = get_user_model()


def test_the_demo_has_communities_in_three_languages(db, demo):
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


def test_the_demo_pages_link_to_the_website_in_their_own_language(db, demo, client, settings):
    """The demo site's address is the website's: every copy's html_url is its page there."""
    urls = {
        code: client.get(f"/api/v2/pages/{page.pk}/").json()["meta"]["html_url"]
        for code, page in (
            (copy.locale.language_code, copy)
            for copy in CommunityPage.objects.get(
                slug="nordborg", locale__language_code="da"
            ).get_translations(inclusive=True)
        )
    }
    assert urls == {
        code: f"{settings.WEBSITE_URL}/{code}/lokalsamfund/nordborg/" for code in ("da", "en", "de")
    }


def test_the_demo_users_log_in_to_their_own_community(db, demo, client):
    nordborg = CommunityPage.objects.get(slug="nordborg", locale__language_code="da")
    editor = User.objects.get(username="editor-nordborg")
    assert editor.check_password(PASSWORD)
    assert nordborg.permissions_for_user(editor).can_edit()
    augustenborg = CommunityPage.objects.get(slug="augustenborg", locale__language_code="da")
    assert not augustenborg.permissions_for_user(editor).can_edit()
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.groups.filter(name="Sønderborg coordinators").exists()
    assert client.login(username="coordinator", password=PASSWORD)


def test_the_demo_ambassadors_keep_their_order_and_speak_each_language(db, demo, client):
    roles = {}
    for code in ("da", "en", "de"):
        page = CommunityPage.objects.get(slug="nordborg", locale__language_code=code)
        ambassadors = client.get(f"/api/v2/communities/{page.pk}/").json()["ambassadors"]
        assert [a["name"] for a in ambassadors][:2] == ["Mette Sørensen", "Priya Raman"]
        roles[code] = ambassadors[0]["role"]
    assert len(set(roles.values())) == 3, roles
