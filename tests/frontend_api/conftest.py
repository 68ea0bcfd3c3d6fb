def items(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["items"]
