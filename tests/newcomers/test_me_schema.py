"""The signed-in answers of /api/v2/me/ validate strictly against the OpenAPI document (the
signed-out ones: tests/frontend_api/test_schema_strict.py)."""

import pytest
from django.core import mail

from tests.frontend_api.test_schema_strict import validate
from tests.newcomers.helpers import ask_for_link, link_in_mail, redeem

pytestmark = pytest.mark.django_db


def test_every_signed_in_answer_keeps_to_the_document(client, community):
    validate(ask_for_link(client))
    _link, token = link_in_mail(mail.outbox[-1])
    session = redeem(client, token)
    assert session.status_code == 201
    validate(session)
    used = redeem(client, token)
    assert used.status_code == 410
    validate(used)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {session.json()['token']}"}

    validate(client.get("/api/v2/me/", **auth))
    body = {
        "first_name": "Ana",
        "language": "en",
        "moved_from_country": "PT",
        "household": ["children"],
        "community": community.id,
        "community_status": "lives",
        "interests": ["culture"],
        "moving_date": "2027-03-01",
    }
    written = client.put("/api/v2/me/", body, content_type="application/json", **auth)
    assert written.status_code == 200
    validate(written)
    bad = client.put(
        "/api/v2/me/", {**body, "interests": ["x"]}, content_type="application/json", **auth
    )
    assert bad.status_code == 400
    validate(bad)

    validate(client.get("/api/v2/me/consents/", **auth))
    given = client.post(
        "/api/v2/me/consents/",
        {"purpose": "ambassador_contact", "given": True},
        content_type="application/json",
        **auth,
    )
    assert given.status_code == 201
    validate(given)
    validate(client.get("/api/v2/me/consents/", **auth))

    asked = client.post(
        "/api/v2/enquiries/",
        {"topic": "tax", "language": "en", "message": "?", "email": "ana@example.com"},
        content_type="application/json",
        **auth,
    )
    assert asked.status_code == 201
    validate(asked)
    mine = client.get("/api/v2/me/enquiries/", **auth)
    validate(mine)
    [enquiry] = mine.json()["items"]
    validate(client.get(f"/api/v2/me/enquiries/{enquiry['id']}/", **auth))
    validate(client.get(f"/api/v2/me/enquiries/{enquiry['id'] + 1}/", **auth))

    signed_out = client.delete("/api/v2/me/session/", **auth)
    assert signed_out.status_code == 204
    validate(signed_out)
