"""Each municipality its own house in the admin: a coordinator of one cannot see, change,
moderate, translate or choose anything of another's — pages in every language, their drafts
and titles, images, documents, reports, workflow tasks, communities and their members — and
still does all of it in their own municipality.

Every test runs for both ordered pairs of the default site's municipality (Sønderborg) and
Aabenraa, and where pages are concerned for each language copy; every refusal is checked
twice: the admin's refusal, and a database unchanged. Titles carry a word of their
municipality's own (`House.token`) that no response to the other's coordinator may carry.

The two municipalities are built once for the module inside a transaction rolled back at its
end; each test runs in a savepoint of its own.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import ERROR, get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
    TaskState,
    WorkflowState,
)
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from communities import access, municipalities
from communities.admin_visibility import SectionPagesSummaryItem
from communities.models import CommunityAccess
from guide.models import Municipality
from guide.sites import site_pages_q
from tests.admin_forms import community_form_data
from tests.conftest import LANGUAGES, translate
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    HomePageFactory,
    ImageFactory,
    TrialHomePageFactory,
    UserFactory,
)

User = get_user_model()
Image = get_image_model()
Document = get_document_model()

PAIRS = [("default", "aabenraa"), ("aabenraa", "default")]
pairs = pytest.mark.parametrize(
    "own, other", PAIRS, ids=[f"{a}-vs-{b}" for a, b in PAIRS], indirect=True
)
each_house = pytest.mark.parametrize("own", ["default", "aabenraa"], indirect=True)
TARGETS = [(kind, language) for kind in ("home", "community") for language in LANGUAGES]
targets = pytest.mark.parametrize("target", TARGETS, ids=[f"{k}-{lang}" for k, lang in TARGETS])


@dataclass(frozen=True)
class House:
    """One municipality as the tests see it: ids only, so every test reads fresh rows."""

    key: str
    token: str  # a word in every title of this municipality's, and nowhere else
    site_id: int
    pages: dict  # (kind, language) -> page id
    coordinator_id: int
    collection_id: int
    image_id: int
    document_id: int
    trial_home_id: int
    source_id: int  # wagtail-localize TranslationSource of the trial home
    task_state_id: int  # the trial home's task waiting for the coordinators

    @property
    def secret(self):
        """Only in the trial home's draft in moderation."""
        return f"Hemmelig kladde {self.token}"

    @property
    def titles(self):
        """What no response to another municipality's coordinator may carry (a search
        query, echoed in its form, is the bare token)."""
        return [
            f"{prefix} {self.token}"
            for prefix in ("Forside", "Lokalsamfund", "Landsby", "Prøvebolig", "Hemmelig kladde")
        ] + [f"Billede {self.token}", f"Dokument {self.token}"]

    @property
    def community_id(self):
        return self.pages["community", "da"]


def build_house(key, token, home, locales, coordinator):
    for code in LANGUAGES[1:]:
        translate(home, code)
    index = CommunityIndexPageFactory(parent=home, title=f"Lokalsamfund {token}")
    for code in LANGUAGES[1:]:
        translate(index, code)
    community = CommunityPageFactory(parent=index, title=f"Landsby {token}", slug="landsby")
    pages = {("home", "da"): home.pk, ("community", "da"): community.pk}
    for code in LANGUAGES[1:]:
        pages["community", code] = translate(community, code).pk
        pages["home", code] = home.get_translation(locales[code]).pk
    trial_home = TrialHomePageFactory(parent=community, title=f"Prøvebolig {token}")
    translate_object(trial_home, [locales["en"]], user=coordinator)
    trial_home.get_translation(locales["en"]).get_latest_revision().publish()
    source = TranslationSource.objects.get(object_id=trial_home.translation_key)
    trial_home.refresh_from_db()
    trial_home.title = f"Hemmelig kladde {token}"
    trial_home.save_revision(user=coordinator, log_action=True)
    state = trial_home.get_workflow().start(trial_home, coordinator)
    site = Site.objects.get(root_page=home)
    municipality = Municipality.objects.get(site=site)
    return House(
        key=key,
        token=token,
        site_id=site.pk,
        pages=pages,
        coordinator_id=coordinator.pk,
        collection_id=municipality.collection_id,
        image_id=ImageFactory(collection=municipality.collection, title=f"Billede {token}").pk,
        document_id=DocumentFactory(
            collection=municipality.collection, title=f"Dokument {token}"
        ).pk,
        trial_home_id=trial_home.pk,
        source_id=source.pk,
        task_state_id=state.current_task_state.pk,
    )


def build_world():
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Forside Sydals")
    site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    default_coordinator = UserFactory(username="coordinator-1")
    default_coordinator.groups.add(municipalities.coordinators_group(site))
    aabenraa_home = HomePageFactory(parent=root, title="Forside Felsted", slug="felsted")
    aabenraa_site = Site.objects.create(
        hostname="aabenraa.localhost", root_page=aabenraa_home, site_name="Aabenraa"
    )
    aabenraa_coordinator = UserFactory(username="coordinator-2")
    aabenraa_coordinator.groups.add(municipalities.coordinators_group(aabenraa_site))
    return {
        "default": build_house("default", "Sydals", home, locales, default_coordinator),
        "aabenraa": build_house(
            "aabenraa", "Felsted", aabenraa_home, locales, aabenraa_coordinator
        ),
    }


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("municipality-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=world_media),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, world_media):
    settings.MEDIA_ROOT = world_media


@pytest.fixture(autouse=True)
def _each_test_rolls_back(world, db):
    """The world first, then pytest-django's per-test transaction inside it."""


@pytest.fixture
def own(request, world):
    return world[request.param]


@pytest.fixture
def other(request, world):
    return world[request.param]


@pytest.fixture
def own_client(client, own):
    client.force_login(User.objects.get(pk=own.coordinator_id))
    return client


# --- helpers -------------------------------------------------------------------------------


def page(pk):
    return Page.objects.get(pk=pk).specific


def world_state():
    """Everything a refused action could have changed, anywhere."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "title",
                "draft_title",
                "slug",
                "path",
                "live",
                "has_unpublished_changes",
                "latest_revision_id",
                "locked",
                "locale_id",
            )
        ),  # fmt: skip
        "revisions": Revision.page_revisions.count(),
        "log entries": PageLogEntry.objects.count(),
        "images": list(Image.objects.order_by("pk").values_list("pk", "title", "collection_id")),
        "documents": list(
            Document.objects.order_by("pk").values_list("pk", "title", "collection_id")
        ),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status", "comment")),
        "translations": list(
            Translation.objects.order_by("pk").values_list("pk", "target_locale_id", "enabled")
        ),
        "sources": list(
            TranslationSource.objects.order_by("pk").values_list("pk", "last_updated_at")
        ),
        "communities": list(
            CommunityAccess.objects.order_by("pk").values_list("pk", "trusted", "group_id")
        ),
        "members": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "page permissions": GroupPagePermission.objects.count(),
    }


def assert_denied(response):
    """The admin's refusal: a redirect to the dashboard with an error message."""
    assert response.status_code == 302, (response.status_code, response.content[:300])
    assert response["Location"] == reverse("wagtailadmin_home")
    assert ERROR in [message.level for message in get_messages(response.wsgi_request)]


def assert_refused_without_change(client, method, url, data=None):
    before = world_state()
    response = getattr(client, method)(url, data or {})
    assert_denied(response)
    assert world_state() == before
    return response


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- another municipality's pages ----------------------------------------------------------

PAGE_VIEWS = [
    ("get", "wagtailadmin_pages:edit"),
    ("get", "wagtailadmin_pages:delete"),
    ("post", "wagtailadmin_pages:delete"),
    ("post", "wagtailadmin_pages:unpublish"),
    ("post", "wagtailadmin_pages:lock"),
    ("get", "wagtailadmin_pages:history"),
    ("get", "wagtailadmin_pages:copy"),
    ("get", "wagtailadmin_pages:move"),
    ("get", "wagtailadmin_pages:add_subpage"),
    ("get", "wagtailadmin_explore"),
    ("get", "wagtailadmin_choose_page_child"),
    ("get", "wagtail_localize:submit_page_translation"),
    ("post", "wagtail_localize:submit_page_translation"),
]


@pairs
@targets
@pytest.mark.parametrize("method, name", PAGE_VIEWS, ids=[f"{m}-{n}" for m, n in PAGE_VIEWS])
def test_a_coordinator_cannot_reach_another_municipalitys_page(
    own_client, other, target, method, name
):
    data = {"locales": [Locale.objects.get(language_code="de").pk]} if "localize" in name else {}
    response = assert_refused_without_change(
        own_client, method, reverse(name, args=[other.pages[target]]), data
    )
    assert other.token not in response.content.decode()


@pairs
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_cannot_save_or_publish_another_municipalitys_page(
    own_client, other, language
):
    pk = other.pages["community", language]
    for extra in ({}, {"action-publish": "1"}):
        assert_refused_without_change(
            own_client,
            "post",
            reverse("wagtailadmin_pages:edit", args=[pk]),
            community_form_data(page(pk), title="Overtaget", **extra),
        )


@pairs
def test_a_coordinator_cannot_move_or_copy_a_page_into_another_municipality(own_client, own, other):
    trial_home = own.trial_home_id
    assert_refused_without_change(
        own_client,
        "post",
        reverse("wagtailadmin_pages:move_confirm", args=[trial_home, other.community_id]),
    )
    before = world_state()
    response = own_client.post(
        reverse("wagtailadmin_pages:copy", args=[trial_home]),
        {"new_title": "Kopi", "new_slug": "kopi", "new_parent_page": other.community_id},
    )
    assert response.get("Location") != reverse("wagtailadmin_explore", args=[other.community_id])
    assert world_state() == before


@pairs
def test_a_coordinator_cannot_update_another_municipalitys_translations(own_client, other):
    url = reverse("wagtail_localize:update_translations", args=[other.source_id])
    assert_refused_without_change(own_client, "get", url)
    assert_refused_without_change(own_client, "post", url, {"publish_translations": "on"})


# --- workflow tasks ------------------------------------------------------------------------


@pairs
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_coordinator_cannot_moderate_another_municipalitys_task(own_client, own, other, action):
    """Each municipality's task is its own coordinators group's."""
    task = TaskState.objects.get(pk=other.task_state_id).task.specific
    own_group = municipalities.coordinators_group(Site.objects.get(pk=own.site_id))
    assert own_group not in task.groups.all()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[other.trial_home_id, action, other.task_state_id],
    )
    before = world_state()
    response = own_client.post(url, {"comment": "Nej"})
    assert response.status_code in (302, 403)
    assert response.get("Location") != reverse(
        "wagtailadmin_pages:edit", args=[other.trial_home_id]
    )
    assert world_state() == before
    assert TaskState.objects.get(pk=other.task_state_id).status == TaskState.STATUS_IN_PROGRESS


@each_house
def test_a_coordinator_approves_their_own_municipalitys_task(own_client, own):
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[own.trial_home_id, "approve", own.task_state_id],
    )
    own_client.post(url, {"comment": ""})
    assert TaskState.objects.get(pk=own.task_state_id).status == TaskState.STATUS_APPROVED
    assert page(own.trial_home_id).title == own.secret


# --- what the admin lists ------------------------------------------------------------------


def listings(client, other):
    """Every admin listing that could name another municipality's pages or media."""
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_pages:search") + f"?q={other.token}",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[Page.get_first_root_node().pk]),
        reverse("wagtailadmin_choose_page_search") + f"?q={other.token}",
        reverse("wagtailadmin_choose_page") + "chosen-multiple/?"
        + "&".join(f"id={pk}" for pk in other.pages.values()),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        f"/admin/api/main/pages/?search={other.token}",
        "/admin/api/main/pages/?fields=title&limit=100",
        "/admin/api/main/images/?limit=100",
        "/admin/api/main/documents/?limit=100",
        reverse("wagtailimages:index") + f"?q={other.token}",
        reverse("wagtaildocs:index") + f"?q={other.token}",
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("communities_list"),
    ]  # fmt: skip
    return {url: text(client.get(url)) for url in urls}


@pairs
def test_no_admin_listing_names_another_municipalitys_pages_or_media(own_client, own, other):
    for trial_home in (own.trial_home_id, other.trial_home_id):
        # locked by its own coordinator: the locked pages report and dashboard list it
        Page.objects.filter(pk=trial_home).update(
            locked=True, locked_by_id=own.coordinator_id, locked_at=timezone.now()
        )
    for url, html in listings(own_client, other).items():
        for title in other.titles:
            assert title not in html, (url, title)
    # the same listings show the coordinator's own
    html = "".join(listings(own_client, own).values())
    for title in (own.secret, f"Billede {own.token}", f"Dokument {own.token}", "Landsby"):
        assert title in html


@pairs
def test_the_reports_filters_offer_nothing_of_another_municipality(own_client, own, other):
    """The workflow reports' filters would offer every workflow, task and requester, the
    page types usage report every site."""
    own_site, other_site = (Site.objects.get(pk=house.site_id) for house in (own, other))
    own_workflow, other_workflow = (
        Municipality.objects.get(site=site).workflow for site in (own_site, other_site)
    )
    for name in ("workflow", "workflow_tasks"):
        form = own_client.get(reverse(f"wagtailadmin_reports:{name}")).context["filters"].form
        workflows = set(form.fields["workflow"].queryset)
        assert own_workflow in workflows and other_workflow not in workflows
        if name == "workflow":
            requesters = set(form.fields["requested_by"].queryset.values_list("pk", flat=True))
            assert requesters == {own.coordinator_id}
        else:
            tasks = set(form.fields["task"].queryset)
            assert set(own_workflow.tasks) <= tasks
            assert not tasks & set(other_workflow.tasks)
    form = own_client.get(reverse("wagtailadmin_reports:page_types_usage")).context["filters"]
    paths = [path for path, _name in form.form.fields["site"].choices if path]
    assert paths == [own_site.root_page.path]
    assert other_site.root_page.path not in paths


@pairs
def test_the_dashboard_shows_only_own_pages_in_moderation(own_client, own, other):
    html = text(own_client.get(reverse("wagtailadmin_home")))
    assert own.secret in html
    assert other.secret not in html


@pairs
def test_the_dashboards_page_count_is_of_own_pages_only(rf, own, other):
    """Wagtail counts below the page common to the coordinator's sections: the tree root."""
    request = rf.get("/admin/")
    request.user = User.objects.get(pk=own.coordinator_id)
    context = SectionPagesSummaryItem(request).get_context_data({})
    own_site = Site.objects.get(pk=own.site_id)
    assert context["total_pages"] == Page.objects.filter(site_pages_q(own_site)).count()
    assert context["total_pages"] < Page.objects.count() - 1


# --- images and documents ------------------------------------------------------------------

MEDIA = [("wagtailimages", "image_id"), ("wagtaildocs", "document_id")]
media = pytest.mark.parametrize("app, attribute", MEDIA, ids=["image", "document"])


@pairs
@media
def test_a_coordinator_cannot_open_change_delete_or_choose_another_municipalitys_media(
    own_client, other, app, attribute
):
    pk = getattr(other, attribute)
    for method, url in [
        ("get", reverse(f"{app}:edit", args=[pk])),
        ("post", reverse(f"{app}:edit", args=[pk])),
        ("get", reverse(f"{app}:delete", args=[pk])),
        ("post", reverse(f"{app}:delete", args=[pk])),
        ("get", reverse(f"{app}_chooser:chosen", args=[pk])),
    ]:
        response = assert_refused_without_change(own_client, method, url, {"title": "Overtaget"})
        assert other.token not in response.content.decode()


@each_house
@media
def test_a_coordinator_changes_and_chooses_own_media(own_client, own, app, attribute):
    pk = getattr(own, attribute)
    response = own_client.post(
        reverse(f"{app}:edit", args=[pk]),
        {"title": "Omdøbt", "tags": "", "collection": own.collection_id},
    )
    assert response.status_code == 302
    response = own_client.get(reverse(f"{app}_chooser:chosen", args=[pk]))
    assert response.json()["result"]["title"] == "Omdøbt"


# --- communities and their members ---------------------------------------------------------


@pairs
def test_a_coordinator_cannot_manage_another_municipalitys_community(own_client, other):
    url = reverse("communities_members", args=[other.community_id])
    stranger = UserFactory(username="fremmed")
    for data in (
        None,
        {"action": "trust", "trusted": "on"},
        {"action": "add", "user": stranger.username},
        {"action": "invite", "email": "ny@example.dk"},
    ):
        method = "get" if data is None else "post"
        response = assert_refused_without_change(own_client, method, url, data)
        assert other.token not in response.content.decode()
    assert not access.access_for(page(other.community_id)).trusted


@each_house
def test_a_coordinator_manages_their_own_communities(own_client, own):
    html = text(own_client.get(reverse("communities_list")))
    assert f"Landsby {own.token}" in html
    url = reverse("communities_members", args=[own.community_id])
    assert own_client.post(url, {"action": "trust", "trusted": "on"}).status_code == 302
    assert access.access_for(page(own.community_id)).trusted


# --- the coordinator's own municipality ----------------------------------------------------


@each_house
@targets
def test_a_coordinator_edits_and_translates_their_own_municipalitys_pages(own_client, own, target):
    pk = own.pages[target]
    response = own_client.get(reverse("wagtailadmin_pages:edit", args=[pk]))
    assert response.status_code == 200
    assert own.token in response.content.decode()
    if target[0] == "community":
        response = own_client.post(
            reverse("wagtailadmin_pages:edit", args=[pk]),
            community_form_data(page(pk), title=f"Nyt udkast {own.token}"),
        )
        assert response.status_code == 302
        assert page(pk).get_latest_revision().content["title"] == f"Nyt udkast {own.token}"


@each_house
def test_a_coordinator_submits_their_own_pages_for_translation(own_client, own):
    locale = Locale.objects.get(language_code="de")
    response = own_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[own.trial_home_id]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    assert page(own.trial_home_id).has_translation(locale)
