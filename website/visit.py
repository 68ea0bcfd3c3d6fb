"""What every view knows about the request: the visitor's language and audience, the API,
and how to render a page for them."""

import hashlib
import json
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.responses import HTMLResponse

from website.api import NotFound
from website.audience import COOKIE, Audience
from website.blocks import video_embed
from website.headers import origin
from website.i18n import BABEL_LOCALES, LANGUAGE_NAMES, N_, formatters, translations
from website.settings import DEFAULT_LANGUAGE, LANGUAGES

HERE = Path(__file__).parent
STATIC = HERE / "static"
ORIGIN_LABELS = {
    "denmark": N_("moving from elsewhere in Denmark"),
    "nordic": N_("moving from a Nordic country"),
    "eu": N_("moving from an EU/EEA country"),
    "non_eu": N_("moving from outside the EU/EEA"),
}
HOUSEHOLD_LABELS = {
    "children": N_("with children"),
    "partner": N_("with a partner"),
    "student": N_("student"),
}


@cache
def static_url(path):
    """`/assets/<path>?v=<content hash>`: cached for a year, renewed when the file changes
    (`/assets/`, not `/static/`: behind one domain, `/static/` is the CMS's)."""
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:10]
    return f"/assets/{path}?v={digest}"


def rich_text(html, api_url):
    """Rich text from the API (`rich_text_format=html`): page links are paths the website
    answers; documents and media are the CMS's, so they get its address."""
    html = html or ""
    for prefix in ("/documents/", "/media/"):
        html = html.replace(f'href="{prefix}', f'href="{api_url}{prefix}')
        html = html.replace(f'src="{prefix}', f'src="{api_url}{prefix}')
    return Markup(html)  # noqa: S704 - the CMS stores rich text through its editor's allow-list


def json_ld(data):
    """JSON-LD for a `<script type="application/ld+json">`: `</` cannot end the script."""
    return Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))  # noqa: S704


@lru_cache(maxsize=4096)
def route_path(app, name, params):
    """A route's path (kept: Starlette finds it by walking every route, ~40 times a page)."""
    return str(app.url_path_for(name, **dict(params)))


@cache
def environment(lang):
    """One Jinja environment per language, with that language's translations installed."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.globals.update(formatters(lang))
    env.globals.update(
        static_url=static_url,
        json_ld=json_ld,
        video_embed=video_embed,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
    )
    return env


class Visit:
    def __init__(self, request, lang=None):
        """`lang` for a page outside the language prefix (a preview is in its page's language)."""
        self.request = request
        lang = lang or request.path_params.get("lang") or request.url.path.strip("/").split("/")[0]
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.settings = request.app.state.settings
        # the municipality is the one whose address the visitor asked for
        self.api = request.app.state.api.for_host(request.headers.get("host"))
        self.audience = Audience.from_cookie(request.cookies.get(COOKIE))
        #: the host's municipality (website.municipality), or what the settings name
        self.municipality = request.scope.get("state", {}).get("municipality") or {
            "name": self.settings.site_name
        }
        self._translations = translations(self.lang)

    def gettext(self, message, **variables):
        text = self._translations.ugettext(message)
        return text % variables if variables else text

    def ngettext(self, singular, plural, n, **variables):
        text = self._translations.ungettext(singular, plural, n)
        return text % {"num": n, **variables}

    def language_names(self, codes):
        """Language codes as names in the visitor's language ("Danish", "Polish")."""
        names = Locale.parse(BABEL_LOCALES[self.lang]).languages
        return [names.get(code, code) for code in codes or []]

    def audience_label(self, audience=None):
        """The visitor's answer in words: "from outside the EU/EEA, with children"."""
        audience = audience or self.audience
        words = [self.gettext(ORIGIN_LABELS[audience.origin])] if audience.origin else []
        words += [self.gettext(HOUSEHOLD_LABELS[flag]) for flag in sorted(audience.households)]
        return ", ".join(words)

    def params(self, **extra):
        """The API parameters every call of this visit carries: language and audience."""
        return {"locale": self.lang, **self.audience.params(), **extra}

    async def by_address(self, path, *, keep=True, **params):
        """What the visitor opened by its address: personalised for their audience (body blocks
        for others left out), yet shown even when it is not meant for them, which the API
        answers with a 404 or an empty listing for their audience."""
        try:
            answer = await self.api.get(path, self.params(**params), keep=keep)
        except NotFound:
            answer = None
        if answer is not None and answer.get("items", True) != []:
            return answer
        return await self.api.get(path, {"locale": self.lang, **params}, keep=keep)

    def url(self, name, lang=None, **path_params):
        """The path of a named route, in this visit's language unless `lang` is given."""
        params = tuple(sorted({**path_params, "lang": lang or self.lang}.items()))
        return route_path(self.request.app, name, params)

    @property
    def site_name(self):
        return self.municipality["name"]

    @property
    def site_url(self):
        """The website's address for this municipality: its home's, else the configured one."""
        home = origin((self.municipality.get("home") or {}).get("html_url") or "")
        return home or self.settings.site_url

    def absolute(self, path):
        return self.site_url + path

    def media(self, url):
        """A URL the API gave (often a path on the CMS) as the visitor's browser can load it."""
        if not url or url.startswith(("http://", "https://")):
            return url
        return self.settings.browser_api_url + url

    @property
    def client_ip(self):
        forwarded = self.request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()
        return self.request.client.host if self.request.client else None

    def alternates(self):
        """This page in each language: the same path under the other language's prefix."""
        path = self.request.url.path
        rest = path[len(self.lang) + 1 :] if path.startswith(f"/{self.lang}/") else "/"
        qs = self.request.url.query
        return {
            lang: f"/{lang}{rest}" + (f"?{qs}" if qs and lang != self.lang else "")
            for lang in LANGUAGES
        }

    def render(self, template, context=None, *, status=200, headers=None):
        """A page of the site. The context may set `title`, `description`, `fallback` (the API
        gave the Danish copy for want of a translation), `structured_data` (JSON-LD objects, a
        list), `og_image`, `canonical` (a path), `alternates` (lang -> path, or None for a page
        with no language copies) and `noindex`."""
        context = dict(context or {})
        context.setdefault("alternates", self.alternates())
        canonical = context.get("canonical") or self.request.url.path
        context.update(
            visit=self,
            lang=self.lang,
            audience=self.audience,
            audience_label=self.audience_label,
            settings=self.settings,
            url=self.url,
            media=self.media,
            rich=lambda html: rich_text(html, self.settings.browser_api_url),
            canonical_url=self.absolute(canonical),
            absolute=self.absolute,
            request=self.request,
        )
        html = environment(self.lang).get_template(template).render(context)
        response = HTMLResponse(html, status_code=status, headers=headers)
        response.headers.setdefault("Content-Language", self.lang)
        return response
