"""Pages and body blocks tagged for some newcomers are left out for the others; without
audience parameters nothing is left out. One rule, in SQL and in Python, for every endpoint."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.blocks import StreamValue
from wagtail.models import Page

from guide.audience import AUDIENCE_CHOICES, HOUSEHOLD_CODES, ORIGIN_VALUES, Audience
from guide.models import PageAudience
from tests.admin_forms import community_form_data
from tests.factories import TrialHomePageFactory
from tests.frontend_api.conftest import items

ALL_TAGS = [code for code, _label in AUDIENCE_CHOICES]


def tagged(parent, title, *tags):
    page = TrialHomePageFactory(parent=parent, title=title)
    page.audience_tags = [PageAudience(audience=tag) for tag in tags]
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(community):
    return {
        "everyone": tagged(community, "For alle"),
        "eu": tagged(community, "EU-borgere", "eu"),
        "non_eu": tagged(community, "Uden for EU", "non_eu"),
        "denmark": tagged(community, "Fra Danmark", "denmark"),
        "families": tagged(community, "Familier", "children"),
        "eu_students": tagged(community, "EU-studerende", "eu", "student"),
    }


def listed(client, **params):
    response = client.get("/api/v2/pages/", {"type": "communities.TrialHomePage", **params})
    return {item["title"] for item in items(response)}


def test_without_an_audience_nothing_is_left_out(client, pages):
    assert listed(client) == {page.title for page in pages.values()}


def test_origin_leaves_out_pages_for_other_origins(client, pages):
    assert listed(client, origin="eu") == {"For alle", "EU-borgere", "Familier", "EU-studerende"}
    assert listed(client, origin="denmark") == {"For alle", "Fra Danmark", "Familier"}


def test_abroad_means_any_foreign_origin(client, pages):
    assert listed(client, origin="abroad") == {
        "For alle",
        "EU-borgere",
        "Uden for EU",
        "Familier",
        "EU-studerende",
    }


def test_household_flags_leave_out_what_the_household_said_no_to(client, pages):
    assert "Familier" not in listed(client, children="0")
    assert "Familier" in listed(client, children="1")
    assert "EU-studerende" in listed(client, origin="eu", children="1")
    assert "EU-studerende" not in listed(client, origin="eu", student="0")


def test_a_detail_not_for_the_audience_is_not_found(client, pages):
    url = f"/api/v2/pages/{pages['non_eu'].pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url, {"origin": "denmark"}).status_code == 404


def test_targeted_blocks_are_left_out_for_other_audiences(client, community):
    community.body = StreamValue(
        community.body.stream_block,
        [
            ("paragraph", "<p>Velkommen til alle</p>"),
            (
                "targeted",
                {
                    "audiences": ["children"],
                    "content": [("paragraph", "<p>Skoler og børnehaver</p>")],
                },
            ),
            (
                "targeted",
                {"audiences": ["non_eu"], "content": [("paragraph", "<p>Opholdstilladelse</p>")]},
            ),
        ],
    )
    community.save_revision().publish()

    def body(**params):
        response = client.get(f"/api/v2/pages/{community.pk}/", params)
        return str(response.json()["body"])

    assert "Skoler" in body() and "Opholdstilladelse" in body()
    assert "Skoler" not in body(children="0") and "Opholdstilladelse" in body(children="0")
    assert "Opholdstilladelse" not in body(origin="eu") and "Velkommen" in body(origin="eu")
    assert "Opholdstilladelse" in body(origin="abroad")


def test_the_audience_choice_is_kept_from_the_admin_form(coordinator_client, community):
    data = community_form_data(community, **{"action-publish": "1"})
    data["audiences"] = ["eu", "children"]
    response = coordinator_client.post(
        reverse("wagtailadmin_pages:edit", args=[community.pk]), data
    )
    assert response.status_code == 302
    assert set(community.audience_tags.values_list("audience", flat=True)) == {"eu", "children"}


audiences = st.builds(
    Audience,
    origin=st.one_of(st.none(), st.sampled_from(ORIGIN_VALUES)),
    households=st.dictionaries(st.sampled_from(HOUSEHOLD_CODES), st.booleans()),
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    tag_sets=st.lists(st.sets(st.sampled_from(ALL_TAGS)), min_size=1, max_size=6),
    audience=audiences,
)
def test_the_sql_filter_and_the_block_filter_agree(community, tag_sets, audience):
    """The rule is written twice (SQL for pages, Python for blocks); they must never differ."""
    ids = []
    for tags in tag_sets:  # one page per tag set, tagged directly (no revision needed)
        child = TrialHomePageFactory.build()
        community.add_child(instance=child)
        PageAudience.objects.bulk_create(PageAudience(page=child, audience=t) for t in tags)
        ids.append((child.pk, tags))
    selected = set(
        audience.filter_pages(Page.objects.filter(pk__in=[pk for pk, _ in ids])).values_list(
            "pk", flat=True
        )
    )
    for pk, tags in ids:
        assert (pk in selected) == audience.admits(tags), (tags, audience)
    Page.objects.filter(pk__in=[pk for pk, _ in ids]).delete()
