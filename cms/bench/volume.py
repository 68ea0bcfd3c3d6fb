"""A large municipality's pages for the benchmark (`manage.py seed_volume`), or several
municipalities alike, each a site of its own (`--municipalities N`: hosts muni1.localhost …
muniN.localhost, the first the default site), with associations in their communities
(`--associations`, per municipality).

Every page is a real Wagtail page: added to the tree with `add_child`, published through a
revision, and translated into English and German with `copy_for_translation` (the copies
published too), so the page tree, revisions, translation keys, community rooms (groups,
collections, page permissions) and search index look like the ones editors would leave.

What is made faster than an editor would make it:

- the whole seed is one transaction (all or nothing, and SQLite syncs to disk once);
- the search index and Wagtail's reference index are built once at the end
  (`update_index`, `rebuild_references_index`: one bulk pass each) instead of on every save
  through the background-task queue;
- images are small, generated in memory, and shared by a community's trial homes;
- with `quick_homes` (`seed_volume --quick-homes`, the scale scenario's 30,000 pages), trial
  homes are added live in each language directly, without revisions or
  `copy_for_translation`: what the API reads, about four times faster (communities, their
  rooms and the homes' parents are made as above).
"""

import io
import math
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail.search.index import get_indexed_models
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.bench import associations as bench_associations
from cms.bench import text
from communities import access
from communities.models import (
    Ambassador,
    CommunityIndexPage,
    CommunityKind,
    CommunityPage,
    TrialHomePage,
    TrialHomePhoto,
    TrialHomeStatus,
)
from guide.models import HomePage

LANGUAGES = ("da", "en", "de")
HOME_SLUG = "bench-municipality"
HOST = "muni{number}.localhost"
INDEX_SLUG = "communities"
AMBASSADOR_LANGUAGES = (["da"], ["da", "en"], ["da", "de"], ["da", "en", "de"], ["da", "uk"])


class Plan:
    """How many of what: `pages` (at least) in all, in three languages, over `communities`."""

    def __init__(self, communities, pages):
        if communities < 1:
            raise ValueError("at least one community")
        self.communities = communities
        per_language = math.ceil(pages / len(LANGUAGES))
        # a home and a communities index per language, then the communities and their homes
        homes = max(0, per_language - 2 - communities)
        base, extra = divmod(homes, communities)
        self.homes = [base + (1 if i < extra else 0) for i in range(communities)]

    @property
    def pages_per_language(self):
        return 2 + self.communities + sum(self.homes)

    @property
    def total_pages(self):
        return self.pages_per_language * len(LANGUAGES)

    def describe(self):
        low, high = min(self.homes), max(self.homes)
        spread = f"{low}" if low == high else f"{low}–{high}"
        return (
            f"{self.communities} communities with {spread} trial homes each: "
            f"{self.pages_per_language} pages per language, {self.total_pages} in "
            f"{len(LANGUAGES)} languages"
        )


def content_pages():
    """Pages other than the tree's root and Wagtail's stock welcome page."""
    return Page.objects.exclude(depth=1).exclude(depth=2, content_type__model="page")


def _publish(page):
    page.save_revision().publish()
    return page


def _paragraphs(texts):
    return [("paragraph", RichText(f"<p>{t}</p>")) for t in texts]


def _jpeg(colour, size=(480, 270)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG", quality=70)
    return buffer


class VolumeBuilder:
    """`municipalities` alike, each of `plan`'s size with `associations` associations."""

    def __init__(
        self, plan, stdout, seed=2025, municipalities=1, associations=0, quick_homes=False
    ):
        self.plan = plan
        self.quick_homes = quick_homes
        self.translations_of = {}  # a parent's pk -> its pages by locale pk (quick homes)
        self.stdout = stdout
        self.seed = seed
        self.municipalities = municipalities
        self.associations = associations
        self.locales = {}
        self.created = 0
        self.started = time.monotonic()

    def build(self):
        with (
            transaction.atomic(),
            _search_index_deferred(),
            disable_reference_index_auto_update(),
        ):
            self.locales = {
                code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES
            }
            sites = [self.municipality(n) for n in range(1, self.municipalities + 1)]
        self._progress("committed")
        self.stdout.write("  building the search and reference indexes in bulk…")
        call_command("update_index", stdout=io.StringIO())
        call_command("rebuild_references_index", stdout=io.StringIO())
        self._progress("indexes built")
        return sites

    def municipality(self, number):
        """One municipality's site, pages and associations; the first keeps the text a
        single municipality always had."""
        self.words = text.Words(self.seed + number - 1)
        home, site = self.home(number)
        index = self.index(home)
        slugs, communities = set(), []
        prefix = f"{site.site_name}: " if self.municipalities > 1 else ""
        for position, homes in enumerate(self.plan.homes, start=1):
            community = self.community(index, position, slugs)
            communities.append(community)
            for home_position in range(homes):
                self.trial_home(community, home_position)
            if position == 1 or position % 5 == 0 or position == self.plan.communities:
                self._progress(f"{prefix}{position}/{self.plan.communities} communities")
        bench_associations.seed(site, communities, self.associations, self.words.rng)
        return site

    def _progress(self, what):
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"  {what}: {self.created} pages, {elapsed:.1f} s")

    # pages ------------------------------------------------------------------------------

    def _in_all_languages(self, parent, source, fill, before_publish=None):
        """Add `source` (Danish) under `parent`, publish it, and its en/de copies."""
        fill(source, "da")
        parent.add_child(instance=source)
        if before_publish:
            before_publish(source)
        _publish(source)
        self.created += 1
        for lang in LANGUAGES[1:]:
            copy = source.copy_for_translation(self.locales[lang], copy_parents=True)
            fill(copy, lang)
            _publish(copy)
            self.created += 1
        return source

    def home(self, number):
        """The municipality's home in every language and its site: the first takes over
        the default site, the others are added beside it."""
        root = Page.get_first_root_node()
        slug = HOME_SLUG if number == 1 else f"{HOME_SLUG}-{number}"
        address = {"hostname": HOST.format(number=number), "site_name": f"Bench {number}"}
        titles = {"da": "Velkommen", "en": "Welcome", "de": "Willkommen"}

        def fill(page, lang):
            page.title = titles[lang]
            page.intro = text.INTRO[lang].format(place="Sønderborg")

        home = self._in_all_languages(root, HomePage(slug=slug, locale=self.locales["da"]), fill)
        site = Site.objects.filter(is_default_site=True).first() if number == 1 else None
        if site is None:
            site = Site.objects.create(root_page=home, is_default_site=number == 1, **address)
        else:
            stock_welcome = site.root_page
            site.root_page = home
            site.hostname, site.site_name = address["hostname"], address["site_name"]
            site.save()
            if stock_welcome.specific_class is Page and not stock_welcome.get_children().exists():
                stock_welcome.delete()
        return home, site

    def index(self, home):
        titles = {"da": "Lokalsamfund", "en": "Communities", "de": "Gemeinschaften"}

        def fill(page, lang):
            page.title = titles[lang]
            page.intro = text.INTRO[lang].format(place="Sønderborg")

        return self._in_all_languages(
            home, CommunityIndexPage(slug=INDEX_SLUG, locale=self.locales["da"]), fill
        )

    def community(self, index, number, slugs):
        words = self.words
        place = words.place()
        corps = number % 10 == 0  # one in ten is an ambassador corps
        titles = {
            lang: text.CORPS[lang].format(place=place) if corps else place for lang in LANGUAGES
        }
        slug = text.slug(titles["da"])
        while slug in slugs:
            slug = f"{slug}-{number}"
        slugs.add(slug)
        body = words.paragraphs(place, count=4)
        people = [
            (words.person(), words.rng.randrange(3), words.rng.random() < 0.4)
            for _ in range(words.rng.randint(2, 5))
        ]
        lat = Decimal("54.90") + Decimal(words.rng.randrange(0, 20000)) / Decimal(100000)
        lon = Decimal("9.60") + Decimal(words.rng.randrange(0, 40000)) / Decimal(100000)

        def fill(page, lang):
            page.title = titles[lang]
            page.kind = CommunityKind.AMBASSADOR_CORPS if corps else CommunityKind.LOCAL_COMMUNITY
            page.intro = text.INTRO[lang].format(place=place)
            page.body = _paragraphs(body[lang]) + [
                (
                    "facts",
                    [
                        {"kind": kind, "label": labels[lang], "value": f"{place} {kind}"}
                        for kind, labels in text.FACT_LABELS.items()
                    ],
                )
            ]
            page.latitude, page.longitude = lat, lon
            page.contact_name = people[0][0]
            page.contact_email = f"kontakt@{slug}.example.dk"
            page.contact_phone = f"+45 {7400_0000 + number:08d}"
            if lang == "da":
                page.ambassadors = [
                    Ambassador(
                        name=name,
                        role=text.ROLES["da"][role],
                        languages=AMBASSADOR_LANGUAGES[i % len(AMBASSADOR_LANGUAGES)],
                        moved_here=i % 2 == 0,
                        email=f"{text.slug(name)}@{slug}.example.dk",
                        phone=f"+45 {2000_0000 + number * 10 + i:08d}",
                        contact_public=public,
                    )
                    for i, (name, role, public) in enumerate(people)
                ]
            else:
                for ambassador, (_name, role, _public) in zip(
                    page.ambassadors.all(), people, strict=True
                ):
                    ambassador.role = text.ROLES[lang][role]

        def with_images(page):
            collection = access.access_for(page).collection
            hue = (number * 37) % 255
            self.images = [
                Image.objects.create(
                    title=f"{titles['da']} {what}",
                    collection=collection,
                    file=ImageFile(_jpeg((hue, 120 + k * 30, 255 - hue)), name=f"{slug}-{k}.jpg"),
                )
                for k, what in enumerate(("hero", "home", "garden"))
            ]
            page.hero_image = self.images[0]

        return self._in_all_languages(
            index,
            CommunityPage(slug=slug, locale=self.locales["da"]),
            fill,
            before_publish=with_images,
        )

    def trial_home(self, community, position):
        rng = self.words.rng
        street, number = rng.choice(text.STREETS), rng.randint(1, 120)
        size, rooms = rng.randrange(45, 180, 5), rng.randint(2, 6)
        available_from = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 365))
        status = rng.choices(list(TrialHomeStatus), weights=(6, 2, 2))[0]
        rent = Decimal(rng.randrange(3000, 9000, 250))
        slug = f"{text.slug(street)}-{number}-{position + 1}"
        photos = self.images[1:]

        def fill(page, lang):
            page.title = text.HOME_TITLE[lang].format(street=street, number=number)
            page.address = f"{street} {number}, {community.title}"
            page.area = community.title
            page.size_m2, page.rooms = size, rooms
            page.rent_per_month = rent
            page.available_from = available_from
            page.available_to = available_from + timedelta(days=180)
            page.min_stay_months, page.max_stay_months = 1, 6
            page.status = status
            page.description = _paragraphs(
                [line.format(size=size, rooms=rooms) for line in text.HOME_TEXT[lang]]
            )
            page.contact_name = community.contact_name
            page.contact_email = community.contact_email
            page.contact_phone = community.contact_phone
            if lang == "da" or self.quick_homes:  # copy_for_translation copies them
                page.photos = [TrialHomePhoto(image=image, caption=image.title) for image in photos]

        source = TrialHomePage(slug=slug, locale=self.locales["da"])
        if self.quick_homes:
            return self._live_in_all_languages(community, source, fill)
        return self._in_all_languages(community, source, fill)

    def _live_in_all_languages(self, parent, source, fill):
        """Add `source` (Danish) under `parent` and its en/de pages under `parent`'s
        translations, live, without revisions."""
        if parent.pk not in self.translations_of:
            self.translations_of[parent.pk] = {
                page.locale_id: page for page in parent.get_translations(inclusive=True)
            }
        now = timezone.now()
        for lang in LANGUAGES:
            page = source if lang == "da" else type(source)(slug=source.slug)
            page.locale, page.translation_key = self.locales[lang], source.translation_key
            page.first_published_at = page.last_published_at = now
            fill(page, lang)
            self.translations_of[parent.pk][page.locale_id].add_child(instance=page)
            self.created += 1
        return source


class _search_index_deferred:
    """Leave the per-save search index updates out; `update_index` does them in bulk after."""

    def __enter__(self):
        self.handler = post_save_signal_handler
        self.senders = [
            model
            for model in get_indexed_models()
            if post_save.disconnect(self.handler, sender=model)
        ]
        return self

    def __exit__(self, *exc):
        for model in self.senders:
            post_save.connect(self.handler, sender=model)
        return False
