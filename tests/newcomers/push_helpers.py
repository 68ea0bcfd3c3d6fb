"""A fake Web Push service on loopback, VAPID keys and a browser's subscription keys, so
that pushes are sent for real (encrypted, signed) without the network."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from newcomers.models import PushSubscription


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakePushService:
    """Records each request (path, headers, body) and answers `status[path]` (201)."""

    def __init__(self):
        self.received = []
        self.status = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append((self.path, headers, body))
                self.send_response(service.status.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """A browser's subscription keys; `read()` decrypts what it was sent."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        self.keys = {"p256dh": b64url(public), "auth": b64url(self.auth)}

    def subscribe(self, account, endpoint):
        return PushSubscription.objects.create(account=account, endpoint=endpoint, **self.keys)

    def read(self, body):
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)
