"""Facts and figures: a series' rows are numbers in its columns, a CSV file is imported whole
or not at all, and `/api/v2/statistics/` serves the host municipality's series in the asked
language."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.demo import figures as demo
from figures.models import Row, Series

HOSTS = {"home": "localhost", "aabenraa": "aabenraa.localhost"}


def migration_series(site, slug="migration-totals", title="Til- og fraflytning", **texts):
    return Series.objects.create(
        site=site,
        slug=slug,
        title=title,
        label_heading="År",
        columns=[
            {"key": "moved_in", "da": "Tilflyttede", "en": "Moved in"},
            {"key": "moved_out", "da": "Fraflyttede"},
        ],
        **texts,
    )


def test_a_row_holds_one_number_per_column(home, english):
    series = migration_series(home.get_site())
    Row(series=series, label="2015", values={"moved_in": 3217, "moved_out": 3208.5}).full_clean()
    bad = Row(series=series, label="2016", values={"moved_in": "abc", "extra": 1})
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    messages = error.value.message_dict["values"]
    assert any(m.startswith("moved_in:") and "not a number" in m for m in messages)
    assert any(m.startswith("moved_out:") for m in messages)  # missing
    assert any(m.startswith("extra:") for m in messages)
    with pytest.raises(ValidationError):
        Series(
            site=home.get_site(),
            slug="x",
            title="x",
            label_heading="x",
            columns=[{"key": "a", "da": "A"}, {"key": "a", "da": "B"}],
        ).full_clean()


def test_a_file_is_imported_whole_or_not_at_all(home, tmp_path, english):
    series = migration_series(home.get_site())
    good = tmp_path / "migration_totals.csv"
    good.write_text("year,moved_out,moved_in\n2015,3208,3217\n2016,2982,3247\n")
    call_command("import_figures", "localhost", str(good), series="migration-totals")
    assert [(r.label, r.values) for r in series.rows.all()] == [
        ("2015", {"moved_in": 3217, "moved_out": 3208}),
        ("2016", {"moved_in": 3247, "moved_out": 2982}),
    ]

    bad = tmp_path / "migration_totals.csv"
    bad.write_text("year,moved_in,moved_out\n2017,3241,3155\n2018,abc,3000\n")
    with pytest.raises(CommandError) as error:
        call_command("import_figures", "localhost", str(bad), series="migration-totals")
    assert str(error.value) == 'migration_totals.csv line 3, column moved_in: "abc" is not a number'
    assert [r.label for r in series.rows.all()] == ["2015", "2016"]  # nothing written

    bad.write_text("year,moved_in,net\n2017,3241,86\n")
    with pytest.raises(CommandError, match="line 1: the columns must be moved_in, moved_out"):
        call_command("import_figures", "localhost", str(bad), series="migration-totals")
    with pytest.raises(CommandError, match="no one municipality"):
        call_command("import_figures", "nowhere", str(good), series="migration-totals")


@pytest.fixture
def statistics(home, aabenraa):
    demo.seed(home.get_site())
    demo.seed(home.get_site())  # again: nothing twice
    other = migration_series(aabenraa.site, title_en="Aabenraa's own")
    Row.objects.create(series=other, label="2015", values={"moved_in": 1, "moved_out": 2})
    return home.get_site()


def get(client, where="home", **params):
    response = client.get("/api/v2/statistics/", params, HTTP_HOST=HOSTS[where])
    assert response.status_code == 200, response.content[:300]
    return response


def test_the_listing_is_the_hosts_series_in_the_asked_language(client, statistics):
    data = get(client, locale="en").json()
    assert data["meta"]["total_count"] == 5
    assert [item["slug"] for item in data["items"]] == [spec["slug"] for spec in demo.SERIES]
    totals = data["items"][0]
    assert totals["title"] == "Moving in and out"
    assert totals["label_heading"] == "Year"
    assert totals["columns"] == [
        {"key": "moved_in", "label": "Moved in"},
        {"key": "moved_out", "label": "Moved out"},
        {"key": "net", "label": "Net migration"},
    ]
    assert totals["rows"][0] == {"label": "2015", "values": [3217, 3208, 9]}
    assert totals["meta"] == {
        "type": "figures.Series",
        "detail_url": None,
        "locale": "en",
        "fallback": False,
    }
    support = get(client, locale="de", slug="support-status-2017").json()["items"]
    assert [row["label"] for row in support[0]["rows"]][:2] == [
        "Keine Leistungen",
        "Studienbeihilfe (SU)",
    ]
    danish = get(client).json()["items"][1]
    assert danish["title"] == "Hvornår tilflyttere flytter igen"
    assert danish["rows"][2] == {"label": "2015", "values": [3217, 2017, 389, 12.09]}
    assert response_language(client, "de") == "de"

    # Aabenraa sees its own series only, its Danish standing in for the German it lacks
    (theirs,) = get(client, "aabenraa", locale="de").json()["items"]
    assert theirs["title"] == "Til- og fraflytning"
    assert theirs["meta"]["fallback"] is True
    assert theirs["rows"] == [{"label": "2015", "values": [1, 2]}]
    assert get(client, "aabenraa", locale="de", fallback="false").json()["items"] == []


def response_language(client, language):
    return get(client, locale=language)["Content-Language"]


def test_a_changed_series_is_served_fresh(client, statistics):
    assert get(client, locale="en").json()["items"][0]["title"] == "Moving in and out"
    series = Series.objects.get(slug="migration-totals", site=statistics)
    series.title_en = "Moves"
    series.save()
    assert get(client, locale="en").json()["items"][0]["title"] == "Moves"
    row = series.rows.first()
    row.values = {**row.values, "moved_in": 3218}
    row.save()
    assert get(client, locale="en").json()["items"][0]["rows"][0]["values"][0] == 3218


def test_a_row_saved_alone_renews_its_own_municipalitys_figures_only(client, statistics):
    assert get(client, "aabenraa")["X-Cache"] == "MISS"
    assert get(client, "aabenraa")["X-Cache"] == "HIT"
    get(client)
    row = Series.objects.get(slug="migration-totals", site=statistics).rows.first()
    row.values = {**row.values, "moved_in": 3219}
    row.save()
    assert get(client)["X-Cache"] == "MISS"
    assert get(client, "aabenraa")["X-Cache"] == "HIT"


@pytest.mark.parametrize("extra", [0, 40])
def test_the_listing_runs_a_constant_number_of_queries(client, statistics, extra):
    for n in range(extra):
        series = migration_series(statistics, slug=f"more-{n}", sort_order=100 + n)
        Row.objects.create(series=series, label="2015", values={"moved_in": 1, "moved_out": 2})
    get(client, limit=99)  # warm the per-process caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        get(client, limit=100)
    # the host's site, the count, the series, their rows
    assert len(queries) == 4, [q["sql"] for q in queries]


def test_a_coordinator_administers_their_own_municipalitys_series_only(
    client, home, aabenraa, make_coordinator
):
    ours = migration_series(home.get_site(), title="Vores tal")
    theirs = migration_series(aabenraa.site, title="Aabenraas tal")
    client.force_login(make_coordinator(home.get_site().municipality))
    listing = client.get(reverse("wagtailsnippets_figures_series:list"))
    assert listing.status_code == 200
    assert b"Vores tal" in listing.content and b"Aabenraas tal" not in listing.content
    assert (
        client.get(reverse("wagtailsnippets_figures_series:edit", args=[ours.pk])).status_code
        == 200
    )
    refused = client.post(
        reverse("wagtailsnippets_figures_series:delete", args=[theirs.pk]), follow=False
    )
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert Series.objects.filter(pk=theirs.pk).exists()
