"""A municipality's coordinators get their room: rights on their tree in every language,
their approval workflow, their collection, and nothing of another municipality."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError
from wagtail.models import Collection, Page, Site, Workflow, WorkflowPage

from communities import municipalities
from communities.municipalities import create_municipality
from guide.models import Municipality
from tests.factories import ImageFactory, UserFactory


def test_a_coordinator_edits_only_their_own_municipality(
    home, aabenraa, make_coordinator, coordinator
):
    theirs = make_coordinator(aabenraa)
    own_home = aabenraa.site.root_page
    assert own_home.permissions_for_user(theirs).can_edit()
    assert not home.permissions_for_user(theirs).can_edit()
    assert home.permissions_for_user(coordinator).can_edit()
    assert not own_home.permissions_for_user(coordinator).can_edit()
    for copy in own_home.get_translations(inclusive=True):
        assert copy.permissions_for_user(theirs).can_edit()
        assert copy.get_workflow() == aabenraa.workflow
    assert aabenraa.coordinators.name == "Aabenraa coordinators"
    assert aabenraa.collection.get_parent().is_root()


def test_provisioning_is_all_or_nothing(aabenraa):
    """A host name taken between the form's check and the save (another admin, at the same
    moment): no page, group, collection or workflow is left behind."""
    models = (Site, Page, Group, Collection, Workflow, Municipality)
    before = [model.objects.count() for model in models]
    toender = Municipality(name="Tønder", languages=["da", "en"], default_language="da")
    with pytest.raises(IntegrityError):
        create_municipality(toender, "aabenraa.localhost", 80)
    assert [model.objects.count() for model in models] == before


def test_a_deployment_from_before_municipalities_keeps_its_coordinators_and_files(home):
    """Upgrading: the first municipality adopts the one `Coordinators` group (its members
    stay coordinators), its workflow, and what was kept at the top of the collections."""
    Municipality.objects.all().delete()
    group = Group.objects.create(name=municipalities.LEGACY_COORDINATORS)
    user = UserFactory()
    user.groups.add(group)
    workflow = Workflow.objects.create(name=municipalities.LEGACY_WORKFLOW)
    root_page = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    root = Collection.get_first_root_node()
    communities = root.add_child(name="Communities")
    communities.add_child(name="Nordborg")
    image = ImageFactory(collection=root)

    municipalities.ensure_municipalities()

    municipality = Municipality.objects.get(site=home.get_site())
    assert municipality.coordinators == group
    assert home.permissions_for_user(user).can_publish()
    assert municipality.workflow == workflow
    assert home.get_workflow() == workflow
    assert not WorkflowPage.objects.filter(page=root_page).exists()
    image.refresh_from_db()
    assert image.collection == municipality.collection
    moved = Collection.objects.get(name="Nordborg")
    assert moved.get_parent().get_parent() == municipality.collection
