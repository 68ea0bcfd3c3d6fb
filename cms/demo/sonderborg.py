"""Builds the Sønderborg demo: a home and communities index per language, the communities
with their ambassadors and trial homes in Danish, English and German, and their users; then
Aabenraa, a second and smaller municipality beside it (`cms/demo/aabenraa.py`).

Idempotent: what exists (matched by slug and language) is left as it is, so a coordinator's
edits to the demo survive a second run.
"""

import colorsys
import hashlib
import io
import json
import secrets
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from cms.demo import aabenraa as aabenraa_demo
from cms.demo import directory as directory_demo
from cms.demo import events as events_demo
from cms.demo import guide as guide_demo
from cms.demo import municipality as municipality_demo
from communities import access, municipalities
from communities.models import Ambassador, CommunityIndexPage, CommunityPage, TrialHomePage
from guide.models import HomePage

DATA = Path(__file__).resolve().parent
LANGUAGES = ("da", "en", "de")
User = get_user_model()


def _load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _paragraphs(texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def _facts(facts, lang):
    if not facts:
        return []
    return [
        (
            "facts",
            [
                {"kind": fact["kind"], "label": fact["label"][lang], "value": fact["value"][lang]}
                for fact in facts
            ],
        )
    ]


def hero_image(page, collection):
    """A simple banner in the community's own collection: a gradient and its name."""
    hue = int(hashlib.sha256(page.slug.encode()).hexdigest()[:2], 16) / 255
    top = tuple(round(255 * c) for c in colorsys.hsv_to_rgb(hue, 0.45, 0.75))
    bottom = tuple(round(255 * c) for c in colorsys.hsv_to_rgb((hue + 0.08) % 1, 0.6, 0.35))
    banner = PILImage.new("RGB", (1200, 500))
    draw = ImageDraw.Draw(banner)
    for y in range(500):
        mix = y / 499
        draw.line(
            [(0, y), (1200, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    draw.text((60, 380), page.title, fill="white", font=ImageFont.load_default(size=72))
    buffer = io.BytesIO()
    banner.save(buffer, format="JPEG", quality=85)
    return Image.objects.create(
        title=page.title,
        collection=collection,
        file=ImageFile(buffer, name=f"{page.slug}.jpg"),
    )


def _publish(page):
    page.save_revision().publish()
    return page


class DemoBuilder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.locales = {}
        self.created = []  # the usernames of the accounts this run made

    def build(self, password):
        with transaction.atomic():
            self.locales = {
                code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES
            }
            data = _load("site.json")
            home = self.home(data["home"])
            municipality_demo.describe(Site.objects.get(root_page=home), data["municipality"])
            index = self.communities_index(home, data["communities"])
            communities = _load("communities.json")["communities"]
            for community in communities:
                self.community(index, community)
            self.users(communities, password)
            for area in (guide_demo, events_demo, directory_demo):
                area.build(self, home)
            aabenraa_demo.build(self, password)
        return home, self.created

    # pages ------------------------------------------------------------------------------

    def _translate(self, source, lang, fill):
        """The `lang` copy of `source`, created and filled on first run."""
        locale = self.locales[lang]
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        copy = source.copy_for_translation(locale, copy_parents=True)
        fill(copy, lang)
        return _publish(copy)

    def _in_all_languages(self, parent, model, slug, fill, after_create=None):
        source = model.objects.child_of(parent).filter(slug=slug).first()
        if source is None:
            source = model(slug=slug, locale=self.locales["da"])
            fill(source, "da")
            parent.add_child(instance=source)
            _publish(source)
            if after_create:
                after_create(source)
        for lang in LANGUAGES[1:]:
            self._translate(source, lang, fill)
        return source

    def home(self, data):
        root = Page.get_first_root_node()

        def fill(page, lang):
            page.title = data["title"][lang]
            page.intro = data["intro"][lang]

        home = self._in_all_languages(root, HomePage, data["slug"], fill)
        # the site's address is the website's: pages' html_url and View live point there
        website = urlsplit(settings.WEBSITE_URL)
        address = {
            "hostname": website.hostname,
            "port": website.port or (443 if website.scheme == "https" else 80),
        }
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                **address, root_page=home, is_default_site=True, site_name="Sønderborg"
            )
        elif site.root_page_id != home.pk:
            stock_welcome = site.root_page
            site.root_page = home
            site.site_name = "Sønderborg"
            site.hostname, site.port = address["hostname"], address["port"]
            site.save()
            if stock_welcome.specific_class is Page and not stock_welcome.get_children().exists():
                stock_welcome.delete()  # the "Welcome to Wagtail" placeholder
        return home

    def communities_index(self, home, data):
        def fill(page, lang):
            page.title = data["title"][lang]
            page.intro = data["intro"][lang]

        return self._in_all_languages(home, CommunityIndexPage, data["slug"], fill)

    def community(self, index, data):
        def fill(page, lang):
            page.title = data["title"][lang]
            page.kind = data["kind"]
            page.intro = data["intro"][lang]
            page.body = _paragraphs(data["body"][lang]) + _facts(data.get("facts"), lang)
            page.latitude = Decimal(str(data["latitude"]))
            page.longitude = Decimal(str(data["longitude"]))
            contact = data.get("contact") or {}
            page.contact_name = contact.get("name", "")
            page.contact_email = contact.get("email", "")
            page.contact_phone = contact.get("phone", "")
            if lang == "da":
                page.ambassadors = [
                    Ambassador(
                        sort_order=position,
                        name=person["name"],
                        role=person["role"]["da"],
                        languages=person["languages"],
                        moved_here=person["moved_here"],
                        email=person.get("email", ""),
                        phone=person.get("phone", ""),
                        contact_public=person["contact_public"],
                    )
                    for position, person in enumerate(data.get("ambassadors", []))
                ]
            else:
                # the copy's ambassadors, in their order, with the role in this language
                ambassadors = sorted(page.ambassadors.all(), key=lambda a: a.sort_order)
                for ambassador, person in zip(
                    ambassadors, data.get("ambassadors", []), strict=True
                ):
                    ambassador.role = person["role"][lang]
                page.ambassadors = ambassadors

        def add_hero_image(page):
            page.hero_image = hero_image(page, access.access_for(page).collection)
            _publish(page)

        community = self._in_all_languages(
            index, CommunityPage, data["slug"], fill, after_create=add_hero_image
        )
        for home in data.get("trial_homes", []):
            self.trial_home(community, home)
        return community

    def trial_home(self, community, data):
        def fill(page, lang):
            page.title = data["title"][lang]
            page.address = data["address"]
            page.area = data["area"]
            page.size_m2 = data["size_m2"]
            page.rooms = data.get("rooms")
            page.rent_per_month = Decimal(str(data["rent_per_month"]))
            page.available_from = date.fromisoformat(data["available_from"])
            to = data.get("available_to")
            page.available_to = date.fromisoformat(to) if to else None
            page.min_stay_months = data["min_stay_months"]
            page.max_stay_months = data["max_stay_months"]
            page.status = data["status"]
            page.description = _paragraphs([data["description"][lang]])
            contact = data.get("contact") or {}
            page.contact_name = contact.get("name", "")
            page.contact_email = contact.get("email", "")
            page.contact_phone = contact.get("phone", "")

        return self._in_all_languages(community, TrialHomePage, data["slug"], fill)

    # users ------------------------------------------------------------------------------

    def account(self, username, password, **fields):
        """The demo user `username`: made with the demo password, or given it again when
        DEMO_PASSWORD is set; otherwise left as it is."""
        user, new = User.objects.get_or_create(username=username, defaults=fields)
        if new or password.explicit:
            user.set_password(password.value)
            user.save()
        if new:
            self.created.append(username)
        return user

    def users(self, communities, password):
        """`coordinator` and one `editor-<slug>` per community."""
        coordinator = self.account(
            "coordinator", password, first_name="Koordinator", email="coordinator@example.dk"
        )
        coordinator.groups.add(municipalities.coordinators_group())
        for data in communities:
            page = CommunityPage.objects.get(slug=data["slug"], locale=self.locales["da"])
            editor = self.account(
                f"editor-{data['slug']}", password, email=f"editor-{data['slug']}@example.dk"
            )
            access.access_for(page).group.user_set.add(editor)


class DemoPassword:
    """DEMO_PASSWORD when given (then every demo user gets it), else one generated once."""

    def __init__(self, given):
        self.explicit = bool(given)
        self.value = given or secrets.token_urlsafe(12)
