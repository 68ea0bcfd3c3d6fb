"""Facts and figures: the municipality's statistics (`/api/v2/statistics/`), each series a
chart drawn on the server (`website.charts`), a sentence that says what it shows and a
table of the same numbers. Which chart a series gets follows from its columns: moves in and
out per year (`moved_in`, `moved_out`), who of each year's newcomers left when
(`cohort_size`, `left_in_year`, `left_count`), moves per area (`moves_in`, `moves_out`);
any other series is a table."""

from babel.numbers import format_decimal
from starlette.routing import Route

from website import charts
from website.i18n import BABEL_LOCALES
from website.views.guide import every_item
from website.visit import Visit


def number_format(visit):
    """A value as the page's language writes it (3.217 in Danish and German, 3,217 in
    English); a year as it is."""

    def number(value, year=False):
        if year:
            return str(int(value))
        return format_decimal(value, locale=BABEL_LOCALES[visit.lang])

    return number


def table(series, number):
    """The series as rows of formatted cells, years left as they are."""
    years = [column["key"].endswith("year") for column in series["columns"]]
    return [
        (row["label"], [number(v, year) for v, year in zip(row["values"], years, strict=True)])
        for row in series["rows"]
    ]


def column(series, key):
    keys = [c["key"] for c in series["columns"]]
    return keys.index(key) if key in keys else None


def has(series, *keys):
    return all(column(series, key) is not None for key in keys) and series["rows"]


def label_of(series, key):
    return series["columns"][column(series, key)]["label"]


def values(series, key):
    i = column(series, key)
    return [row["values"][i] for row in series["rows"]]


def moves_per_year(visit, series, number):
    years = [row["label"] for row in series["rows"]]
    moved_in, moved_out = values(series, "moved_in"), values(series, "moved_out")
    summary = visit.gettext(
        "In %(year)s, %(moved_in)s people moved in and %(moved_out)s moved out.",
        year=years[-1],
        moved_in=number(moved_in[-1]),
        moved_out=number(moved_out[-1]),
    )
    svg = charts.grouped_bars(
        f"chart-{series['slug']}",
        series["title"],
        summary,
        years,
        [(label_of(series, "moved_in"), moved_in), (label_of(series, "moved_out"), moved_out)],
        number,
    )
    return svg, summary


def cohorts(visit, series, number):
    """One bar per year's newcomers, cut by the year they left, the rest pale."""
    sizes = values(series, "cohort_size")
    left_in, left = values(series, "left_in_year"), values(series, "left_count")
    cohorts, rows = {}, series["rows"]
    for row, size, year, count in zip(rows, sizes, left_in, left, strict=True):
        cohorts.setdefault(row["label"], (size, {}))[1][int(year)] = count
    years = sorted({int(year) for year in left_in})
    last = years[-1]
    rest = visit.gettext("Still here at the end of %(year)s", year=last)
    parts = [visit.gettext("Left in %(year)s", year=year) for year in years]
    bars = [(size, [by_year.get(year, 0) for year in years]) for size, by_year in cohorts.values()]
    first, (size, by_year) = next(iter(cohorts.items()))
    gone = sum(by_year.values())
    summary = visit.gettext(
        "Of the %(size)s people who moved here in %(year)s, %(left)s (%(share)s %%) had left "
        "by the end of %(last)s.",
        size=number(size),
        year=first,
        left=number(gone),
        share=number(round(gone / size * 100, 1)),
        last=last,
    )
    svg = charts.stacked_bars(
        f"chart-{series['slug']}",
        series["title"],
        summary,
        list(cohorts),
        parts,
        bars,
        rest,
        number,
    )
    return svg, summary


def moves_per_area(visit, series, number):
    areas = [row["label"] for row in series["rows"]]
    moves_in, moves_out = values(series, "moves_in"), values(series, "moves_out")
    most_in, most_out = moves_in.index(max(moves_in)), moves_out.index(max(moves_out))
    summary = visit.gettext(
        "Most moves in were to %(area_in)s (%(moves_in)s), most moves out from %(area_out)s "
        "(%(moves_out)s).",
        area_in=areas[most_in],
        moves_in=number(moves_in[most_in]),
        area_out=areas[most_out],
        moves_out=number(moves_out[most_out]),
    )
    svg = charts.horizontal_bars(
        f"chart-{series['slug']}",
        series["title"],
        summary,
        areas,
        [(label_of(series, "moves_in"), moves_in), (label_of(series, "moves_out"), moves_out)],
        number,
    )
    return svg, summary


def chart(visit, series, number):
    """(svg, summary sentence) for a series with a chart, else (None, None)."""
    if has(series, "moved_in", "moved_out"):
        return moves_per_year(visit, series, number)
    if has(series, "cohort_size", "left_in_year", "left_count"):
        return cohorts(visit, series, number)
    if has(series, "moves_in", "moves_out"):
        return moves_per_area(visit, series, number)
    return None, None


async def facts(request):
    visit = Visit(request)
    number = number_format(visit)
    figures = []
    for series in await every_item(visit, "statistics/", visit.params()):
        svg, summary = chart(visit, series, number)
        figures.append(
            {"series": series, "svg": svg, "summary": summary, "rows": table(series, number)}
        )
    return visit.render(
        "facts/facts.html", {"figures": figures, "title": visit.gettext("Facts and figures")}
    )


routes = [Route("/facts/", facts, name="facts")]
