"""The checklist as an A4 brochure (fpdf2, core fonts).

The core fonts cover Latin-1, which holds Danish, German and English (æ ø å ä ö ü ß é);
typographic marks outside it are replaced by their plain forms and anything else by "?",
so no text can make rendering fail. The work is bounded by the caller's number of steps and
the fields' maximum lengths.
"""

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "…": "...",
        "•": "·",
        "→": "->",
        "€": "EUR",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
MAX_LINKS = 10
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def latin1(text):
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class Brochure(FPDF):
    def __init__(self, title):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.brochure_title = latin1(title)
        self.set_title(self.brochure_title)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.brochure_title} · {self.page_no()}", align="C")


def checklist_pdf(steps, language):
    """The PDF's bytes. `steps` are checklist steps with `position` and `after` (the numbers
    of the steps they wait for), as planned for the reader, in order."""
    pdf = Brochure(_("Your checklist"))
    pdf.set_lang(language)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=20)
    pdf.multi_cell(0, 10, pdf.brochure_title, **NEXT_LINE)
    pdf.set_font("helvetica", size=10)
    pdf.set_text_color(80)
    pdf.multi_cell(
        0,
        5,
        latin1(_("The steps to take after moving here, in an order that works.")),
        **NEXT_LINE,
    )
    pdf.ln(4)
    for step in steps:
        pdf.set_text_color(0)
        pdf.set_font("helvetica", style="B", size=13)
        pdf.multi_cell(0, 7, latin1(f"{step.position}. {step.title}"), **NEXT_LINE)
        facts = []
        if step.duration:
            facts.append(_("Takes: %(duration)s") % {"duration": step.duration})
        if step.after:
            numbers = ", ".join(map(str, step.after))
            facts.append(_("After step") + " " + numbers)
        if facts:
            pdf.set_font("helvetica", style="I", size=9)
            pdf.set_text_color(90)
            pdf.multi_cell(0, 5, latin1(" · ".join(facts)), **NEXT_LINE)
        pdf.set_font("helvetica", size=10)
        pdf.set_text_color(0)
        for paragraph in step.body.split("\n\n"):
            if paragraph.strip():
                pdf.multi_cell(0, 5, latin1(paragraph.strip()), **NEXT_LINE)
                pdf.ln(1)
        for link in list(step.links.all())[:MAX_LINKS]:
            pdf.set_text_color(20, 70, 160)
            pdf.multi_cell(0, 5, latin1(f"{link.label}: {link.url}"), link=link.url, **NEXT_LINE)
        pdf.ln(4)
    if not steps:
        pdf.multi_cell(0, 6, latin1(_("No steps yet.")), **NEXT_LINE)
    return bytes(pdf.output())
