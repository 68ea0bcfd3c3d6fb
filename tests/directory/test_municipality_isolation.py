"""Each municipality's coordinators keep their own directory: associations, doctors'
practices, the entries and changes waiting for approval, and the stale entries.

A coordinator of one municipality cannot list, search, export, open, change, copy, delete or
choose another municipality's association or practice, nor see, approve or reject its
submissions; both directions of the pair (the default site's municipality and Aabenraa) are
tried, and every refusal is checked twice: the answer is a refusal and nothing in the
database changed. The public form files an entry with the municipality of the address it is
sent to, an edit link works at its own municipality's address only, and an import goes into
the municipality it names.
"""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from directory import links
from directory.models import Association, AssociationSubmission, Practice
from tests.directory.factories import AssociationFactory, PracticeFactory, SubmissionFactory, entry
from tests.guide.test_municipality_isolation import (
    assert_refused,
    build_municipalities,
    form_data,
)

MODELS = {"association": Association, "practice": Practice}
PAIRS = [("default", "aabenraa"), ("aabenraa", "default")]
PAIR_IDS = [f"{own}-coordinator-vs-{other}" for own, other in PAIRS]
LABELS = {"default": "Sønderborg", "aabenraa": "Aabenraa"}

pairs = pytest.mark.parametrize("own, other", PAIRS, ids=PAIR_IDS)
each = pytest.mark.parametrize("own", list(LABELS))
models = pytest.mark.parametrize("model_name", list(MODELS))


@dataclass(frozen=True)
class Municipality:
    """Ids only, so every test reads fresh rows."""

    key: str
    site_id: int
    coordinator_id: int
    association_id: int
    practice_id: int
    new_entry_id: int  # a submission of a new entry, waiting
    change_id: int  # a submission of a change to `association`, waiting

    @property
    def site(self):
        return Site.objects.get(pk=self.site_id)

    def row(self, model_name):
        return MODELS[model_name].objects.get(pk=getattr(self, f"{model_name}_id"))

    def name(self, model_name):
        return self.row(model_name).name


def build_world():
    world = {}
    for key, (site, coordinator) in build_municipalities().items():
        label = LABELS[key]
        association = AssociationFactory(site=site, name=f"{label} Roklub", external_id="X-1")
        AssociationFactory(site=site, name=f"{label} Glemt Forening", reminded_at=timezone.now())
        practice = PracticeFactory(site=site, name=f"{label} Lægehus")
        new_entry = SubmissionFactory(site=site, name=f"{label} Ny Forening")
        change = SubmissionFactory(
            site=site, association=association, name=f"{label} Roklub Ændret"
        )
        world[key] = Municipality(
            key, site.pk, coordinator.pk, association.pk, practice.pk, new_entry.pk, change.pk
        )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _each_test_rolls_back(world, db):
    """The world first, then pytest-django's per-test transaction inside it."""


@pytest.fixture
def own_client(client, world, own):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(pk=world[own].coordinator_id))
    return client


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_directory_{model_name}:{view}", args=args)


def state():
    return {
        "associations": list(Association.objects.order_by("pk").values()),
        "practices": list(Practice.objects.order_by("pk").values()),
        "submissions": list(AssociationSubmission.objects.order_by("pk").values()),
        "log entries": ModelLogEntry.objects.count(),
    }


def assert_refused_without_change(client, method, path, data=None):
    before = state()
    response = getattr(client, method)(path, data or {})
    assert_refused(response)
    assert state() == before
    return response


# --- associations and practices in the admin ----------------------------------------------


@pairs
@models
def test_the_listing_search_and_export_show_only_own_rows(
    own_client, world, own, other, model_name
):
    mine, theirs = world[own].name(model_name), world[other].name(model_name)
    for params in ({}, {"q": "Roklub Lægehus"}, {"export": "csv"}):
        response = own_client.get(url(model_name, "list"), params)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content = body.decode()
        assert theirs not in content
        if "q" not in params:
            assert mine in content
    response = own_client.get(url(model_name, "list_results"), {"q": theirs.split()[0]})
    assert theirs not in response.content.decode()


@pairs
@models
@pytest.mark.parametrize("view", ["edit", "delete", "copy", "history", "usage"])
def test_cannot_open_another_municipalitys_row(own_client, world, other, model_name, view):
    row = world[other].row(model_name)
    response = assert_refused_without_change(own_client, "get", url(model_name, view, row.pk))
    assert row.name not in response.content.decode()


@pairs
@models
def test_cannot_change_or_delete_another_municipalitys_row(own_client, world, other, model_name):
    row = world[other].row(model_name)
    data = form_data(row, name="Overtaget")
    assert_refused_without_change(own_client, "post", url(model_name, "edit", row.pk), data)
    assert_refused_without_change(own_client, "post", url(model_name, "copy", row.pk), data)
    assert_refused_without_change(own_client, "post", url(model_name, "delete", row.pk))
    bulk = reverse("wagtail_bulk_action", args=["directory", model_name, "delete"])
    assert_refused_without_change(own_client, "get", f"{bulk}?id={row.pk}")
    assert_refused_without_change(own_client, "post", f"{bulk}?id={row.pk}")


@pairs
@models
def test_the_chooser_offers_only_own_rows(own_client, world, own, other, model_name):
    theirs = world[other].row(model_name)
    choose = reverse(f"wagtailsnippetchoosers_directory_{model_name}:choose")
    content = own_client.get(choose).json()["html"]
    assert world[own].name(model_name) in content
    assert theirs.name not in content
    chosen = reverse(f"wagtailsnippetchoosers_directory_{model_name}:chosen", args=[theirs.pk])
    assert_refused_without_change(own_client, "get", chosen)


@each
@models
def test_a_coordinator_keeps_own_rows_and_new_ones_are_theirs(own_client, world, own, model_name):
    row = world[own].row(model_name)
    response = own_client.post(url(model_name, "edit", row.pk), form_data(row, name="Nyt navn"))
    assert response.status_code == 302, response.context["form"].errors
    row.refresh_from_db()
    assert row.name == "Nyt navn"
    assert 'name="site"' not in own_client.get(url(model_name, "add")).content.decode()
    other_site = Site.objects.exclude(pk=world[own].site_id).get()
    data = form_data(row, name="Helt ny", site=other_site.pk, external_id="")
    response = own_client.post(url(model_name, "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert MODELS[model_name].objects.get(name="Helt ny").site_id == world[own].site_id


# --- moderation ------------------------------------------------------------------------------


@pairs
def test_the_waiting_list_and_stale_entries_are_own_only(own_client, world, own, other):
    content = own_client.get(reverse("directory_submissions")).content.decode()
    assert f"{LABELS[own]} Ny Forening" in content
    assert f"{LABELS[own]} Glemt Forening" in content
    assert LABELS[other] not in content


@pairs
@pytest.mark.parametrize("kind", ["new_entry", "change"])
def test_cannot_review_approve_or_reject_another_municipalitys_submission(
    own_client, world, other, kind
):
    review = reverse("directory_review", args=[getattr(world[other], kind + "_id")])
    response = assert_refused_without_change(own_client, "get", review)
    assert LABELS[other] not in response.content.decode()
    assert_refused_without_change(own_client, "post", review, {"approve": "1"})
    assert_refused_without_change(own_client, "post", review, {"reason": "Nej tak"})


@each
def test_an_approved_new_entry_joins_its_municipalitys_directory(own_client, world, own):
    submission = AssociationSubmission.objects.get(pk=world[own].new_entry_id)
    response = own_client.post(reverse("directory_review", args=[submission.pk]), {"approve": 1})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "approved"
    assert submission.association.site_id == world[own].site_id


# --- the public form, edit links and imports ------------------------------------------------


def html_entry(**changes):
    return {
        key: value
        for key, value in entry(**changes).items()
        if value not in (None, False, "") and key != "community"
    }


@each
def test_the_form_files_an_entry_with_the_municipality_of_its_address(client, world, own):
    host = world[own].site.hostname
    response = client.post(
        reverse("directory:new"), html_entry(name="Adresseforeningen"), HTTP_HOST=host
    )
    assert response.status_code == 200
    assert AssociationSubmission.objects.get(data__name="Adresseforeningen").site_id == (
        world[own].site_id
    )


@pairs
def test_an_edit_link_works_at_its_own_municipalitys_address_only(client, world, own, other):
    association = world[other].row("association")
    path = reverse("directory:edit", args=[links.edit_token(association)])
    foreign_host = world[own].site.hostname
    before = state()
    assert client.get(path, HTTP_HOST=foreign_host).status_code == 400
    response = client.post(path, html_entry(name="Overtaget"), HTTP_HOST=foreign_host)
    assert response.status_code == 400
    assert client.post(path, {"still_current": "1"}, HTTP_HOST=foreign_host).status_code == 400
    assert state() == before
    own_host = world[other].site.hostname
    response = client.post(path, html_entry(name="Ændret"), HTTP_HOST=own_host)
    assert response.status_code == 200
    change = AssociationSubmission.objects.get(data__name="Ændret")
    assert change.site_id == world[other].site_id


def import_file(tmp_path, name):
    path = tmp_path / "list.csv"
    row = entry(name=name)
    header = ["external_id", "name", "description", "categories", "email", "fee_free"]
    values = ["X-1", name, row["description"], "sport", row["email"], "yes"]
    path.write_text(",".join(header) + "\n" + ",".join(values) + "\n", encoding="utf-8")
    return path


def test_an_import_names_its_municipality(world, tmp_path):
    path = import_file(tmp_path, "Importeret Forening")
    before = state()
    with pytest.raises(CommandError, match="nowhere.localhost"):
        call_command("import_associations", str(path), "--site", "nowhere.localhost")
    with pytest.raises(CommandError, match="--site"):
        call_command("import_associations", str(path))
    assert state() == before
    out = StringIO()
    call_command("import_associations", str(path), "--site", "aabenraa.localhost", stdout=out)
    assert "updated 1" in out.getvalue()
    # the row's external id matched Aabenraa's entry, not the default site's
    aabenraa, default = world["aabenraa"], world["default"]
    assert aabenraa.row("association").name == "Importeret Forening"
    assert default.row("association").name == "Sønderborg Roklub"
