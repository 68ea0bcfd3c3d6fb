def test_the_api_root_lists_its_endpoints(client, db):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    endpoints = response.json()["endpoints"]
    assert endpoints["pages"] == "http://testserver/api/v2/pages/"
    assert {"pages", "images", "documents"} <= set(endpoints)
    assert client.get(endpoints["pages"]).status_code == 200
