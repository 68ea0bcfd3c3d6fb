"""Countries by ISO 3166-1 alpha-2 code, named in the interface language (from Babel's CLDR
data, which the product already ships for its translations)."""

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils import translation

#: CLDR's regions that are not countries (the EU, the UN, unknown, pseudo-regions)
NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})


@cache
def _names(language):
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale.parse("en").territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


COUNTRY_CODES = frozenset(_names("en"))


def country_name(code, language=None):
    return _names(language or translation.get_language() or "en").get(code, code)


def country_choices():
    names = _names(translation.get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1])
