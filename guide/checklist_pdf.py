"""The checklist as an accessible A4 brochure: a tagged PDF (PDF/UA-1) compiled by Typst.

Typst comes as a self-contained wheel (no system libraries), lays out
`templates/guide/checklist.typ` and tags it: a structure tree of headings, paragraphs and
lists in reading order, the document's language and title, the footer as an artifact. The
fonts are the DejaVu Sans files shipped in `fonts/` (Unicode: Danish, German, Cyrillic,
typographic marks…), embedded as subsets; system fonts are ignored, so every machine renders
the same PDF.

PDF/UA forbids text that no font can show; a step holding such text (say Chinese) still gets
a tagged PDF, just without the PDF/UA claim, so no text can make rendering fail. The work is
bounded by the caller's number of steps and the fields' maximum lengths.
"""

import json
import logging
import re
from functools import cache
from pathlib import Path

import typst
from django.utils.translation import gettext as _

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "templates" / "guide" / "checklist.typ"
FONTS = HERE / "fonts"
MAX_LINKS = 10
#: control characters are never meant to be printed (tab and newline are kept)
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

logger = logging.getLogger(__name__)


@cache
def _fonts():
    return typst.Fonts(include_system_fonts=False, font_paths=[str(FONTS)])


def _text(value):
    return UNPRINTABLE.sub("", str(value)).strip()


def _step(step, language):
    return {
        "position": step.position,
        "title": _text(step.title),
        # a step not translated yet is shown in its own language, and tagged so
        "lang": step.locale.language_code,
        "takes": _("Takes: %(duration)s") % {"duration": _text(step.duration)}
        if step.duration
        else "",
        "after": list(step.after),
        "paragraphs": [
            _text(paragraph) for paragraph in step.body.split("\n\n") if paragraph.strip()
        ],
        "links": [
            {"label": _text(link.label), "url": link.url}
            for link in list(step.links.all())[:MAX_LINKS]
        ],
    }


def checklist_pdf(steps, language):
    """The PDF's bytes, in `language` (its /Lang). `steps` are checklist steps with
    `position` and `after` (the numbers of the steps they wait for), as planned for the
    reader, in order; the interface strings come from the active translation."""
    data = {
        "title": _("Your checklist"),
        "lang": language,
        "intro": _("The steps to take after moving here, in an order that works."),
        "after_label": _("After step"),
        "empty": _("No steps yet."),
        "steps": [_step(step, language) for step in steps],
    }
    compiler = typst.Compiler(font_paths=_fonts(), ignore_system_fonts=True)
    source = TEMPLATE.read_bytes()
    inputs = {"checklist": json.dumps(data)}
    try:
        return compiler.compile(source, format="pdf", sys_inputs=inputs, pdf_standards="ua-1")
    except typst.TypstError as error:
        logger.info("checklist PDF without the PDF/UA claim: %s", error.message)
        return compiler.compile(source, format="pdf", sys_inputs=inputs)
