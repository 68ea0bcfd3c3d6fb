"""Page URLs: the website's, with the page's language first (`/da/…`, `/en/…`, `/de/…`).

Wagtail builds a page's URL by reversing `wagtail_serve` with the page's language active, so
under `i18n_patterns` every language copy has its own URL: the API's `html_url`,
`/api/v2/pages/find/?html_path=` and the admin's *View live* agree on it. The CMS is headless
and serves no page HTML: such a URL answers 404 here (the website answers it).
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail.urls import serve_pattern


def page_on_the_website(request, path):
    raise Http404("pages are shown on the website")


# Wagtail's other public views stay where they are: its login and password forms, which a
# restricted document's URL sends an anonymous client to.
urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    *i18n_patterns(re_path(serve_pattern, page_on_the_website, name="wagtail_serve")),
]
