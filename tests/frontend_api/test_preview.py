"""An editor's Preview shows the draft in the headless client; the preview endpoint answers
in the shape of the live endpoint, and only for a valid, unexpired token."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail_headless_preview.models import PagePreview

from tests.admin_forms import community_form_data


@pytest.fixture
def preview_params(editor_client, community):
    """What the editor's Preview button hands the headless client, for a draft change."""
    edit_preview = reverse("wagtailadmin_pages:preview_on_edit", args=[community.pk])
    posted = editor_client.post(
        edit_preview, community_form_data(community, intro="Kladde: ny tekst om Nordborg")
    )
    assert posted.json()["is_valid"]
    html = editor_client.get(edit_preview).content.decode()
    url = re.search(r'(https?://[^"\s]+\?content_type=[^"\s]+)', html).group(1)
    url = url.replace("&amp;", "&")
    query = parse_qs(urlparse(url).query)
    assert url.startswith(settings.WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]["default"])
    return {"content_type": query["content_type"][0], "token": query["token"][0]}


def test_the_draft_is_served_for_a_valid_token(client, community, preview_params):
    response = client.get("/api/v2/preview/", preview_params)
    assert response.status_code == 200
    assert response.json()["intro"] == "Kladde: ny tekst om Nordborg"
    assert response["Cache-Control"] == "private, no-store"
    # the live page is unchanged
    live = client.get(f"/api/v2/communities/{community.pk}/").json()
    assert live["intro"] != "Kladde: ny tekst om Nordborg"


def test_the_preview_has_the_shape_of_the_live_detail(client, community, preview_params):
    preview = client.get("/api/v2/preview/", preview_params).json()
    live = client.get(f"/api/v2/pages/{community.pk}/").json()
    assert set(preview) == set(live)
    assert set(preview["meta"]) == set(live["meta"])


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: {**p, "token": ""},
        lambda p: {key: value for key, value in p.items() if key != "token"},
        lambda p: {**p, "token": p["token"][:-2] + "xx"},
        lambda p: {**p, "token": "id=1:1vXyZa:forgedsignature"},
    ],
    ids=["empty", "missing", "altered", "forged"],
)
def test_a_bad_token_gets_401_and_no_content(client, preview_params, tamper):
    response = client.get("/api/v2/preview/", tamper(preview_params))
    assert response.status_code == 401
    assert "Kladde" not in response.content.decode()


def test_an_expired_token_gets_401(client, preview_params, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = -1
    response = client.get("/api/v2/preview/", preview_params)
    assert response.status_code == 401
    assert "Kladde" not in response.content.decode()


def test_a_valid_token_for_another_content_type_or_a_deleted_preview_is_404(client, preview_params):
    other = {**preview_params, "content_type": "communities.trialhomepage"}
    assert client.get("/api/v2/preview/", other).status_code == 404
    unknown = {**preview_params, "content_type": "auth.user"}
    assert client.get("/api/v2/preview/", unknown).status_code == 404
    PagePreview.objects.all().delete()
    assert client.get("/api/v2/preview/", preview_params).status_code == 404
