"""An association's JSON-LD is a schema.org Organization whose address is a real
PostalAddress: the street in `streetAddress`, the postcode and town apart, Denmark named;
read back by rdflib and held against schema.org's vocabulary."""

import jsonschema
import pytest

from directory.structured_data import postal_address
from tests.directory.conftest import LISTING
from tests.directory.factories import AssociationFactory
from tests.schemaorg import check

pytestmark = pytest.mark.django_db


def json_ld(client, association, locale="da"):
    response = client.get(f"{LISTING}{association.pk}/?locale={locale}")
    assert response.status_code == 200, response.content
    return response.json()["json_ld"]


def test_the_address_is_split_into_street_postcode_and_town(client):
    club = AssociationFactory(
        name="Nordborg Roklub",
        address="Søvej 2, 6430 Nordborg",
        phone="+45 74 45 10 10",
        website="https://roklub.example.dk/",
        facebook="https://www.facebook.com/nordborgroklub",
        languages=["da", "en"],
        latitude=55.0575,
        longitude=9.7412,
    )
    ld = json_ld(client, club)
    assert ld["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Søvej 2",
        "postalCode": "6430",
        "addressLocality": "Nordborg",
        "addressCountry": "DK",
    }
    _, types = check(ld)
    assert sorted(types.values()) == ["GeoCoordinates", "Organization", "Place", "PostalAddress"]
    document = client.get("/api/v2/schema/", {"format": "json"}).json()
    described = document["components"]["schemas"]["Association"]["properties"]["json_ld"]
    jsonschema.validate(ld, described)


def test_the_listing_carries_the_same_organization(client):
    club = AssociationFactory(address="Kirkegade 4, 1. sal, 6400 Sønderborg")
    item = client.get(LISTING).json()["items"][0]
    assert item["json_ld"] == json_ld(client, club)
    assert item["json_ld"]["address"]["streetAddress"] == "Kirkegade 4, 1. sal"
    check(item["json_ld"])


def test_an_address_that_is_only_a_town_is_no_street(client):
    ld = json_ld(client, AssociationFactory(address="Nordborg"))
    assert ld["address"] == {"@type": "PostalAddress", "addressLocality": "Nordborg"}
    check(ld)


def test_without_an_address_there_is_none(client):
    ld = json_ld(client, AssociationFactory(address=""))
    assert "address" not in ld
    check(ld)


def test_the_description_is_in_the_asked_language(client):
    club = AssociationFactory(description="Roning.", description_de="Rudern.")
    assert json_ld(client, club, "de")["description"] == "Rudern."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Søvej 2, 6430 Nordborg", ("Søvej 2", "6430", "Nordborg", "DK")),
        ("Søndergade 8, 1. th., 6430 Nordborg", ("Søndergade 8, 1. th.", "6430", "Nordborg", "DK")),
        ("Slotsallé, 6440 Augustenborg", ("Slotsallé", "6440", "Augustenborg", "DK")),
        ("Storegade 1, DK-6400 Sønderborg, Danmark", ("Storegade 1", "6400", "Sønderborg", "DK")),
        ("Holm 1, 24937 Flensburg", ("Holm 1", "24937", "Flensburg", None)),
        ("Alsion 2, Sønderborg", ("Alsion 2", None, "Sønderborg", None)),
        ("Alsion 2", ("Alsion 2", None, None, None)),
        ("Gråsten", (None, None, "Gråsten", None)),
    ],
)
def test_one_line_addresses(text, expected):
    address = postal_address(text)
    names = ("streetAddress", "postalCode", "addressLocality", "addressCountry")
    assert tuple(address.get(name) for name in names) == expected
    assert address["@type"] == "PostalAddress"


@pytest.mark.parametrize("text", ["", "  ", " , ", None])
def test_no_address_gives_none(text):
    assert postal_address(text) is None
