"""The demo's associations directory: about nine associations in every local community,
spread over the categories (some in English and German too), a few entries waiting for the
coordinator, and a handful of general practices.

Data lives in `directory.json`: association kinds with `{town}` in their texts, filled in
per community. The entries go through the import (`directory.importing`), so they are
validated as a real list would be and matched on their external id: a second run changes
nothing.
"""

import hashlib
import json
from pathlib import Path

from django.utils import timezone

from communities.models import CommunityKind, CommunityPage
from directory.forms import AssociationForm, data_of
from directory.importing import import_rows
from directory.models import Association, AssociationSubmission, Practice

DATA = json.loads((Path(__file__).parent / "directory.json").read_text(encoding="utf-8"))


def build(builder, home):
    communities = (
        CommunityPage.objects.descendant_of(home)
        .filter(locale=builder.locales["da"], kind=CommunityKind.LOCAL_COMMUNITY)
        .order_by("path")
    )
    rows = [
        (number, row)
        for number, row in enumerate(
            (
                _row(community, kind)
                for index, community in enumerate(communities)
                for kind in _kinds_for(index)
            ),
            start=2,
        )
    ]
    report = import_rows(rows)
    if report.errors:
        raise ValueError(f"demo directory data is invalid: {report.errors[:3]}")
    _waiting(DATA["pending"])
    for practice in DATA["practices"]:
        Practice.objects.get_or_create(name=practice["name"], defaults=practice)


def _kinds_for(index):
    """`per_community` different kinds, a different mix for each community."""
    kinds = DATA["kinds"]
    return [kinds[(index * 3 + n) % len(kinds)] for n in range(DATA["per_community"])]


def _jitter(key, scale=0.01):
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] - 128) / 128 * scale, (digest[1] - 128) / 128 * scale


def _row(community, kind):
    town = community.title
    key = f"demo-{community.slug}-{kind['key']}"
    dlat, dlon = _jitter(key)
    texts = {}
    for field in ("description", "activities"):
        for language, text in kind[field].items():
            suffix = "" if language == "da" else f"_{language}"
            texts[f"{field}{suffix}"] = text.format(town=town)
    fee = kind["fee"]
    return {
        "external_id": key,
        "name": kind["name"].format(town=town),
        **texts,
        "categories": ";".join(kind["categories"]),
        "audiences": ";".join(kind["audiences"]),
        "languages": ";".join(kind["languages"]),
        "newcomer_friendly": "ja" if kind["newcomer_friendly"] else "nej",
        "community": str(community.pk),
        "address": town,
        "lat": f"{float(community.latitude) + dlat:.5f}",
        "lon": f"{float(community.longitude) + dlon:.5f}",
        "fee_free": "nej" if fee else "ja",
        "fee_min": str(fee[0]) if fee else "",
        "fee_max": str(fee[1]) if fee else "",
        "email": f"{kind['key']}@{community.slug}.example.dk",
        "website": f"https://{kind['key']}-{community.slug}.example.dk/",
    }


def _waiting(pending):
    """New entries waiting for approval, and one change to a published entry."""
    for entry in pending:
        if AssociationSubmission.objects.filter(email=entry["email"]).exists():
            continue
        data = {"fee_free": True, **entry}
        _submission(data, entry["language"], None)
    published = Association.objects.filter(external_id__startswith="demo-").first()
    if published and not published.submissions.exists():
        data = data_of(published)
        data["description"] = data["description"] + " Nu også med begynderhold om lørdagen."
        _submission(data, "da", published)


def _submission(data, language, association):
    form = AssociationForm(data=data)
    if not form.is_valid():
        raise ValueError(f"demo submission {data['name']} is invalid: {form.errors}")
    AssociationSubmission.objects.create(
        association=association,
        data=form.proposal(),
        email=form.cleaned_data["email"],
        language=language,
        status=AssociationSubmission.Status.PENDING,
        confirmed_at=timezone.now(),
    )
