"""The signed-in answers of /api/v2/meetups/ validate strictly against the OpenAPI document
(the signed-out ones: tests/frontend_api/test_schema_strict.py)."""

import pytest

from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.meetup_helpers import URL, join, newcomer, post

pytestmark = pytest.mark.django_db


def test_every_signed_in_answer_keeps_to_the_document(client, home, settings):
    settings.MEETUP_REPORT_RATE = "1/day"
    settings.NEWCOMER_SIGN_IN_RATE = "1000/hour"
    ana = newcomer(client, "ana@example.com", "Ana")
    ben = newcomer(client, "ben@example.com", consent=False)
    cai = newcomer(client, "cai@example.com")

    refused = post(client, ben)
    assert refused.status_code == 403
    validate(refused)
    bad = post(client, ana, max_people=0)
    assert bad.status_code == 400
    validate(bad)
    created = post(client, ana, max_people=2)
    assert created.status_code == 201
    validate(created)
    pk = created.json()["id"]

    for response, status in [
        (client.get(URL, **ben), 200),
        (client.get(URL, {"mine": "maybe"}, **ben), 400),
        (join(client, ben, pk), 201),
        (join(client, ben, pk), 200),
        (join(client, cai, pk), 409),
        (client.get(f"{URL}{pk}/", **ana), 200),
        (client.get(f"{URL}{pk + 1}/", **ana), 404),
        (client.post(f"{URL}{pk}/report/", {"reason": "x"}, "application/json", **cai), 201),
        (client.post(f"{URL}{pk}/report/", {"reason": "x"}, "application/json", **cai), 429),
        (client.delete(f"{URL}{pk}/join/", **ben), 204),
        (client.delete(f"{URL}{pk}/", **ben), 403),
        (client.delete(f"{URL}{pk}/", **ana), 204),
    ]:
        assert response.status_code == status, (response.wsgi_request.path, response.content)
        validate(response)
