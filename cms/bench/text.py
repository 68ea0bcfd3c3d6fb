"""Made-up but plausible names and text for the benchmark's pages, in Danish, English and German.

Deterministic: the same seed gives the same municipality.
"""

import random

from django.utils.text import slugify

# word lists, several to a line
# fmt: off
PREFIXES = (
    "Nør", "Sønder", "Vester", "Øster", "Lille", "Store", "Gammel", "Ny", "Over", "Neder", "Hø",
    "Bro", "Kær", "Mølle", "Skov", "Sand", "Lyn", "Ege", "Hvid", "Sort",
)
SUFFIXES = (
    "by", "borg", "skov", "lund", "strup", "rup", "bøl", "holm", "sted", "toft", "mark", "næs",
    "høj", "dal", "gård", "hus", "vig", "ager",
)
STREETS = ("Skolevej", "Kirkevej", "Møllegade", "Bygaden", "Strandvej", "Skovvej", "Engvej")
FIRST_NAMES = (
    "Anne", "Mette", "Kirsten", "Lars", "Jens", "Søren", "Hanne", "Peter", "Ida", "Mads", "Karin",
    "Henrik", "Jonas", "Sofie", "Emma", "Noah", "Freja", "Lukas", "Anna", "Ole",
)
LAST_NAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Petersen", "Madsen", "Kristensen", "Schmidt", "Jessen",
)
# fmt: on

SENTENCES = {
    "da": (
        "{place} ligger tæt på skov og strand, og der er kort vej til Sønderborg.",
        "Her bor omkring {people} mennesker, og de fleste kender hinanden.",
        "Skolen og børnehaven ligger midt i byen, og bussen kører hver time.",
        "Forsamlingshuset samler byen til fællesspisning den første fredag i måneden.",
        "Nye tilflyttere bliver budt velkommen af vores ambassadører med kaffe og kage.",
        "Idrætsforeningen tilbyder fodbold, gymnastik og løb for alle aldre.",
        "Om sommeren holder vi byfest med loppemarked, musik og aftenmad i teltet.",
        "Der er fibernet i hele byen, og mange arbejder hjemmefra nogle dage om ugen.",
        "Købmanden har åbent hver dag og tager imod pakker til hele byen.",
        "Vi hjælper gerne med at finde bolig, job og en forening, der passer til dig.",
    ),
    "en": (
        "{place} lies close to forest and beach, a short way from Sønderborg.",
        "Some {people} people live here, and most of them know each other.",
        "The school and the kindergarten are in the middle of town; the bus runs hourly.",
        "The village hall brings everyone together for a shared dinner once a month.",
        "Our ambassadors welcome newcomers with coffee and cake.",
        "The sports club offers football, gymnastics and running for all ages.",
        "In summer we hold a village festival with a flea market, music and dinner.",
        "There is fibre broadband across town, and many people work from home.",
        "The grocer is open every day and takes in parcels for the whole village.",
        "We are glad to help you find a home, a job and a club that suits you.",
    ),
    "de": (
        "{place} liegt nah an Wald und Strand, nicht weit von Sønderborg.",
        "Hier wohnen etwa {people} Menschen, und die meisten kennen sich.",
        "Schule und Kindergarten liegen mitten im Ort; der Bus fährt stündlich.",
        "Das Gemeinschaftshaus lädt einmal im Monat zum gemeinsamen Abendessen ein.",
        "Unsere Botschafter begrüßen Neubürger mit Kaffee und Kuchen.",
        "Der Sportverein bietet Fußball, Turnen und Laufen für alle Altersgruppen.",
        "Im Sommer feiern wir ein Dorffest mit Flohmarkt, Musik und Abendessen.",
        "Im ganzen Ort gibt es Glasfaser, und viele arbeiten von zu Hause aus.",
        "Der Kaufmann hat täglich geöffnet und nimmt Pakete für das ganze Dorf an.",
        "Wir helfen gern bei der Suche nach Wohnung, Arbeit und einem passenden Verein.",
    ),
}

INTRO = {
    "da": "Velkommen til {place}: en levende landsby med plads til nye naboer.",
    "en": "Welcome to {place}: a lively village with room for new neighbours.",
    "de": "Willkommen in {place}: ein lebendiges Dorf mit Platz für neue Nachbarn.",
}
CORPS = {
    "da": "{place} Ambassadørkorps",
    "en": "{place} Ambassador Corps",
    "de": "Botschafterkorps {place}",
}
HOME_TITLE = {
    "da": "Prøvebolig {street} {number}",
    "en": "Trial home, {street} {number}",
    "de": "Probewohnung {street} {number}",
}
HOME_TEXT = {
    "da": (
        "Et lyst hus med have og udsigt over markerne, {size} m² fordelt på {rooms} værelser.",
        "Boligen er møbleret, og der er cykler til låns, så du kan prøve hverdagen her.",
    ),
    "en": (
        "A bright house with a garden and a view of the fields, {size} m² in {rooms} rooms.",
        "The home is furnished, with bicycles to borrow, so you can try everyday life here.",
    ),
    "de": (
        "Ein helles Haus mit Garten und Blick auf die Felder, {size} m² in {rooms} Zimmern.",
        "Die Wohnung ist möbliert, Fahrräder stehen bereit: So probieren Sie den Alltag aus.",
    ),
}
ROLES = {
    "da": ("Ambassadør", "Formand for borgerforeningen", "Tilflytter og ambassadør"),
    "en": ("Ambassador", "Chair of the residents' association", "Newcomer and ambassador"),
    "de": ("Botschafterin", "Vorsitz des Bürgervereins", "Neubürger und Botschafter"),
}
FACT_LABELS = {
    "school": {"da": "Skole", "en": "School", "de": "Schule"},
    "transport": {"da": "Bus", "en": "Bus", "de": "Bus"},
    "shop": {"da": "Købmand", "en": "Grocer", "de": "Kaufmann"},
}


class Words:
    def __init__(self, seed):
        self.rng = random.Random(seed)  # noqa: S311  (made-up text, not secrets)
        self._places = set()

    def place(self):
        """A new village name (unique within this run)."""
        for _attempt in range(1000):
            name = self.rng.choice(PREFIXES) + self.rng.choice(SUFFIXES)
            if name not in self._places:
                self._places.add(name)
                return name
        name = f"{name} {len(self._places) + 1}"
        self._places.add(name)
        return name

    def person(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def paragraphs(self, place, count, sentences_each=4):
        """`count` paragraphs per language: the same sentence choice in every language."""
        people = self.rng.randrange(150, 2500, 10)
        picks = [self.rng.sample(range(len(SENTENCES["da"])), sentences_each) for _ in range(count)]
        return {
            lang: [
                " ".join(SENTENCES[lang][i].format(place=place, people=people) for i in pick)
                for pick in picks
            ]
            for lang in SENTENCES
        }


def slug(text):
    return slugify(text.replace("ø", "oe").replace("æ", "ae").replace("å", "aa"))
