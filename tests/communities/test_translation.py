"""Editors translate their own pages; a translation is a draft that goes through moderation,
and publishing the Danish page never publishes its translations."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from communities.models import TrialHomePage
from tests.cms.test_settings import run_manage
from tests.factories import TrialHomePageFactory


def submit_translation_url(page):
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


@pytest.fixture
def trial_home(community):
    return TrialHomePageFactory(parent=community, title="Prøvebolig i Nordborg")


def test_an_editor_translates_their_own_page_into_a_draft(editor_client, trial_home, locales):
    response = editor_client.post(
        submit_translation_url(trial_home), {"locales": [locales["en"].pk]}
    )
    assert response.status_code == 302
    english = trial_home.get_translation(locales["en"])
    assert not english.live
    assert english.get_parent().specific.locale.language_code == "en"
    # the editor may edit the draft (rights on the English copy of the community)…
    assert english.permissions_for_user(response.wsgi_request.user).can_edit()
    # …but not publish it: it goes to the coordinator like any change
    assert not english.permissions_for_user(response.wsgi_request.user).can_publish()


def test_publishing_the_danish_page_never_publishes_a_translation(
    editor_client, trial_home, locales
):
    editor_client.post(submit_translation_url(trial_home), {"locales": [locales["de"].pk]})
    trial_home.title = "Prøvebolig i Nordborg by"
    trial_home.save_revision().publish()
    german = trial_home.get_translation(locales["de"])
    assert not german.live
    assert (
        not Page.objects.live()
        .filter(translation_key=trial_home.translation_key, locale=locales["de"])
        .exists()
    )


@pytest.mark.parametrize(
    "key, translator", [("", "DummyTranslator"), ("a-deepl-key", "DeepLTranslator")]
)
def test_machine_translation_is_deepl_only_with_a_key(key, translator, tmp_path):
    """The production settings, read afresh: DeepL when DEEPL_AUTH_KEY is set."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR['CLASS'])",
        DEBUG="1",
        SECRET_KEY="x" * 50,
        DEEPL_AUTH_KEY=key,
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(translator)


def test_an_editor_cannot_translate_another_communitys_page(
    make_community, make_editor, client, locales
):
    """Guards against the copy-for-translation advisory: the stock view checks only a global
    permission, not whether the user may edit the page being translated."""
    own = make_community(title="Broager")
    other = make_community(title="Gråsten")
    home = TrialHomePageFactory(parent=other)
    client.force_login(make_editor(own))
    response = client.post(submit_translation_url(home), {"locales": [locales["en"].pk]})
    assert response.status_code in (302, 403)
    assert not TrialHomePage.objects.filter(
        translation_key=home.translation_key, locale=locales["en"]
    ).exists()


def test_the_default_locale_is_danish(locales):
    assert Locale.get_default().language_code == "da"
