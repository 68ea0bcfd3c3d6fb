"""The question form on the website, against the running CMS (no browser): it renders in
the visitor's language with the topics, a bad field comes back beside it with what was typed
kept, and a good question is stored and routed (its contact is mailed)."""

from tests.website.test_robustness import closed_port, website


def test_a_question_is_asked_from_the_website(cms):
    with website(cms.url) as client:
        form = client.get("/en/ask/?topic=housing")
        assert form.status_code == 200
        assert '<option value="housing" selected>Housing</option>' in form.text

        message = "Which villages have a trial home free in May?"
        bad = client.post(
            "/en/ask/", data={"topic": "housing", "message": message, "email": "nope"}
        )
        assert bad.status_code == 400
        assert 'id="f-email-error"' in bad.text
        assert message in bad.text and 'value="nope"' in bad.text  # what was typed, kept

        sent = client.post(
            "/en/ask/",
            data={"topic": "housing", "message": message, "email": "ask@example.com"},
            follow_redirects=False,
        )
        assert sent.status_code == 303
        assert sent.headers["location"] == "/en/ask/sent/"
        assert client.get("/en/ask/sent/").status_code == 200
    # the demo's housing contact who speaks English is told
    notices = [m for m in cms.mails() if m["To"] == "tilflytter@example.dk"]
    assert notices and "/admin/enquiries/" in notices[-1].get_content()


def test_an_api_that_is_down_keeps_the_question():
    with website(f"http://127.0.0.1:{closed_port()}") as client:
        response = client.post(
            "/en/ask/",
            data={"topic": "tax", "message": "Where do I pay tax?", "email": "a@example.com"},
        )
    assert response.status_code == 503
    assert "Where do I pay tax?" in response.text
    assert "try again in a few minutes" in response.text
