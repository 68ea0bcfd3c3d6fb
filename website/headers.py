"""Headers on every response: a strict Content Security Policy (no inline script, scripts
only from the site itself), and caching that fits each kind of response."""

from urllib.parse import urlsplit

VIDEO_HOSTS = "https://www.youtube-nocookie.com https://www.youtube.com https://player.vimeo.com"


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(settings, framed_by=()):
    """The site's policy: scripts, styles and frames only from where the site needs them;
    `framed_by`: origins besides the site itself that may show a page in a frame."""
    images = " ".join(
        filter(None, ["'self'", "data:", origin(settings.browser_api_url),
                      origin(settings.map_tiles.replace("{", "").replace("}", ""))])
    )  # fmt: skip
    ancestors = " ".join(["'self'", *framed_by])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; frame-src {VIDEO_HOSTS}; "
        f"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )


class SecurityHeaders:
    """The headers middleware; a response that sets its own policy keeps it."""

    def __init__(self, app, settings):
        self.app = app
        self.csp = content_security_policy(settings).encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                names = {name.lower() for name, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"same-origin"))
                if path.startswith("/assets/"):
                    if scope.get("query_string", b"").startswith(b"v="):
                        headers.append((b"cache-control", b"public, max-age=31536000, immutable"))
                elif b"cache-control" not in names:
                    # pages follow the visitor's audience cookie: revalidate, never share
                    headers.append((b"cache-control", b"private, no-cache"))
                    headers.append((b"vary", b"Cookie"))
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.csp))
            await send(message)

        return await self.app(scope, receive, with_headers)
