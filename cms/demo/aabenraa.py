"""Aabenraa, the demo's second and smaller municipality: a site of its own at
aabenraa.localhost (on the Sønderborg site's port; Sønderborg stays the default site), its
home and communities index in Danish, English and German, three communities, a short
checklist, a few associations and events, and its coordinator `coordinator-aabenraa`.

Data lives in `aabenraa.json`; the pages are built by the Sønderborg demo's builder. Idempotent
like the rest of the demo: what exists (pages by slug and language, the site by its root
page, associations by their external id) is left as it is.
"""

import json
from pathlib import Path

from wagtail.models import Page, Site

from cms.demo import events as events_demo
from cms.demo import guide as guide_demo
from cms.demo import municipality as municipality_demo
from communities import municipalities
from communities.models import CommunityIndexPage
from directory.forms import AssociationForm
from directory.models import Association
from guide.models import HomePage

DATA = Path(__file__).resolve().parent / "aabenraa.json"


def build(builder, password):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    home = builder._in_all_languages(
        Page.get_first_root_node(), HomePage, data["home"]["slug"], _fill_intro(data["home"])
    )
    site = _site(home, data["site"])
    municipality_demo.describe(site, data["municipality"])
    index = builder._in_all_languages(
        home,
        CommunityIndexPage,
        data["communities_index"]["slug"],
        _fill_intro(data["communities_index"]),
    )
    communities = {c["slug"]: builder.community(index, c) for c in data["communities"]}
    guide_demo.build_checklist(builder, home, data["checklist"])
    events_demo.build_calendar(builder, home, data["events"])
    _associations(site, data["associations"], communities)
    person = data["coordinator"]
    coordinator = builder.account(
        person["username"], password, first_name=person["first_name"], email=person["email"]
    )
    coordinator.groups.add(municipalities.coordinators_group(site))
    return site


def _fill_intro(data):
    def fill(page, lang):
        page.title = data["title"][lang]
        page.intro = data["intro"][lang]

    return fill


def _site(home, data):
    """Aabenraa's site, beside the default one and on its port (one server serves both)."""
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        default = Site.objects.get(is_default_site=True)
        site = Site.objects.create(
            hostname=data["hostname"], port=default.port, root_page=home, site_name=data["name"]
        )
    return site


def _associations(site, entries, communities):
    """Entries checked by the associations' own form, in Aabenraa's directory."""
    for entry in entries:
        if Association.objects.filter(site=site, external_id=entry["external_id"]).exists():
            continue
        community = communities[entry["community"]]
        form = AssociationForm(
            data={
                **{k: v for k, v in entry.items() if k not in ("external_id", "community")},
                "community": community.pk,
                "address": community.title,
                "latitude": community.latitude,
                "longitude": community.longitude,
                "email": f"{entry['external_id']}@example.dk",
            }
        )
        if not form.is_valid():
            raise ValueError(f"demo association {entry['name']} is invalid: {form.errors}")
        association = form.save(commit=False)
        association.site = site
        association.external_id = entry["external_id"]
        association.save()
