"""Django's LocaleMiddleware, for URL patterns where only page URLs carry a language."""

from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, without its redirect of a 404 to the same path under a language prefix.

    With `i18n_patterns` in the URLs, Django answers any 404 by redirecting to `/<language>/`
    plus the path whenever that resolves, and the page URLs (`/da/…`, `/en/…`) resolve for
    any path: the API's and the admin's 404s would become redirects to page URLs. Only page
    URLs are prefixed, so a 404 stays a 404; the language is still read from a prefixed path,
    else from Accept-Language, as before.
    """

    def process_response(self, request, response):
        if not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
