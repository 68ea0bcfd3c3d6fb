"""On PostgreSQL the directory's search is Danish full text: word forms find each other."""

import pytest

from tests.directory.conftest import LISTING
from tests.directory.factories import AssociationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
]


@pytest.fixture
def choir(db):
    AssociationFactory(name="Guderup Skakklub", description="Skak for alle.")
    return AssociationFactory(
        name="Sønderborg Kammerkor",
        description="Et kor for sangere, der holder koncerter i kirkerne.",
        description_en="A choir for singers.",
    )


# none of these is a substring of the text: only stemming finds them
@pytest.mark.parametrize("words", ["sangerne", "koncerten", "kirken", "kammerkoret"])
def test_danish_word_forms_find_each_other(client, choir, words):
    items = client.get(LISTING, {"search": words}).json()["items"]
    assert [item["name"] for item in items] == ["Sønderborg Kammerkor"]


def test_search_syntax_is_never_an_error(client, choir):
    for words in ('"kor', "kor & | !", "-", "or or", "kor\x00"):
        assert client.get(LISTING, {"search": words}).status_code == 200
