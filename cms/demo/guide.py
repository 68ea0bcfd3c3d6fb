"""The demo's newcomer guide: the checklist, the stories, the culture guide, contacts,
useful links and the welcome letter on the home page, in Danish, English and German.

Data lives in `guide_*.json` next to this module. Idempotent: what exists (pages by slug and
language, snippets by their Danish text) is left as the coordinator made it; dependencies
and the welcome letter are written only where there are none yet.
"""

import json
from pathlib import Path

from django.utils.html import escape
from wagtail.rich_text import RichText

from communities.models import CommunityIndexPage, CommunityPage
from guide.models import (
    ChecklistLink,
    ChecklistPage,
    ChecklistStepPage,
    Contact,
    CultureNote,
    PageAudience,
    StoriesIndexPage,
    StoryPage,
    UsefulLink,
)

DATA = Path(__file__).resolve().parent


def _paragraphs(texts):
    return [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in texts]


def _load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def build(builder, home):
    checklist = _load("guide_checklist.json")
    stories = _load("guide_stories.json")
    people = _load("guide_contacts.json")
    index = build_checklist(builder, home, checklist)
    stories_index = build_stories(builder, home, stories)
    build_snippets(builder, _load("guide_culture.json")["notes"], people)
    build_welcome(
        builder, home, stories["welcome"], {index.slug: index, stories_index.slug: stories_index}
    )


def _fill_index(data):
    def fill(page, lang):
        page.title = data["title"][lang]
        page.intro = data["intro"][lang]

    return fill


def build_checklist(builder, home, data):
    index = builder._in_all_languages(
        home, ChecklistPage, data["index"]["slug"], _fill_index(data["index"])
    )
    existing = set(ChecklistStepPage.objects.child_of(index).values_list("slug", flat=True))
    steps = {}
    for step in data["steps"]:
        steps[step["slug"]] = builder._in_all_languages(
            index, ChecklistStepPage, step["slug"], _fill_step(step)
        )
    for step in data["steps"]:
        if step["slug"] in existing or not step["after"]:
            continue
        source = steps[step["slug"]]
        for copy in ChecklistStepPage.objects.filter(translation_key=source.translation_key):
            copy.depends_on = [
                steps[slug].get_translation(copy.locale).specific for slug in step["after"]
            ]
            copy.save_revision().publish()
    return index


def _fill_step(data):
    def fill(page, lang):
        page.title = data["title"][lang]
        page.body = data["body"][lang]
        page.duration = data["duration"][lang]
        page.audience_tags = [PageAudience(audience=code) for code in data["audiences"]]
        page.links = [
            ChecklistLink(label=link["label"][lang], url=link["url"], sort_order=n)
            for n, link in enumerate(data["links"])
        ]

    return fill


def build_stories(builder, home, data):
    index = builder._in_all_languages(
        home, StoriesIndexPage, data["index"]["slug"], _fill_index(data["index"])
    )
    communities = CommunityIndexPage.objects.child_of(home).first()
    for story in data["stories"]:
        parent = index
        if story["community"] and communities is not None:
            parent = CommunityPage.objects.child_of(communities).get(slug=story["community"])
        builder._in_all_languages(parent, StoryPage, story["slug"], _fill_story(story))
    return index


def _fill_story(data):
    def fill(page, lang):
        page.title = data["title"][lang]
        page.first_name = data["first_name"]
        page.origin_country = data["country"]
        page.origin_place = data["place"]
        page.arrival_year = data["year"]
        page.quote = data["quote"][lang]
        page.body = _paragraphs(data["body"][lang])
        page.audience_tags = [PageAudience(audience=code) for code in data["audiences"]]

    return fill


def build_snippets(builder, notes, people):
    for n, note in enumerate(notes):
        _snippet(
            builder,
            CultureNote,
            {"question": note["q"]["da"]},
            lambda lang, note=note, n=n: {
                "question": note["q"][lang],
                "answer": note["a"][lang],
                "sort_order": n,
            },
        )
    for n, person in enumerate(people["contacts"]):
        _snippet(
            builder,
            Contact,
            {"name": person["name"]},
            lambda lang, person=person, n=n: {
                "name": person["name"],
                "role": person["role"][lang],
                "department": person["department"][lang],
                "email": person["email"],
                "phone": person["phone"],
                "topics": person["topics"],
                "languages": person["languages"],
                "international": person["international"],
                "sort_order": n,
            },
        )
    for n, link in enumerate(people["links"]):
        _snippet(
            builder,
            UsefulLink,
            {"url": link["url"], "label": link["label"]["da"]},
            lambda lang, link=link, n=n: {
                "group": link["group"],
                "label": link["label"][lang],
                "url": link["url"],
                "description": link["description"][lang],
                "sort_order": n,
            },
        )


def _snippet(builder, model, match, fields):
    """The Danish snippet matched by `match` and its translations, created when missing."""
    source = model.objects.filter(locale=builder.locales["da"], **match).first()
    if source is None:
        source = model(locale=builder.locales["da"], **fields("da"))
        source.full_clean()
        source.save()
    for lang, locale in builder.locales.items():
        if lang == "da" or source.has_translation(locale):
            continue
        copy = source.copy_for_translation(locale)
        for name, value in fields(lang).items():
            setattr(copy, name, value)
        copy.full_clean()
        copy.save()


def build_welcome(builder, home, data, pages):
    """The welcome letter: the home page's introduction and what the service offers."""
    pages = {**pages, "lokalsamfund": CommunityIndexPage.objects.child_of(home).first()}
    for copy in home.get_translations(inclusive=True).specific():
        if copy.sections.raw_data:
            continue
        lang = copy.locale.language_code
        copy.intro = data["intro"][lang]
        sections = []
        for section in data["sections"]:
            target = pages.get(section["page"]) if section["page"] else None
            if target is not None:
                target = target.get_translation_or_none(copy.locale) or target
            sections.append(
                (
                    "section",
                    {
                        "title": section["title"][lang],
                        "text": section["text"][lang],
                        "page": target,
                        "url": "",
                    },
                )
            )
        copy.sections = sections
        copy.save_revision().publish()
