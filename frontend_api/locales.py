"""Which language a client asked for, and Danish in place of a missing translation."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation.trans_real import parse_accept_lang_header

from frontend_api.errors import ParameterError, boolean_parameter


def supported():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def default():
    return settings.LANGUAGE_CODE


def requested_locale(request):
    """`?locale=`, else the first supported language of Accept-Language, else Danish."""
    params = request.GET
    if "locale" in params:
        code = params["locale"]
        if code not in supported():
            raise ParameterError("locale", f"unknown locale '{code}'", allowed=supported())
        return code
    for language, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = language.split("-")[0].lower()
        if code in supported():
            return code
    return default()


def wants_fallback(request):
    return boolean_parameter(request.GET, "fallback", default=True)


def is_fallback(language_code, asked_code):
    """Whether an item in `language_code` given to a client that asked for `asked_code` is a
    Danish fallback. True of every Danish item of a localised listing when another language
    was asked for; an item asked for by id is one only if, besides, it has no translation in
    the asked language (`has_translation`)."""
    return language_code == default() and asked_code != default()


def has_translation(queryset, page, language_code):
    """Whether `queryset` (what may be shown) holds a copy of `page` in `language_code`."""
    return queryset.filter(
        translation_key=page.translation_key, locale__language_code=language_code
    ).exists()


def localise(queryset, locale_code, fallback=True):
    """The pages in `locale_code`, plus, with `fallback`, the Danish pages that have no
    (visible) translation in it. `queryset` must already hold only what may be shown."""
    asked = queryset.filter(locale__language_code=locale_code)
    if not fallback or locale_code == default():
        return asked
    translated = asked.values("translation_key")
    return queryset.filter(
        Q(locale__language_code=locale_code)
        | (Q(locale__language_code=default()) & ~Q(translation_key__in=translated))
    )
