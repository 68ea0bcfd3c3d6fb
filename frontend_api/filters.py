"""Filter backends for page endpoints that serve every language with a Danish fallback.

Tree filters (`child_of`, `descendant_of`) look below the given page *and its translations*,
so that a Danish page standing in for a missing translation is found under the English
parent too. Localisation then keeps one copy per page: the asked language, or Danish.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Case, DateTimeField, Q, When
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from communities.models import CommunityPage
from frontend_api import locales
from frontend_api.errors import ParameterError
from guide.tree_paths import below_q

#: the widest UTC offset PostgreSQL takes in a timestamp (Python's reach to ±23:59)
WIDEST_OFFSET = timedelta(hours=15, minutes=59)


class FieldsFilter(wagtail_filters.FieldsFilter):
    """Wagtail's filters by a field's value (`?first_published_at=…`), a moment checked
    first: one that is no date and time, or whose offset no database takes, is a 400
    naming the parameter (not a database error)."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name in fields and isinstance(_field(queryset.model, name), DateTimeField):
                _check_moment(name, value)
        return super().filter_queryset(request, queryset, view)


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except LookupError:
        return None


def _check_moment(name, value):
    try:
        moment = DateTimeField().to_python(value)
    except ValidationError as error:
        raise ParameterError(name, f"{name} must be a date and time (ISO 8601)") from error
    offset = moment.utcoffset() if moment is not None else None
    if offset is not None and abs(offset) > WIDEST_OFFSET:
        raise ParameterError(name, f"{name}: a time zone offset is at most ±15:59")


def _page_parameter(view, name):
    value = view.request.GET[name]
    if value == "root":
        return view.get_root_page()
    if not (value.isascii() and value.isdigit()):
        raise ParameterError(name, f"{name} must be a page id or 'root'")
    page = view.get_base_queryset().filter(pk=int(value)).first()
    if page is None:
        raise ParameterError(name, f"{name}: no such page")
    return page


def _with_translations(view, page):
    return list(view.get_base_queryset().filter(translation_key=page.translation_key))


class TranslatedChildOfFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "child_of" not in request.GET:
            return queryset
        if "descendant_of" in request.GET:
            raise ParameterError("descendant_of", "use either child_of or descendant_of")
        query = Q()
        for parent in _with_translations(view, _page_parameter(view, "child_of")):
            query |= Page.objects.child_of_q(parent)
        return queryset.filter(query)


class TranslatedDescendantOfFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "descendant_of" not in request.GET:
            return queryset
        query = Q()
        for ancestor in _with_translations(view, _page_parameter(view, "descendant_of")):
            query |= Page.objects.descendant_of_q(ancestor)
        return queryset.filter(query)


class AudienceFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        return view.audience.filter_pages(queryset)


class LocaleFallbackFilter(BaseFilterBackend):
    """`?locale=` (default: Accept-Language, then Danish) with `?fallback=false` to opt out.
    Skipped with `translation_of`, which asks for the other languages on purpose."""

    @staticmethod
    def applies(request):
        return "translation_of" not in request.GET or "locale" in request.GET

    def filter_queryset(self, request, queryset, view):
        if not self.applies(request):
            return queryset
        return locales.localise(queryset, view.locale_code, locales.wants_fallback(request))


class TranslationOfFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "translation_of" not in request.GET:
            return queryset
        page = _page_parameter(view, "translation_of")
        return queryset.filter(translation_key=page.translation_key).exclude(pk=page.pk)


class SearchFilter(BaseFilterBackend):
    """`?search=`: full-text search over the endpoint's model, then the other filters' result
    narrowed to the matches, best first unless `order` says otherwise.

    Wagtail's own filter hands the whole filtered queryset to the search backend, which
    refuses filters on fields it does not index (the expiry date, the locale fallback).
    """

    limit = 1000

    def filter_queryset(self, request, queryset, view):
        # words only: SQLite's full-text index reads a double quote as syntax
        query = request.GET.get("search", "").replace('"', " ").strip()
        if not query:  # nothing to look for: the listing as it is
            return queryset
        operator = request.GET.get("search_operator") or None
        results = get_search_backend().search(
            query, queryset.model.objects.all(), operator=operator
        )
        ranked = [result.pk for result in results[: self.limit]]
        queryset = queryset.filter(pk__in=ranked)
        if "order" not in request.GET:
            queryset = queryset.order_by(
                Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(ranked)), default=0)
            )
        return queryset


class CommunityFilter(BaseFilterBackend):
    """`?community=<id>`: pages in a community's section (below the community page, in any
    of its languages), e.g. its stories: `?type=guide.StoryPage&community=12`."""

    def filter_queryset(self, request, queryset, view):
        if "community" not in request.GET:
            return queryset
        community = _page_parameter(view, "community")
        if community.specific_class is not CommunityPage:
            raise ParameterError("community", "community: not a community page")
        query = Q()
        for copy in _with_translations(view, community):
            query |= below_q(copy)
        return queryset.filter(query)
