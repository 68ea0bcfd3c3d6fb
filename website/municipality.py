"""The municipality whose address the visitor asked for: its name, colour, logo and contact
details, read from the API (`/api/v2/municipalities/`, which holds the host's one) and kept a
minute per host, so a page costs no extra call. Without an answer the website still works,
under the name it was configured with."""

import time

from starlette.responses import PlainTextResponse

from website.api import ApiError, ApiUnavailable, NotFound

KEEP_SECONDS = 60
#: hosts kept at most (the Host header is the visitor's to choose)
KEEP_HOSTS = 500


def darker(colour, factor=0.72):
    """`#rrggbb` darkened (hover and pressed states)."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in channels)


class Municipalities:
    def __init__(self, settings):
        self.settings = settings
        self._kept = {}  # host -> (until, municipality)

    def fallback(self):
        return {"name": self.settings.site_name, "colour": None, "logo": None}

    async def of(self, api, host):
        kept = self._kept.get(host)
        now = time.monotonic()
        if kept and kept[0] > now:
            return kept[1]
        try:
            # briefly: a page whose API is slow should not wait for it twice
            answer = await api.get("municipalities/", timeout=self.settings.api_timeout / 3)
            items = answer.get("items") or []
        except ApiError as error:
            if error.status == 400:  # a host the CMS does not serve (ALLOWED_HOSTS)
                return None
            return kept[1] if kept else self.fallback()
        except (ApiUnavailable, NotFound):
            return kept[1] if kept else self.fallback()
        municipality = items[0] if items else self.fallback()
        if len(self._kept) >= KEEP_HOSTS:
            self._kept.clear()
        self._kept[host] = (now + KEEP_SECONDS, municipality)
        return municipality


class MunicipalityMiddleware:
    """Puts the host's municipality on the request (`request.state.municipality`); a host
    the CMS refuses is refused here too."""

    def __init__(self, app, municipalities):
        self.app = app
        self.municipalities = municipalities

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not scope["path"].startswith("/assets/"):
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            api = scope["app"].state.api.for_host(host)
            municipality = await self.municipalities.of(api, host)
            if municipality is None:
                response = PlainTextResponse("Bad Request: unknown host", status_code=400)
                return await response(scope, receive, send)
            scope.setdefault("state", {})["municipality"] = municipality
        return await self.app(scope, receive, send)


def brand_css(municipality):
    """The municipality's colour as the site's custom properties (a stylesheet: the
    Content Security Policy allows no inline style)."""
    colour = municipality.get("colour")
    if not colour:
        return ""
    return f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; }}\n"
