"""The website's own words in Danish, English and German.

The messages are English in the code and templates; `locale/<lang>/*.po` hold the Danish and
German (one file per area of the site, merged here). They are read from the .po files when the
website starts, so there is no compile step and nothing generated is committed.
"""

from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.dates import format_time as babel_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from website.settings import DEFAULT_LANGUAGE, LANGUAGES

LOCALE_DIR = Path(__file__).parent / "locale"
TIME_ZONE = ZoneInfo("Europe/Copenhagen")
#: each language's name in itself, for the language switch
LANGUAGE_NAMES = {"da": "Dansk", "en": "English", "de": "Deutsch"}


@cache
def translations(lang):
    """The merged catalogs of one language (English is the messages themselves)."""
    files = sorted((LOCALE_DIR / lang).glob("*.po"))
    if not files:
        return NullTranslations()
    merged = None
    for path in files:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(buffer)
        merged = part if merged is None else merged.merge(part)
    return merged


def preferred_language(request):
    """The first of the site's languages the browser asks for, else Danish."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def N_(message):
    """Marks a message for the catalogs where it is defined; it is translated where shown."""
    return message


def parse_datetime(value):
    """An API timestamp (ISO 8601) as an aware datetime in the municipality's time zone."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=TIME_ZONE)
    return parsed.astimezone(TIME_ZONE)


#: Babel's locale of each language (English dates the European way: "Thursday 3 December")
BABEL_LOCALES = {"da": "da_DK", "en": "en_GB", "de": "de_DE"}


def formatters(lang):
    """Date and time formatting in the visitor's language, for templates."""
    lang = BABEL_LOCALES.get(lang, lang)

    def as_date(value, format="long"):  # noqa: A002 - Babel's own name
        if isinstance(value, str):
            value = date.fromisoformat(value[:10]) if len(value) == 10 else parse_datetime(value)
        if value is None:
            return ""
        return babel_date(value, format=format, locale=lang)

    def as_datetime(value, format="medium"):  # noqa: A002
        value = parse_datetime(value) if isinstance(value, str) else value
        if value is None:
            return ""
        return babel_datetime(value, format=format, tzinfo=TIME_ZONE, locale=lang)

    def as_time(value, format="short"):  # noqa: A002
        value = parse_datetime(value) if isinstance(value, str) else value
        if value is None:
            return ""
        return babel_time(value, format=format, tzinfo=TIME_ZONE, locale=lang)

    return {"format_date": as_date, "format_datetime": as_datetime, "format_time": as_time}
