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
