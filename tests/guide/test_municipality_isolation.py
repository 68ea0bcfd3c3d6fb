"""Each municipality's coordinators keep their own guide snippets (contacts, useful links,
the culture guide) in the admin.

A coordinator of one municipality cannot list, search, export, open, change, copy, delete
(one or in bulk), read the history or usage of, or choose another municipality's snippet, in
any of its languages. The tests run for both directions of the pair (the default site's
municipality and Aabenraa), for each snippet model and each language copy; every refusal is
checked twice: the answer is a refusal (the admin's redirect to the dashboard with a message,
or a 404) and nothing in the database changed. Positive controls show the same coordinator
working on their own.
"""

import csv
import io
from dataclasses import dataclass

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.messages import ERROR, get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Locale, ModelLogEntry, Page, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object

from communities import municipalities
from guide.models import Contact, CultureNote, UsefulLink
from tests.conftest import LANGUAGES, translate
from tests.directory.factories import AssociationFactory
from tests.events.factories import ExternalCalendarFactory
from tests.factories import HomePageFactory, UserFactory
from tests.guide.factories import ContactFactory, CultureNoteFactory, UsefulLinkFactory

User = get_user_model()
MODELS = {
    "contact": (Contact, ContactFactory, "name"),
    "usefullink": (UsefulLink, UsefulLinkFactory, "label"),
    "culturenote": (CultureNote, CultureNoteFactory, "question"),
}
PAIRS = [("default", "aabenraa"), ("aabenraa", "default")]
PAIR_IDS = [f"{own}-coordinator-vs-{other}" for own, other in PAIRS]

pairs = pytest.mark.parametrize("own, other", PAIRS, ids=PAIR_IDS)
each = pytest.mark.parametrize("own", ["default", "aabenraa"])
models = pytest.mark.parametrize("model_name", list(MODELS))
languages = pytest.mark.parametrize("language", LANGUAGES)


@dataclass(frozen=True)
class Municipality:
    """One municipality as the tests see it: ids only, so every test reads fresh rows."""

    site_id: int
    coordinator_id: int
    rows: dict  # (model name, language) -> row id

    @property
    def site(self):
        return Site.objects.get(pk=self.site_id)

    @property
    def coordinator(self):
        return User.objects.get(pk=self.coordinator_id)

    def row(self, model_name, language="da"):
        return MODELS[model_name][0].objects.get(pk=self.rows[model_name, language])

    def title(self, model_name, language="da"):
        return title_of(self.row(model_name, language))


def title_of(row):
    _model, _factory, field = MODELS[row._meta.model_name]
    return getattr(row, field)


def make_rows(site, label):
    """A snippet of each model, in Danish and translated into English and German."""
    rows = {}
    for name, (_model, factory, field) in MODELS.items():
        source = factory(site=site, **{field: f"{label} {name}"})
        rows[name, "da"] = source.pk
        for code in LANGUAGES[1:]:
            copy = source.copy_for_translation(Locale.objects.get(language_code=code))
            setattr(copy, field, f"{label} {name} ({code})")
            copy.save()
            rows[name, code] = copy.pk
    return rows


def build_municipalities():
    """The default site's municipality and Aabenraa as tests/conftest.py's `home`, `aabenraa`,
    `coordinator` and `make_coordinator` make them: {key: (site, its coordinator)}."""
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home = HomePageFactory(parent=Page.get_first_root_node())
    default_site, _created = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    aabenraa_home = HomePageFactory(
        parent=Page.get_first_root_node(), title="Aabenraa", slug="aabenraa"
    )
    aabenraa = Site.objects.create(
        hostname="aabenraa.localhost", root_page=aabenraa_home, site_name="Aabenraa"
    )
    built = {}
    for key, site in (("default", default_site), ("aabenraa", aabenraa)):
        for code in LANGUAGES[1:]:
            translate(site.root_page, code)
        coordinator = UserFactory(username=f"{key}-coordinator")
        coordinator.groups.add(municipalities.coordinators_group(site))
        built[key] = (site, coordinator)
    return built


def build_world():
    labels = {"default": "Sønderborg", "aabenraa": "Aabenraa"}
    return {
        key: Municipality(site.pk, coordinator.pk, make_rows(site, labels[key]))
        for key, (site, coordinator) in build_municipalities().items()
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
    cache.clear()  # e.g. Wagtail's cached site root paths


@pytest.fixture(autouse=True)
def _each_test_rolls_back(world, db):
    """The world first, then pytest-django's per-test transaction inside it."""


@pytest.fixture
def own_client(client, world, own):
    client.force_login(world[own].coordinator)
    return client


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_guide_{model_name}:{view}", args=[quote(a) for a in args])


def chooser_url(model_name, view, *args):
    return reverse(f"wagtailsnippetchoosers_guide_{model_name}:{view}", args=args)


def bulk_delete_url(model_name, *ids):
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=["guide", model_name, "delete"]) + f"?{query}"


def state():
    """Everything a refused request could have changed."""
    return {
        **{
            name: list(model.objects.order_by("pk").values())
            for name, (model, _factory, _field) in MODELS.items()
        },
        "log entries": ModelLogEntry.objects.count(),
        "translations": list(Translation.objects.order_by("pk").values_list("pk", "enabled")),
        "sources": list(
            TranslationSource.objects.order_by("pk").values_list("pk", "last_updated_at")
        ),
        "string translations": list(
            StringTranslation.objects.order_by("pk").values_list("pk", "data")
        ),
    }


def form_data(row, **changes):
    """The row's admin form as a browser would post it back."""
    form_class = row.snippet_viewset.get_form_class(for_update=True)
    form = form_class(instance=row, for_user=UserFactory(is_superuser=True))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or (isinstance(value, FieldFile) and not value):
            continue
        data[name] = "on" if value is True else value
    data.pop("site", None)
    data.update(changes)
    return data


def assert_refused(response):
    """The admin's refusal: a redirect to the dashboard with an error message, or a 404 where
    the row is looked up among the user's own (a chooser, a bulk action)."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
        assert ERROR in [message.level for message in get_messages(response.wsgi_request)]
    else:
        assert response.status_code == 404, (response.status_code, response.content[:300])


def assert_refused_without_change(client, method, path, data=None):
    before = state()
    response = getattr(client, method)(path, data or {})
    assert_refused(response)
    assert state() == before
    return response


# --- another municipality's snippets -------------------------------------------------------


@pairs
@models
@languages
def test_the_listing_shows_only_own_snippets(own_client, world, own, other, model_name, language):
    response = own_client.get(url(model_name, "list"), {"locale": language})
    assert response.status_code == 200
    content = response.content.decode()
    assert title_of(world[own].row(model_name, language)) in content
    assert title_of(world[other].row(model_name, language)) not in content


@pairs
@models
def test_the_search_finds_only_own_snippets(own_client, world, own, other, model_name):
    for language in LANGUAGES:
        response = own_client.get(url(model_name, "list_results"), {"q": model_name})
        assert response.status_code == 200
        content = response.content.decode()
        assert title_of(world[other].row(model_name, language)) not in content
    assert world[own].title(model_name) in content


@pairs
@models
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_export_holds_only_own_snippets(own_client, world, own, other, model_name, export):
    response = own_client.get(url(model_name, "list"), {"export": export, "locale": "da"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "csv":
        text = body.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 2  # the heading and the own Danish row
    else:
        text = _xlsx_text(body)
    assert world[own].title(model_name) in text
    assert world[other].title(model_name) not in text


def _xlsx_text(body):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


@pairs
@models
@languages
@pytest.mark.parametrize("view", ["edit", "delete", "copy", "history", "usage"])
def test_cannot_open_another_municipalitys_snippet(
    own_client, world, other, model_name, language, view
):
    row = world[other].row(model_name, language)
    response = assert_refused_without_change(own_client, "get", url(model_name, view, row.pk))
    assert title_of(row) not in response.content.decode()


@pairs
@models
@languages
def test_cannot_change_another_municipalitys_snippet(
    own_client, world, other, model_name, language
):
    row = world[other].row(model_name, language)
    _model, _factory, field = MODELS[model_name]
    data = form_data(row, **{field: "Overtaget"})
    assert_refused_without_change(own_client, "post", url(model_name, "edit", row.pk), data)
    assert_refused_without_change(own_client, "post", url(model_name, "copy", row.pk), data)


@pairs
@models
@languages
def test_cannot_delete_another_municipalitys_snippet(
    own_client, world, other, model_name, language
):
    row = world[other].row(model_name, language)
    assert_refused_without_change(own_client, "post", url(model_name, "delete", row.pk))
    assert_refused_without_change(own_client, "get", bulk_delete_url(model_name, row.pk))
    assert_refused_without_change(own_client, "post", bulk_delete_url(model_name, row.pk))


@pairs
@models
def test_a_bulk_delete_of_everything_deletes_only_own_snippets(
    own_client, world, own, other, model_name
):
    path = reverse("wagtail_bulk_action", args=["guide", model_name, "delete"]) + "?id=all"
    confirmation = own_client.get(path).content.decode()
    assert world[other].title(model_name) not in confirmation
    others = list(MODELS[model_name][0].objects.filter(site=world[other].site).values())
    response = own_client.post(path)
    assert response.status_code == 302
    model = MODELS[model_name][0]
    assert list(model.objects.filter(site=world[other].site).values()) == others
    assert not model.objects.filter(site=world[own].site).exists()


@pairs
@models
@languages
def test_the_chooser_offers_only_own_snippets(own_client, world, own, other, model_name, language):
    theirs = world[other].row(model_name, language)
    mine = world[own].row(model_name, language)
    for view in ("choose", "choose_results"):
        response = own_client.get(chooser_url(model_name, view), {"locale": language})
        assert response.status_code == 200
        content = response.json()["html"] if view == "choose" else response.content.decode()
        assert title_of(mine) in content
        assert title_of(theirs) not in content
    assert_refused_without_change(own_client, "get", chooser_url(model_name, "chosen", theirs.pk))
    response = own_client.get(chooser_url(model_name, "chosen_multiple"), {"id": [theirs.pk]})
    assert title_of(theirs) not in response.content.decode()


# --- their own, and new rows ---------------------------------------------------------------


@each
@models
@languages
def test_a_coordinator_changes_and_deletes_own_snippets(
    own_client, world, own, model_name, language
):
    row = world[own].row(model_name, language)
    model, _factory, field = MODELS[model_name]
    for view in ("edit", "delete", "copy", "history", "usage"):
        assert own_client.get(url(model_name, view, row.pk)).status_code == 200
    response = own_client.post(url(model_name, "edit", row.pk), form_data(row, **{field: "Ny"}))
    assert response.status_code == 302, response.context["form"].errors
    row.refresh_from_db()
    assert title_of(row) == "Ny"
    assert row.site == world[own].site
    response = own_client.get(chooser_url(model_name, "chosen", row.pk))
    assert response.status_code == 200
    assert own_client.post(url(model_name, "delete", row.pk)).status_code == 302
    assert not model.objects.filter(pk=row.pk).exists()


@pairs
@models
def test_a_new_snippet_belongs_to_its_coordinators_municipality(
    own_client, world, own, other, model_name
):
    """The site is not asked: a forged one is ignored."""
    template = world[own].row(model_name)
    _model, _factory, field = MODELS[model_name]
    form = own_client.get(url(model_name, "add")).content.decode()
    assert 'name="site"' not in form
    data = form_data(template, **{field: "Helt ny", "site": world[other].site.pk})
    response = own_client.post(url(model_name, "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    new = MODELS[model_name][0].objects.get(**{field: "Helt ny"})
    assert new.site == world[own].site


@models
def test_a_superuser_chooses_the_municipality_of_a_new_snippet(client, world, model_name):
    client.force_login(UserFactory(is_superuser=True))
    template = world["aabenraa"].row(model_name)
    _model, _factory, field = MODELS[model_name]
    assert 'name="site"' in client.get(url(model_name, "add")).content.decode()
    response = client.post(url(model_name, "add"), form_data(template, **{field: "Uden sted"}))
    assert response.status_code == 200
    assert "site" in response.context["form"].errors
    data = form_data(template, **{field: "Helt ny", "site": world["aabenraa"].site.pk})
    assert client.post(url(model_name, "add"), data).status_code == 302
    assert MODELS[model_name][0].objects.get(**{field: "Helt ny"}).site.hostname == (
        "aabenraa.localhost"
    )


@models
def test_a_translation_made_with_wagtail_localize_stays_in_its_municipality(world, model_name):
    model, factory, field = MODELS[model_name]
    aabenraa = world["aabenraa"]
    extra = {"topics": ["work"], "languages": ["da", "de"]} if model is Contact else {}
    source = factory(site=aabenraa.site, **{field: "Oversæt mig"}, **extra)
    translate_object(source, [Locale.objects.get(language_code="en")], user=aabenraa.coordinator)
    english = source.get_translation(Locale.objects.get(language_code="en"))
    assert english.site == aabenraa.site
    for name, value in extra.items():  # a contact's code lists are copied, not translated
        assert getattr(english, name) == value


# --- translating them with wagtail-localize ------------------------------------------------


def localize_url(name, *args):
    return reverse(f"wagtail_localize:{name}", args=args)


def untranslated(municipality, model_name):
    """A new Danish snippet of the municipality's, in no other language yet."""
    _model, factory, field = MODELS[model_name]
    return factory(
        site=municipality.site, **{field: f"Uoversat {model_name} {municipality.site_id}"}
    )


def submitted(municipality, model_name):
    """A new snippet, submitted for translation into English by its coordinator: the
    snippet, its translation source and the translation."""
    row = untranslated(municipality, model_name)
    english = Locale.objects.get(language_code="en")
    translate_object(row, [english], user=municipality.coordinator)
    source = TranslationSource.objects.get_for_instance_or_none(row)
    return row, source, source.translations.get(target_locale=english)


@pairs
@models
def test_cannot_submit_another_municipalitys_snippet_for_translation(
    own_client, world, other, model_name
):
    row = untranslated(world[other], model_name)
    path = localize_url("submit_snippet_translation", "guide", model_name, row.pk)
    locales = {"locales": [Locale.objects.get(language_code="en").pk]}
    response = assert_refused_without_change(own_client, "get", path)
    assert title_of(row) not in response.content.decode()
    assert_refused_without_change(own_client, "post", path, locales)
    assert not row.get_translations().exists()


@each
@models
def test_a_coordinator_submits_own_snippet_for_translation(own_client, world, own, model_name):
    row = untranslated(world[own], model_name)
    path = localize_url("submit_snippet_translation", "guide", model_name, row.pk)
    assert own_client.get(path).status_code == 200
    english = Locale.objects.get(language_code="en")
    assert own_client.post(path, {"locales": [english.pk]}).status_code == 302
    assert row.get_translation(english).site == world[own].site


@pairs
@models
def test_cannot_update_or_edit_translations_of_another_municipalitys_snippet(
    own_client, world, other, model_name
):
    row, source, translation = submitted(world[other], model_name)
    segment = StringSegment.objects.filter(source=source).first()
    for method, path, data in [
        ("get", localize_url("update_translations", source.pk), None),
        ("post", localize_url("update_translations", source.pk), {"publish_translations": "on"}),
        ("get", localize_url("download_pofile", translation.pk), None),
        ("post", localize_url("upload_pofile", translation.pk), None),
        ("post", localize_url("machine_translate", translation.pk), None),
        ("post", localize_url("stop_translation", translation.pk), None),
        ("put", localize_url("edit_string_translation", translation.pk, segment.pk), None),
    ]:
        response = assert_refused_without_change(own_client, method, path, data)
        assert title_of(row) not in response.content.decode(), path


@each
@models
def test_a_coordinator_updates_and_edits_own_translations(own_client, world, own, model_name):
    row, source, translation = submitted(world[own], model_name)
    assert own_client.get(localize_url("update_translations", source.pk)).status_code == 200
    response = own_client.get(localize_url("download_pofile", translation.pk))
    assert response.status_code == 200
    assert title_of(row) in response.content.decode()
    response = own_client.post(localize_url("machine_translate", translation.pk))
    assert response.status_code == 302
    assert StringTranslation.objects.filter(context__object=source.object).exists()


@pairs
@models
def test_the_translation_editors_snippet_chooser_lists_only_own(
    own_client, world, own, other, model_name
):
    response = own_client.get(localize_url("snippets_api_listing", "guide", model_name))
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()]
    for language in LANGUAGES:
        assert str(world[own].row(model_name, language)) in titles
        assert str(world[other].row(model_name, language)) not in titles
    theirs, mine = world[other].row(model_name), world[own].row(model_name)
    path = localize_url("snippets_api_detail", "guide", model_name, theirs.pk)
    assert own_client.get(path).status_code == 404
    path = localize_url("snippets_api_detail", "guide", model_name, mine.pk)
    assert own_client.get(path).json()["title"] == str(mine)


# --- the site history report ---------------------------------------------------------------


def logged_labels(municipality, key):
    """An edit logged by the municipality's coordinator on each of its snippets in every
    language, an association and an external calendar; and the deletion of one more: the
    labels the site history shows."""
    rows = [municipality.row(name, language) for name in MODELS for language in LANGUAGES]
    rows += [
        AssociationFactory(site=municipality.site, name=f"Forening {key}"),
        ExternalCalendarFactory(site=municipality.site, name=f"Kalender {key}"),
    ]
    user = municipality.coordinator
    labels = [log(instance=row, action="wagtail.edit", user=user).label for row in rows]
    gone = ContactFactory(site=municipality.site, name=f"Slettet {key}")
    labels.append(log(instance=gone, action="wagtail.delete", user=user).label)
    gone.delete()
    return labels


def site_history(client):
    """The report, its results and its export, as one text."""
    texts = [
        client.get(reverse(f"wagtailadmin_reports:{name}")).content.decode()
        for name in ("site_history", "site_history_results")
    ]
    export = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    texts.append(b"".join(export.streaming_content).decode("utf-8"))
    return "\n".join(texts)


@pairs
def test_the_site_history_names_only_own_snippets_associations_and_calendars(
    own_client, world, own, other
):
    own_labels = logged_labels(world[own], own)
    other_labels = logged_labels(world[other], other)
    text = site_history(own_client)
    for label in own_labels[:-1]:
        assert label in text
    for label in other_labels:
        assert label not in text
    # the users to filter by: those whose entries the coordinator sees
    form = own_client.get(reverse("wagtailadmin_reports:site_history")).context["filters"].form
    assert set(form.fields["user"].queryset) == {world[own].coordinator}
    assert world[other].coordinator.username not in text


def test_a_superuser_sees_every_municipalitys_history(client, world):
    labels = [label for key in world for label in logged_labels(world[key], key)]
    client.force_login(UserFactory(is_superuser=True))
    text = site_history(client)
    for label in labels:
        assert label in text
