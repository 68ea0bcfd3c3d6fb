"""Staff choose their admin language in their account (Danish, English or German); it
changes the admin's words, never the language of the content they write."""

import re

from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from communities.models import TrialHomePage
from tests.admin_forms import trial_home_form_data

ACCOUNT = reverse("wagtailadmin_account")


def _options(html):
    select = re.search(r'<select name="locale-preferred_language".*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_the_account_offers_danish_english_and_german(editor_client):
    options = _options(editor_client.get(ACCOUNT).content.decode())
    assert sorted(options) == ["", "da", "de", "en"]  # "" is the server's language, Danish


def test_an_editor_who_chooses_german_gets_the_german_admin(editor_client, editor):
    response = editor_client.post(
        ACCOUNT,
        {
            "name_email-first_name": "Frede",
            "name_email-last_name": "Frivillig",
            "name_email-email": "frede@example.dk",
            "locale-preferred_language": "de",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
    )
    assert response.status_code == 302
    editor.wagtail_userprofile.refresh_from_db()
    assert editor.wagtail_userprofile.preferred_language == "de"

    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="de"' in html
    assert "Entwürfe in Ihrer Ortsgemeinschaft" in html  # ours
    assert "Alle Seiten suchen…" in html  # Wagtail's


def test_the_content_language_stays_danish(editor_client, editor, community):
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "de"})

    editing = editor_client.get(reverse("wagtailadmin_pages:edit", args=[community.pk]))
    html = editing.content.decode()
    assert '<html lang="de"' in html
    assert community.title in html

    add = reverse("wagtailadmin_pages:add", args=["communities", "trialhomepage", community.pk])
    response = editor_client.post(add, trial_home_form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    page = TrialHomePage.objects.get(slug="provebolig-ved-havnen")
    assert page.locale.language_code == "da"
    assert page.get_parent().specific == community
    assert Page.objects.filter(pk=page.pk, locale__language_code="de").count() == 0
