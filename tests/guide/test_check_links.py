"""`manage.py check_links` reports the dead links with the step they belong to, against a
real HTTP server on 127.0.0.1 (no network)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from tests.guide.factories import UsefulLinkFactory


class Handler(BaseHTTPRequestHandler):
    def _answer(self, with_body):
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_error(405)
            return
        status = 404 if self.path.startswith("/gone") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(with_body=False)

    def do_GET(self):  # noqa: N802
        self._answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def run(capsys):
    try:
        call_command("check_links", "--timeout", "5")
    except CommandError as error:
        return capsys.readouterr().out, str(error)
    return capsys.readouterr().out, None


def test_dead_links_are_reported_with_their_step(capsys, server, make_step):
    make_step("CPR number", links=[("Borgerservice", f"{server}/ok")])
    make_step("Doctor", links=[("Lægevalg", f"{server}/gone")])
    UsefulLinkFactory(label="Buses", url=f"{server}/gone-too")
    out, error = run(capsys)
    assert f"DEAD {server}/gone (404)" in out
    assert "used by step “Doctor”" in out
    assert f"DEAD {server}/gone-too (404)" in out
    assert "useful link “Buses”" in out
    assert f"{server}/ok" not in out
    assert error == "2 dead link(s)"


def test_a_server_refusing_head_is_asked_with_get(capsys, server, make_step):
    make_step("MitID", links=[("MitID", f"{server}/no-head")])
    out, error = run(capsys)
    assert error is None
    assert "1 URLs checked, 0 dead." in out


def test_a_server_that_does_not_answer_is_dead(capsys, make_step):
    make_step("Tax", links=[("Skat", "http://127.0.0.1:9/")])
    out, error = run(capsys)
    assert "DEAD http://127.0.0.1:9/" in out
    assert error == "1 dead link(s)"
