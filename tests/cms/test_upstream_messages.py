"""locale/upstream/ holds our Danish for what Wagtail's and wagtail-localize's catalogs leave
untranslated; `update_upstream_messages` regenerates it from the installed packages."""

from pathlib import Path

import pytest
from babel.messages import pofile
from django.conf import settings

from cms.management.commands.update_upstream_messages import DOMAINS, build_catalog

UPSTREAM = Path(settings.BASE_DIR) / "locale" / "upstream" / "da" / "LC_MESSAGES"


def committed(domain):
    with (UPSTREAM / f"{domain}.po").open("rb") as f:
        return pofile.read_po(f)


def entries(catalog):
    return {(m.id, m.context): m.string for m in catalog if m.id}


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_catalog_is_current_and_complete(domain):
    """Fails after an upgrade that brings new messages: run update_upstream_messages."""
    ours = committed(domain)
    regenerated = entries(build_catalog("da", domain, ours))
    assert regenerated == entries(ours)
    assert all(all(s) if isinstance(s, tuple) else s for s in regenerated.values())


def test_a_regeneration_keeps_translations_and_shows_what_is_new():
    ours = committed("django")
    forgotten = next(m for m in ours if m.id and isinstance(m.id, str))
    kept = next(m for m in ours if m.id and m.id != forgotten.id)
    del ours[forgotten.id]
    regenerated = build_catalog("da", "django", ours)
    assert regenerated.get(forgotten.id, forgotten.context).string == ""
    assert regenerated.get(kept.id, kept.context).string == kept.string
