"""One pagination for every listing: Wagtail's `limit`/`offset` and envelope, over a queryset
(or what counts and slices like one: the calendar's `Listing`, which reads only the page) or
a list built in Python (the checklist's plan)."""

from django.conf import settings
from wagtail.api.v2.pagination import WagtailPagination

from frontend_api.errors import ParameterError

#: beyond any real listing, within every database's integers
MAX_OFFSET = 2**31 - 1
DEFAULT_LIMIT = 20


def whole_number(params, name, upper, default):
    if name not in params:
        return default
    value = params[name]
    if not (value.isascii() and value.isdigit()) or int(value) > upper:
        allowed = f"0-{upper}"
        raise ParameterError(name, f"{name} must be a whole number, {allowed}", allowed=[allowed])
    return int(value)


class Pagination(WagtailPagination):
    @staticmethod
    def limits(request):
        """(limit, offset) of the request; a 400 naming the parameter when one is bad."""
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        limit = whole_number(request.GET, "limit", limit_max, min(DEFAULT_LIMIT, limit_max))
        offset = whole_number(request.GET, "offset", MAX_OFFSET, 0)
        return limit, offset

    def paginate_queryset(self, queryset, request, view=None):
        limit, offset = self.limits(request)
        self.view = view
        self.total_count = len(queryset) if isinstance(queryset, list) else queryset.count()
        return queryset[offset : offset + limit]
