"""Demo facts and figures: the annex of Sønderborg's action plan for newcomers (moves in and
out, who of each year's newcomers left when, moves per area, support status), read from
`figures/data/sonderborg/*.csv`. Safe to run again: the series are found by their slug and
their rows replaced."""

from pathlib import Path

import figures
from figures.csv_import import import_file
from figures.models import Series

DATA = Path(figures.__file__).parent / "data" / "sonderborg"
SOURCE = "Sønderborg Kommune, handleplan for tilflyttere (bilag); Danmarks Statistik"


def column(key, da, en, de):
    return {"key": key, "da": da, "en": en, "de": de}


SERIES = [
    {
        "slug": "migration-totals",
        "file": "migration_totals.csv",
        "unit": "people",
        "title": ("Til- og fraflytning", "Moving in and out", "Zu- und Wegzüge"),
        "description": (
            "Hvor mange der flyttede til og fra kommunen hvert år.",
            "How many people moved to and away from the municipality each year.",
            "Wie viele Menschen jedes Jahr in die Kommune zogen und sie verließen.",
        ),
        "label_heading": ("År", "Year", "Jahr"),
        "columns": [
            column("moved_in", "Tilflyttede", "Moved in", "Zugezogen"),
            column("moved_out", "Fraflyttede", "Moved out", "Weggezogen"),
            column("net", "Nettotilflytning", "Net migration", "Saldo"),
        ],
    },
    {
        "slug": "cohort-departures",
        "file": "cohort_departures.csv",
        "unit": "people",
        "title": (
            "Hvornår tilflyttere flytter igen",
            "When newcomers leave again",
            "Wann Zugezogene wieder wegziehen",
        ),
        "description": (
            "Af de 3.217, der flyttede hertil i 2015, var 49,2 % flyttet igen inden for tre år. "
            "For hver årgang: hvor mange der flyttede igen hvilket år.",
            "Of the 3,217 people who moved here in 2015, 49.2 % had left within three years. "
            "For each year's newcomers: how many left in which year.",
            "Von den 3.217 Menschen, die 2015 zuzogen, waren 49,2 % innerhalb von drei Jahren "
            "wieder weggezogen. Für jeden Jahrgang: wie viele in welchem Jahr wegzogen.",
        ),
        "label_heading": ("Tilflyttet i", "Moved here in", "Zugezogen im Jahr"),
        "columns": [
            column("cohort_size", "Tilflyttede i alt", "Newcomers", "Zugezogene"),
            column("left_in_year", "Flyttede igen i", "Left in", "Weggezogen im Jahr"),
            column("left_count", "Flyttede igen", "Left", "Weggezogen"),
            column("left_share_percent", "Andel (%)", "Share (%)", "Anteil (%)"),
        ],
    },
    {
        "slug": "area-moves-2015-2017",
        "file": "area_moves_2015_2017.csv",
        "unit": "moves",
        "title": (
            "Flytninger pr. område 2015–2017",
            "Moves per area 2015–2017",
            "Umzüge nach Gebiet 2015–2017",
        ),
        "description": (
            "Til- og fraflytninger over kommunegrænsen i alt for 2015–2017, fordelt på område.",
            "Moves across the municipal border, 2015–2017 together, per area.",
            "Umzüge über die Gemeindegrenze, 2015–2017 zusammen, nach Gebiet.",
        ),
        "label_heading": ("Område", "Area", "Gebiet"),
        "columns": [
            column("moves_in", "Tilflytninger", "Moves in", "Zuzüge"),
            column("moves_out", "Fraflytninger", "Moves out", "Wegzüge"),
            column("net", "Netto", "Net", "Saldo"),
        ],
    },
    {
        "slug": "internal-moves-2017",
        "file": "internal_moves_2017.csv",
        "unit": "moves",
        "title": (
            "Flytninger inden for kommunen 2017",
            "Moves within the municipality 2017",
            "Umzüge innerhalb der Kommune 2017",
        ),
        "description": (
            "Flytninger mellem kommunens områder i 2017.",
            "Moves between the municipality's areas in 2017.",
            "Umzüge zwischen den Gebieten der Kommune im Jahr 2017.",
        ),
        "label_heading": ("Område", "Area", "Gebiet"),
        "columns": [
            column("moves_in", "Tilflytninger", "Moves in", "Zuzüge"),
            column("moves_out", "Fraflytninger", "Moves out", "Wegzüge"),
            column("net", "Netto", "Net", "Saldo"),
        ],
    },
    {
        "slug": "support-status-2017",
        "file": "support_status_2017.csv",
        "unit": "people",
        "title": (
            "Forsørgelse 2017",
            "Means of support 2017",
            "Lebensunterhalt 2017",
        ),
        "description": (
            "Tilflyttere og fraflyttere i 2017 efter forsørgelsesgrundlag.",
            "People who moved here and who left in 2017, by their means of support.",
            "Zu- und Weggezogene im Jahr 2017 nach ihrem Lebensunterhalt.",
        ),
        "label_heading": ("Forsørgelse", "Support", "Lebensunterhalt"),
        "columns": [
            column("newcomers_2017", "Tilflyttere 2017", "Newcomers 2017", "Zugezogene 2017"),
            column("leavers_2017", "Fraflyttere 2017", "Leavers 2017", "Weggezogene 2017"),
        ],
    },
]

#: the rows' labels in Danish, English and German (those not named are the same in all)
LABELS = {
    "Unknown": ("Ukendt", "Unknown", "Unbekannt"),
    "no_public_benefits": ("Ingen offentlig ydelse", "No public benefits", "Keine Leistungen"),
    "student_grant_su": ("SU", "Student grant (SU)", "Studienbeihilfe (SU)"),
    "parental_leave": ("Barsel", "Parental leave", "Elternzeit"),
    "insured_unemployed": (
        "Forsikret ledig",
        "Insured unemployed",
        "Arbeitslos (versichert)",
    ),
    "pension": ("Pension", "Pension", "Rente"),
    "job_clarification_or_sickness_benefit": (
        "Jobafklaring eller sygedagpenge",
        "Job clarification or sickness benefit",
        "Jobklärung oder Krankengeld",
    ),
    "cash_benefit": ("Kontanthjælp", "Cash benefit", "Sozialhilfe"),
    "flex_job_or_unemployment_allowance": (
        "Fleksjob eller ledighedsydelse",
        "Flex job or unemployment allowance",
        "Flexjob oder Arbeitslosenleistung",
    ),
    "other_public_support": ("Anden offentlig ydelse", "Other public support", "Andere Leistungen"),
}


def seed(site):
    for order, spec in enumerate(SERIES):
        texts = {}
        for field in ("title", "description", "label_heading"):
            da, en, de = spec[field]
            texts.update({field: da, f"{field}_en": en, f"{field}_de": de})
        Series.objects.update_or_create(
            site=site,
            slug=spec["slug"],
            defaults={
                **texts,
                "unit": spec["unit"],
                "source": SOURCE,
                "sort_order": order,
                "columns": spec["columns"],
            },
        )
        series = import_file(site, DATA / spec["file"], spec["slug"])
        # a label the demo translates is shown in Danish, English and German
        for row in series.rows.filter(label__in=LABELS):
            row.label, row.label_en, row.label_de = LABELS[row.label]
            row.save()
