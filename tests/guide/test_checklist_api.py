"""`/api/v2/checklist/`: exactly the steps for this newcomer, every "before" respected, ties
in the coordinator's order, in the asked language with Danish standing in."""

import pytest

from tests.frontend_api.conftest import items


def titles(response):
    return [item["title"] for item in items(response)]


@pytest.fixture
def steps(make_step):
    """A small real checklist: the permit or registration certificate before the CPR number,
    the CPR number before the doctor and the bank."""
    home = make_step("Find a home")
    permit = make_step("Residence permit", audiences=["non_eu"])
    certificate = make_step("EU registration", audiences=["eu"])
    cpr = make_step(
        "CPR number", audiences=["nordic", "eu", "non_eu"], after=[permit, certificate, home]
    )
    move = make_step("Report the move", audiences=["denmark"], after=[home])
    doctor = make_step("Doctor", after=[cpr, move])
    school = make_step("School", audiences=["children"], after=[cpr, move])
    return {
        "home": home,
        "permit": permit,
        "cpr": cpr,
        "move": move,
        "doctor": doctor,
        "school": school,
    }


def test_a_non_eu_family_gets_its_steps_in_order(client, steps):
    response = client.get("/api/v2/checklist/?origin=non_eu&children=1")
    assert titles(response) == ["Find a home", "Residence permit", "CPR number", "Doctor", "School"]
    assert response.json()["meta"] == {"total_count": 5}


def test_an_eu_citizen_registers_before_citizen_service(client, steps):
    assert titles(client.get("/api/v2/checklist/?origin=eu&children=0")) == [
        "Find a home",
        "EU registration",
        "CPR number",
        "Doctor",
    ]


def test_someone_from_denmark_reports_the_move_instead(client, steps):
    assert titles(client.get("/api/v2/checklist/?origin=denmark&children=0")) == [
        "Find a home",
        "Report the move",
        "Doctor",
    ]


def test_depends_on_names_steps_in_the_list_through_the_ones_left_out(client, steps):
    data = {item["title"]: item for item in items(client.get("/api/v2/checklist/?origin=denmark"))}
    # the doctor waits for the CPR number (not for Danes) and the move: in their list, the move
    assert data["Doctor"]["depends_on"] == [data["Report the move"]["id"]]
    assert data["Report the move"]["depends_on"] == [data["Find a home"]["id"]]
    assert [data[t]["position"] for t in ("Find a home", "Report the move", "Doctor")] == [1, 2, 3]


def test_items_carry_what_a_client_needs(client, make_step):
    make_step("CPR number", links=[("Borgerservice", "https://www.borger.dk/")])
    (item,) = items(client.get("/api/v2/checklist/"))
    assert item["title"] == "CPR number"
    assert item["body"] == "Hvad og hvorfor."
    assert item["duration"] == "1 uge"
    assert item["links"] == [{"label": "Borgerservice", "url": "https://www.borger.dk/"}]
    assert item["depends_on"] == []
    assert item["audiences"] == []
    assert item["meta"] == {
        "type": "guide.ChecklistStepPage",
        "detail_url": None,  # a plan: no step on its own
        "locale": "da",
        "fallback": False,
    }


def test_ties_keep_the_coordinators_order_whatever_the_dependencies(client, make_step):
    first = make_step("A")
    make_step("B")
    make_step("C", after=[first])
    make_step("D")
    assert titles(client.get("/api/v2/checklist/")) == ["A", "B", "C", "D"]


def test_a_step_waits_even_for_a_step_further_down(client, make_step):
    late = make_step("Late")
    make_step("Early")
    waiting = make_step("Waiting")
    late.depends_on = [waiting]
    late.save_revision().publish()
    assert titles(client.get("/api/v2/checklist/")) == ["Early", "Waiting", "Late"]


def test_english_with_danish_standing_in(client, make_step):
    home = make_step("Find en bolig", languages=["en"])
    make_step("CPR-nummer", after=[home])
    data = items(client.get("/api/v2/checklist/?locale=en"))
    assert [(i["title"], i["meta"]["locale"], i["meta"]["fallback"]) for i in data] == [
        ("Find en bolig (en)", "en", False),
        ("CPR-nummer", "da", True),
    ]
    assert data[1]["depends_on"] == [data[0]["id"]]
    assert titles(client.get("/api/v2/checklist/?locale=en&fallback=0")) == ["Find en bolig (en)"]


def test_a_draft_step_is_not_served(client, make_step):
    step = make_step("Hidden")
    step.unpublish()
    assert titles(client.get("/api/v2/checklist/")) == []


def test_order_by_id_or_backwards_keeps_the_positions(client, make_step):
    first = make_step("A")
    make_step("B")
    make_step("C", after=[first])
    plan = items(client.get("/api/v2/checklist/"))
    by_id = items(client.get("/api/v2/checklist/?order=-id"))
    assert [i["id"] for i in by_id] == sorted((i["id"] for i in plan), reverse=True)
    backwards = items(client.get("/api/v2/checklist/?order=-position"))
    assert [(i["title"], i["position"]) for i in backwards] == [
        (i["title"], i["position"]) for i in reversed(plan)
    ]


def test_limit_and_offset(client, make_step):
    for title in "ABCDE":
        make_step(title)
    response = client.get("/api/v2/checklist/?limit=2&offset=1")
    assert titles(response) == ["B", "C"]
    assert response.json()["meta"]["total_count"] == 5


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bogus=1", "bogus"),
        ("origin=mars", "origin"),
        ("children=perhaps", "children"),
        ("locale=fr", "locale"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("search=home", "search"),  # a plan is not searched: steps would lose their order
        ("order=title", "order"),
    ],
)
def test_bad_parameters_are_named(client, checklist, query, parameter):
    response = client.get(f"/api/v2/checklist/?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_checklist_has_no_detail(client, checklist):
    assert client.get("/api/v2/checklist/1/").status_code == 404
    assert client.get("/api/v2/checklist/abc/").status_code == 404


def test_the_api_root_lists_the_guide(client, db):
    endpoints = client.get("/api/v2/").json()["endpoints"]
    assert endpoints["checklist"] == "http://testserver/api/v2/checklist/"
    assert {"culture-guide", "contacts", "links"} <= set(endpoints)


def test_a_translation_keeps_the_dependencies(client, make_step):
    home = make_step("Find en bolig", languages=["en"])
    make_step("CPR-nummer", after=[home], languages=["en"])
    home_en, cpr_en = items(client.get("/api/v2/checklist/?locale=en&fallback=0"))
    assert (home_en["title"], cpr_en["title"]) == ("Find en bolig (en)", "CPR-nummer (en)")
    assert cpr_en["depends_on"] == [home_en["id"]]
