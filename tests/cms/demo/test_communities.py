"""The demo's communities, ambassadors, trial homes and users, in three languages."""

from django.contrib.auth import get_user_model
from wagtail.models import Site

from communities import access
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


def test_the_demo_users_log_in_to_their_own_community(db, demo, client):
    nordborg = CommunityPage.objects.get(slug="nordborg", locale__language_code="da")
    editor = User.objects.get(username="editor-nordborg")
    assert editor.check_password(PASSWORD)
    assert nordborg.permissions_for_user(editor).can_edit()
    augustenborg = CommunityPage.objects.get(slug="augustenborg", locale__language_code="da")
    assert not augustenborg.permissions_for_user(editor).can_edit()
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.groups.filter(name=access.COORDINATORS).exists()
    assert client.login(username="coordinator", password=PASSWORD)
