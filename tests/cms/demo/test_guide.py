"""`seed_demo` adds the newcomer guide: a real checklist with the right order for each origin,
the culture guide, contacts, links, six stories and the welcome letter, in three languages."""

from guide.models import ChecklistStepPage, StoryPage
from tests.frontend_api.conftest import items

LANGUAGES = {"da", "en", "de"}


def titles(client, query):
    return [item["title"] for item in items(client.get(f"/api/v2/checklist/?{query}"))]


def test_at_least_twenty_steps_in_three_languages(db, demo):
    danish = ChecklistStepPage.objects.filter(locale__language_code="da")
    assert danish.count() >= 20
    for step in danish:
        assert {c.locale.language_code for c in step.get_translations(inclusive=True)} == LANGUAGES


def test_non_eu_permit_before_cpr_before_doctor_mitid_bank_tax(db, demo, client):
    order = titles(client, "origin=non_eu&locale=en")
    assert order.index("Get a residence and work permit") < order.index("Get a CPR number")
    assert order.index("Get a CPR number") < order.index("Choose a doctor")
    assert (
        order.index("Get a CPR number")
        < order.index("Get MitID")
        < order.index("Open a bank account")
    )
    assert order.index("Open a bank account") < order.index("Choose your NemKonto")
    assert order.index("Get MitID") < order.index("Get a tax card")
    assert "Apply for an EU registration certificate" not in order
    assert "Report your move on borger.dk" not in order


def test_eu_registration_comes_before_citizen_service(db, demo, client):
    order = titles(client, "origin=eu&locale=en")
    assert order.index("Apply for an EU registration certificate") < order.index("Get a CPR number")
    assert "Get a residence and work permit" not in order


def test_nordic_newcomers_go_straight_to_citizen_service(db, demo, client):
    order = titles(client, "origin=nordic&locale=de")
    assert "CPR-Nummer bekommen" in order
    assert "EU-Anmeldebescheinigung beantragen" not in order
    assert "Aufenthalts- und Arbeitserlaubnis beantragen" not in order


def test_danes_report_the_move_and_choose_a_doctor(db, demo, client):
    order = titles(client, "origin=denmark")
    assert order.index("Meld flytning på borger.dk") < order.index("Vælg en læge")
    assert "Få et CPR-nummer" not in order


def test_the_culture_guide_contacts_links_and_stories(db, demo, client):
    guide = items(client.get("/api/v2/culture-guide/?locale=de"))
    assert len(guide) >= 15
    assert all(not item["meta"]["fallback"] for item in guide)
    assert any("mojn" in item["question"] for item in guide)
    assert items(client.get("/api/v2/contacts/?topic=work&language=en"))
    assert {i["group"] for i in items(client.get("/api/v2/links/"))} >= {"transport", "travel"}
    assert StoryPage.objects.filter(locale__language_code="da").count() == 6
    assert set(StoryPage.objects.values_list("locale__language_code", flat=True)) == LANGUAGES
    (lucas,) = items(client.get("/api/v2/pages/?type=guide.StoryPage&origin_country=BR&locale=en"))
    assert lucas["title"] == "Lucas, an engineer from Brazil"


def test_the_welcome_letter(db, demo, client):
    (home,) = items(
        client.get("/api/v2/pages/?type=guide.HomePage&locale=en&fields=intro,sections")
    )
    assert home["intro"].startswith("Welcome to Sønderborg!")
    assert home["sections"][0]["value"]["title"] == "Your checklist"
    checklist = client.get(f"/api/v2/pages/{home['sections'][0]['value']['page']}/").json()
    assert checklist["meta"]["type"] == "guide.ChecklistPage"
    assert checklist["meta"]["locale"] == "en"
