"""The website's settings, all from the environment (a deployment sets them; the defaults
serve `make run` on one machine)."""

import os
from dataclasses import dataclass, field

LANGUAGES = ("da", "en", "de")
DEFAULT_LANGUAGE = "da"


def _env(name, default):
    return os.environ.get(name, "").strip() or default


@dataclass(frozen=True)
class Settings:
    #: where the website reaches the API, server to server
    api_url: str = "http://127.0.0.1:8000"
    #: the API as the visitor's browser reaches it (iCal links, images, documents); behind
    #: one domain this is the website's own address
    public_api_url: str = ""
    #: the website's own public address (canonical URLs, sitemap, OpenGraph)
    site_url: str = "http://127.0.0.1:8001"
    #: seconds before an API call counts as failed
    api_timeout: float = 3.0
    #: API responses kept for revalidation with If-None-Match
    api_cache_size: int = 2000
    #: map tiles (`{z}/{x}/{y}`); empty: no map, the plain list only
    map_tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_attribution: str = "© OpenStreetMap"
    #: the municipality's name as the website shows it
    site_name: str = "Velkomst"
    languages: tuple = field(default=LANGUAGES)

    @property
    def browser_api_url(self):
        return self.public_api_url or self.api_url

    @classmethod
    def from_env(cls):
        api_url = _env("VELKOMST_API_URL", cls.api_url).rstrip("/")
        return cls(
            api_url=api_url,
            public_api_url=_env("VELKOMST_PUBLIC_API_URL", api_url).rstrip("/"),
            site_url=_env("WEBSITE_URL", cls.site_url).rstrip("/"),
            api_timeout=float(_env("VELKOMST_API_TIMEOUT", str(cls.api_timeout))),
            api_cache_size=int(_env("VELKOMST_API_CACHE_SIZE", str(cls.api_cache_size))),
            map_tiles=os.environ.get("WEBSITE_MAP_TILES", cls.map_tiles).strip(),
            map_attribution=_env("WEBSITE_MAP_ATTRIBUTION", cls.map_attribution),
            site_name=_env("WEBSITE_SITE_NAME", cls.site_name),
        )
