"""The website speaks Danish, English and German: every message in its templates and code
has a Danish and a German translation, and the website stands on the API alone."""

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

WEBSITE = Path(__file__).resolve().parents[2] / "website"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
CMS_PACKAGES = {"cms", "communities", "events", "directory", "guide", "frontend_api", "django"}


def messages():
    found = {}
    method_map = [
        ("**.py", "python"),
        ("**/templates/**.html", "jinja2"),
        ("**/templates/**.xml", "jinja2"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        WEBSITE, method_map, options_map=options, keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, f"website/{filename}:{lineno}")
    return found


def entries(lang):
    """(message, entry, file) of every catalog of one language."""
    for path in sorted((WEBSITE / "locale" / lang).glob("*.po")):
        with path.open("rb") as handle:
            for entry in read_po(handle, locale=lang):
                if entry.id:
                    key = entry.id if isinstance(entry.id, str) else entry.id[0]
                    yield key, entry, path.name


def catalog(lang):
    return {key: (entry, filename) for key, entry, filename in entries(lang)}


@pytest.mark.parametrize("lang", ["da", "de"])
def test_every_message_is_translated(lang):
    entries = catalog(lang)
    missing = []
    for message, where in sorted(messages().items()):
        entry = entries.get(message, (None, None))[0]
        strings = (
            []
            if entry is None
            else (list(entry.string) if isinstance(entry.string, tuple) else [entry.string])
        )
        if entry is None or not all(strings) or entry.fuzzy:
            missing.append(f"{where}: {message!r}")
    assert not missing, f"{len(missing)} messages lack a {lang} translation:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", ["da", "de"])
def test_translations_keep_their_placeholders(lang):
    """`%(name)s` in a message must stay in its translation, or the page breaks."""
    import re

    placeholder = re.compile(r"%\(\w+\)s")
    wrong = []
    for message, (entry, filename) in catalog(lang).items():
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for string in strings:
            if string and set(placeholder.findall(string)) != set(placeholder.findall(message)):
                wrong.append(f"{filename}: {message!r} -> {string!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["da", "de"])
def test_each_message_is_translated_in_one_place(lang):
    """A message the areas share lives in base.po: two translations of it would disagree."""
    files = {}
    for key, _entry, filename in entries(lang):
        files.setdefault(key, []).append(filename)
    assert not {key: names for key, names in files.items() if len(names) > 1}


def test_the_website_imports_nothing_of_the_cms():
    """Everything the website shows comes over HTTP from /api/v2/."""
    imported = []
    for path in WEBSITE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in CMS_PACKAGES:
                    imported.append(f"{path.relative_to(WEBSITE.parent)}: {name}")
    assert not imported, imported
