"""CORS for the origins in CORS_ALLOWED_ORIGINS only."""

import pytest


@pytest.fixture
def allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.dk"]
    return "https://app.example.dk"


def test_an_allowed_origin_gets_cors_headers(client, home, allowed_origin):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=allowed_origin)
    assert response["Access-Control-Allow-Origin"] == allowed_origin


def test_another_origin_gets_none(client, home, allowed_origin):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in response


def test_the_admin_never_gets_cors_headers(client, home, allowed_origin):
    response = client.get("/admin/login/", HTTP_ORIGIN=allowed_origin)
    assert "Access-Control-Allow-Origin" not in response
