"""The associations directory (search, filters, each association's page) and the doctors;
an association's own form is in views/association_form.py."""

from urllib.parse import urlencode

from babel import Locale
from babel.numbers import format_decimal
from starlette.routing import Route

from website.i18n import N_
from website.settings import LANGUAGES
from website.visit import Visit

PAGE_SIZE = 20
CATEGORIES = {
    "sport": N_("Sport"),
    "culture": N_("Culture"),
    "music": N_("Music"),
    "nature": N_("Nature and outdoor life"),
    "social": N_("Social"),
    "volunteering": N_("Volunteering"),
    "hobby": N_("Hobby and crafts"),
    "children_youth": N_("Children and youth"),
    "faith": N_("Faith"),
    "other": N_("Other"),
}
AUDIENCES = {
    "children": N_("Children"),
    "youth": N_("Youth"),
    "adults": N_("Adults"),
    "seniors": N_("Seniors"),
    "families": N_("Families"),
}
#: the languages an association can say it speaks (the API's codes, ISO 639)
# fmt: off
LANGUAGE_CODES = (
    "af", "ar", "ast", "az", "be", "bg", "bn", "br", "bs", "ca", "ckb", "cs", "cy", "da", "de",
    "dsb", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "fy", "ga", "gd", "gl", "he",
    "hi", "hr", "hsb", "hu", "hy", "ia", "id", "ig", "io", "is", "it", "ja", "ka", "kab", "kk",
    "km", "kn", "ko", "ky", "lb", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne",
    "nl", "nn", "os", "pa", "pl", "ps", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sr", "sv",
    "sw", "ta", "te", "tg", "th", "ti", "tk", "tr", "tt", "udm", "ug", "uk", "ur", "uz", "vi",
    "zh",
)
# fmt: on


def language_names(lang):
    """Every code an association may speak, with its name in the visitor's language, sorted
    by that name."""
    names = Locale.parse(lang).languages
    named = {code: (names.get(code) or code) for code in LANGUAGE_CODES}
    return {code: name[:1].upper() + name[1:] for code, name in named.items()}


def options(visit, labels):
    """(code, label in the visitor's language) pairs for a choice."""
    return [(code, visit.gettext(label)) for code, label in labels.items()]


def labelled(visit, codes, labels):
    return [visit.gettext(labels[code]) for code in codes if code in labels]


class Communities:
    """The community pages of every language (an association names one by its page id in
    any language), shown and linked in the visitor's language: copies share their slug."""

    @staticmethod
    def calls(visit):
        params = {"fields": "_,id,title,slug", "limit": 100}
        return [visit.api.get("communities/", {**params, "locale": code}) for code in LANGUAGES]

    def __init__(self, visit, answers):
        self.visit = visit
        self.slugs = {item["id"]: item["meta"]["slug"] for a in answers for item in a["items"]}
        here = answers[LANGUAGES.index(visit.lang)]["items"]
        self.by_slug = {item["meta"]["slug"]: item for item in here}

    def get(self, page_id):
        """The community in the visitor's language, or None."""
        return self.by_slug.get(self.slugs.get(page_id))

    def choices(self):
        return sorted(((c["id"], c["title"]) for c in self.by_slug.values()), key=lambda c: c[1])

    def href(self, community):
        return self.visit.url("community", slug=community["meta"]["slug"])


def chosen(value, allowed):
    """A filter's value when the API knows it (a stale or typed URL must not cause a 400)."""
    return value if value in allowed else ""


def danish_texts(answer):
    """id -> the Danish texts of each item of a `locale=da` answer."""
    return {item["id"]: item for item in answer["items"]}


def texts_in_danish(item, danish, lang):
    """The names of the item's texts that are the Danish stand-in for a missing translation."""
    if lang == "da" or not item["meta"].get("fallback") or danish is None:
        return set()
    return {name for name in ("description", "activities") if item.get(name) == danish.get(name)}


async def association_list(request):
    visit = Visit(request)
    query = request.query_params
    try:
        offset = max(int(query.get("offset", 0)), 0)
    except ValueError:
        offset = 0
    languages = language_names(visit.lang)
    filters = {
        "search": query.get("search", "").strip()[:200],
        "category": chosen(query.get("category", ""), CATEGORIES),
        "audience": chosen(query.get("audience", ""), AUDIENCES),
        "language": chosen(query.get("language", ""), languages),
        "community": query.get("community", "") if query.get("community", "").isdigit() else "",
        "newcomer_friendly": "1" if query.get("newcomer_friendly") else "",
        "free": "1" if query.get("free") else "",
    }
    params = visit.params(**filters, limit=PAGE_SIZE, offset=offset, fields="-json_ld")
    calls = [visit.api.get("associations/", params), *Communities.calls(visit)]
    if visit.lang != "da":
        danish = {**params, "locale": "da", "fields": "_,id,description"}
        calls.append(visit.api.get("associations/", danish))
    answer, *community_answers = await visit.api.gather(*calls)
    danish = danish_texts(community_answers.pop()) if visit.lang != "da" else {}
    communities = Communities(visit, community_answers)
    if filters["community"]:  # an id from another language's page: this language's copy
        community = communities.get(int(filters["community"]))
        filters["community"] = str(community["id"]) if community else ""
    items = [
        {
            **item,
            "href": visit.url("association", id=item["id"]),
            "community_page": communities.get(item.get("community")),
            "category_labels": labelled(visit, item.get("categories", []), CATEGORIES),
            "in_danish": texts_in_danish(item, danish.get(item["id"]), visit.lang),
        }
        for item in answer["items"]
    ]
    return visit.render(
        "associations/list.html",
        {
            "title": visit.gettext("Associations"),
            "description": visit.gettext(
                "Sport, music, culture, nature and volunteering: find an association near you."
            ),
            "items": items,
            "total": answer["meta"]["total_count"],
            "offset": offset,
            "limit": PAGE_SIZE,
            "filters": filters,
            "base_query": urlencode({k: v for k, v in filters.items() if v}),
            "filtered": any(filters.values()),
            "categories": options(visit, CATEGORIES),
            "audiences": options(visit, AUDIENCES),
            "languages": sorted(languages.items(), key=lambda pair: pair[1]),
            "communities": communities.choices(),
        },
    )


def fee_text(visit, fee):
    if not fee:
        return ""
    if fee.get("free"):
        return visit.gettext("Free of charge")
    low, high = fee.get("min"), fee.get("max")
    if low is None:
        return ""
    amount = format_decimal(low, locale=visit.lang)
    if high is None or high == low:
        return visit.gettext("%(amount)s DKK a year", amount=amount)
    high = format_decimal(high, locale=visit.lang)
    return visit.gettext("%(low)s–%(high)s DKK a year", low=amount, high=high)


async def association_detail(request):
    visit = Visit(request)
    association_id = request.path_params["id"]
    path = f"associations/{association_id}/"
    calls = [visit.api.get(path, visit.params()), *Communities.calls(visit)]
    if visit.lang != "da":
        calls.append(visit.api.get(path, {"locale": "da", "fields": "_,id,description,activities"}))
    item, *community_answers = await visit.api.gather(*calls)
    danish = community_answers.pop() if visit.lang != "da" else None
    communities = Communities(visit, community_answers)
    community = communities.get(item.get("community"))
    names = language_names(visit.lang)
    location = item.get("location") or {}
    return visit.render(
        "associations/detail.html",
        {
            "title": item["name"],
            "description": item.get("description", ""),
            "og_image": item.get("logo"),
            "structured_data": [item["json_ld"]] if item.get("json_ld") else [],
            "item": item,
            "in_danish": texts_in_danish(item, danish, visit.lang),
            "community": community,
            "community_href": communities.href(community) if community else "",
            "category_labels": labelled(visit, item.get("categories", []), CATEGORIES),
            "audience_labels": labelled(visit, item.get("audiences", []), AUDIENCES),
            "language_labels": [names.get(code, code) for code in item.get("languages", [])],
            "fee": fee_text(visit, item.get("fee")),
            "map_href": (
                f"https://www.openstreetmap.org/?mlat={location['lat']}&mlon={location['lon']}"
                f"#map=16/{location['lat']}/{location['lon']}"
                if location.get("lat") is not None
                else ""
            ),
        },
    )


async def doctors(request):
    visit = Visit(request)
    query = request.query_params
    names = language_names(visit.lang)
    filters = {
        "search": query.get("search", "").strip()[:200],
        "language": chosen(query.get("language", ""), names),
        "accepting_new_patients": "1" if query.get("accepting_new_patients") else "",
    }
    answer = await visit.api.get("doctors/", visit.params(**filters, limit=100))
    practices = [
        {**item, "language_labels": [names.get(code, code) for code in item.get("languages", [])]}
        for item in answer["items"]
    ]
    return visit.render(
        "associations/doctors.html",
        {
            "title": visit.gettext("Doctors"),
            "description": visit.gettext(
                "The general practices in the municipality and the languages their doctors speak."
            ),
            "practices": practices,
            "filters": filters,
            "filtered": any(filters.values()),
            "languages": sorted(names.items(), key=lambda pair: pair[1]),
        },
    )


routes = [
    Route("/associations/", association_list, name="associations"),
    Route("/associations/{id:int}/", association_detail, name="association"),
    Route("/doctors/", doctors, name="doctors"),
]
