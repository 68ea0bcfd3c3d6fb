"""Which language a client asked for, and Danish in place of a missing translation."""

from django.utils.translation.trans_real import parse_accept_lang_header

from frontend_api.errors import ParameterError, boolean_parameter
from guide.public import content_languages, default_language, localise

__all__ = ["localise"]


def supported():
    return content_languages()


def default():
    return default_language()


def requested_locale(request, fallback=None):
    """`?locale=`, else the first supported language of Accept-Language, else `fallback` or
    Danish."""
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
    return fallback or default()


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
