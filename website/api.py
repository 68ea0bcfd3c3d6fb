"""The API client: every byte the website shows comes through here, over HTTP.

GET responses are kept (bounded, least recently used) with their ETag and revalidated with
`If-None-Match`, so an unchanged answer costs the API a 304 and us no parsing. When the API
fails or is slower than the timeout, a kept answer is served stale rather than nothing;
without one, the page gets `ApiUnavailable` and says so.

One website serves every municipality of a deployment: each call carries the host name the
visitor asked for (`Api.for_host`), and the CMS answers for the site of that host, as Wagtail
resolves sites.
"""

import asyncio
import logging
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

log = logging.getLogger(__name__)

PREFIX = "/api/v2/"


class ApiUnavailable(Exception):
    """The API did not answer in time, or answered with a server error."""


class NotFound(Exception):
    """The API answered 404."""


class ApiError(Exception):
    """The API refused the request (4xx other than 404); `body` is its JSON error."""

    def __init__(self, status, body):
        super().__init__(f"API answered {status}: {body}")
        self.status = status
        self.body = body


def query(params):
    """A canonical query string: sorted, without empty values (None or ""); booleans as
    `true`/`false` (an audience's `children=false` is an answer, not an absence)."""
    pairs = []
    for key in sorted(params or {}):
        value = params[key]
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        pairs.append((key, str(value)))
    return urlencode(pairs)


class Api:
    def __init__(self, settings, transport=None):
        self.base = settings.api_url.rstrip("/")
        self.cache_size = settings.api_cache_size
        self._kept = OrderedDict()  # url -> (etag, data)
        self.client = httpx.AsyncClient(
            base_url=self.base,
            timeout=httpx.Timeout(settings.api_timeout),
            headers={"Accept": "application/json", "User-Agent": "velkomst-website"},
            transport=transport,
            follow_redirects=False,
        )

    async def close(self):
        await self.client.aclose()

    def for_host(self, host):
        return HostApi(self, host)

    def url(self, path, params=None):
        qs = query(params)
        return f"{PREFIX}{path.lstrip('/')}" + (f"?{qs}" if qs else "")

    async def get(self, path, params=None, *, keep=True, host=None, timeout=None):
        """The JSON of `GET /api/v2/<path>?<params>` for the site of `host`; `keep=False` for
        answers that must never be reused (previews); `timeout` in seconds, if not the
        configured one."""
        url = self.url(path, params)
        key = (host, url)
        kept = self._kept.get(key) if keep else None
        headers = _host(host)
        if kept and kept[0]:
            headers["If-None-Match"] = kept[0]
        try:
            response = await self.client.get(
                url, headers=headers, timeout=timeout or httpx.USE_CLIENT_DEFAULT
            )
        except httpx.HTTPError as error:
            return self._stale(url, kept, error)
        if response.status_code == 304 and kept:
            self._kept.move_to_end(key)
            return kept[1]
        if response.status_code == 404:
            raise NotFound(url)
        if response.status_code >= 500:
            return self._stale(url, kept, f"status {response.status_code}")
        data = _json(response)
        if response.status_code >= 400:
            raise ApiError(response.status_code, data)
        etag = response.headers.get("ETag")
        if keep and etag:
            self._kept[key] = (etag, data)
            self._kept.move_to_end(key)
            while len(self._kept) > self.cache_size:
                self._kept.popitem(last=False)
        return data

    async def find(self, html_path, params=None, *, host=None):
        """The page at a website path (`/en/lokalsamfund/`), as its detail. The API answers
        `pages/find/` with a redirect to the detail, followed here (within the API only)."""
        url = self.url("pages/find/", {**(params or {}), "html_path": html_path})
        try:
            response = await self.client.get(url, headers=_host(host))
        except httpx.HTTPError as error:
            raise ApiUnavailable(url) from error
        if response.status_code >= 500:
            raise ApiUnavailable(url)
        location = urlsplit(response.headers.get("location", ""))
        if not response.is_redirect or not location.path.startswith(PREFIX):
            raise NotFound(url)
        detail = location.path[len(PREFIX) :]
        return await self.get(detail, dict(parse_qsl(location.query)) or params, host=host)

    def _stale(self, url, kept, error):
        if kept:
            log.warning("API %s failed (%s): serving the kept answer", url, error)
            return kept[1]
        log.warning("API %s failed (%s)", url, error)
        raise ApiUnavailable(url)

    async def gather(self, *calls):
        """Several calls of one page at once (`calls` are coroutines of `get`)."""
        return await asyncio.gather(*calls)

    async def post(
        self, path, *, json=None, data=None, files=None, client_ip=None, language=None, host=None
    ):
        """POST to the API; returns `(status, body)`. 4xx answers are returned, not raised,
        so a form can show the API's field errors; no answer raises `ApiUnavailable`."""
        headers = _host(host)
        if client_ip:  # the API rate-limits per visitor, not per website
            headers["X-Forwarded-For"] = client_ip
        if language:
            headers["Accept-Language"] = language
        try:
            response = await self.client.post(
                f"{PREFIX}{path.lstrip('/')}", json=json, data=data, files=files, headers=headers
            )
        except httpx.HTTPError as error:
            log.warning("API POST %s failed (%s)", path, error)
            raise ApiUnavailable(path) from error
        if response.status_code >= 500:
            raise ApiUnavailable(f"{path}: status {response.status_code}")
        return response.status_code, _json(response)

    async def personal(
        self, method, path, token, *, json=None, client_ip=None, language=None, host=None
    ):
        """A newcomer's own call (`me/…`) with their session `token`; returns `(status,
        body)`, 4xx included, and is never kept: the answer is theirs alone."""
        headers = {**_host(host), "Authorization": f"Bearer {token}"}
        if client_ip:
            headers["X-Forwarded-For"] = client_ip
        if language:
            headers["Accept-Language"] = language
        try:
            response = await self.client.request(
                method, f"{PREFIX}{path.lstrip('/')}", json=json, headers=headers
            )
        except httpx.HTTPError as error:
            log.warning("API %s %s failed (%s)", method, path, error)
            raise ApiUnavailable(path) from error
        if response.status_code >= 500:
            raise ApiUnavailable(f"{path}: status {response.status_code}")
        return response.status_code, _json(response) if response.content else {}


class HostApi:
    """The API as one municipality's website asks it: every call for the site of `host`."""

    def __init__(self, api, host):
        self._api = api
        self.host = host

    def get(self, path, params=None, *, keep=True, timeout=None):
        return self._api.get(path, params, keep=keep, host=self.host, timeout=timeout)

    def find(self, html_path, params=None):
        return self._api.find(html_path, params, host=self.host)

    def post(self, path, **kwargs):
        return self._api.post(path, host=self.host, **kwargs)

    def personal(self, method, path, token, **kwargs):
        return self._api.personal(method, path, token, host=self.host, **kwargs)

    def gather(self, *calls):
        return self._api.gather(*calls)


def _host(host):
    return {"Host": host} if host else {}


def _json(response):
    try:
        return response.json()
    except ValueError:
        return {"message": response.text[:200]}
