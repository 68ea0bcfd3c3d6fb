"""Download an iCalendar feed: over http(s) only (redirects too), within a time limit for the
whole download and a size limit, so one slow or huge feed cannot stall the import.

Settings: `CALENDAR_FETCH_TIMEOUT` (seconds, default 20) and `CALENDAR_FETCH_MAX_BYTES`
(default 10 MB).
"""

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from events.models.calendar import FEED_SCHEMES

CHUNK = 64 * 1024
USER_AGENT = "Velkomst calendar import (+https://www.sonderborgkommune.dk)"


class FetchError(Exception):
    """The feed could not be downloaded; the message says why."""


def timeout():
    return settings.CALENDAR_FETCH_TIMEOUT


def max_bytes():
    return settings.CALENDAR_FETCH_MAX_BYTES


def _check_scheme(url):
    if urlsplit(url).scheme.lower() not in FEED_SCHEMES:
        raise FetchError(
            _("Only http:// and https:// addresses are fetched: %(url)s") % {"url": url}
        )


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would also follow a redirect to ftp://
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_WebOnlyRedirects)


def fetch_feed(url):
    """The body of `url` (bytes), or FetchError."""
    _check_scheme(url)
    limit, seconds = max_bytes(), timeout()
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (checked)
    try:
        with _opener.open(request, timeout=seconds) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FetchError(_too_big(limit))
            body = bytearray()
            while chunk := response.read1(CHUNK):  # what has arrived, not a full chunk
                body += chunk
                if len(body) > limit:
                    raise FetchError(_too_big(limit))
                if time.monotonic() > deadline:
                    raise FetchError(_timed_out(seconds))
            return bytes(body)
    except urllib.error.HTTPError as error:
        raise FetchError(
            _("The server answered %(code)s %(reason)s.")
            % {"code": error.code, "reason": error.reason}
        ) from error
    except TimeoutError as error:
        raise FetchError(_timed_out(seconds)) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise FetchError(_timed_out(seconds)) from error
        raise FetchError(
            _("The feed could not be downloaded: %(reason)s") % {"reason": reason}
        ) from error


def _too_big(limit):
    return _("The feed is larger than %(limit)s bytes.") % {"limit": limit}


def _timed_out(seconds):
    return _("The feed did not arrive within %(seconds)s seconds.") % {"seconds": seconds}
