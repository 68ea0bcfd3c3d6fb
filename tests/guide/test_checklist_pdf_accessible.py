"""The checklist PDF is accessible: tagged (a structure tree of headings, paragraphs and lists
in the steps' order), marked, in the language asked (/Lang and Content-Language), titled,
with every font embedded. Read back with pypdf, a second PDF implementation."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.conftest import translate

TITLES = {"da": "Din tjekliste", "en": "Your checklist", "de": "Ihre Checkliste"}


class Tagged:
    """The structure tree of a PDF as (type, lang, text) in reading order, depth first; the
    text is what the element's marked-content sequences show, descendants included."""

    def __init__(self, reader):
        self.pages = {page.indirect_reference.idnum: page for page in reader.pages}
        self.shown = {}
        self.elements = list(self.walk(reader.trailer["/Root"]["/StructTreeRoot"], page=None))

    def kinds(self):
        return [kind for kind, _, _ in self.elements]

    def walk(self, node, page):
        for kid in self.kids(node):
            if hasattr(kid, "get") and "/S" in kid:
                kid_page = kid.get("/Pg", page)
                yield str(kid["/S"]), kid.get("/Lang"), self.text(kid, kid_page)
                yield from self.walk(kid, kid_page)

    @staticmethod
    def kids(node):
        kids = node.get_object().get("/K")
        if kids is None:
            return []
        kids = kids if isinstance(kids, list) else [kids]
        return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in kids]

    def text(self, node, page):
        parts = []
        for kid in self.kids(node):
            if isinstance(kid, int):
                parts.append(self.marked(page, kid))
            elif "/MCID" in kid:
                parts.append(self.marked(kid.get("/Pg", page), kid["/MCID"]))
            elif "/S" in kid:
                parts.append(self.text(kid, kid.get("/Pg", page)))
        return " ".join(part for part in parts if part)

    def marked(self, page_ref, mcid):
        number = page_ref.idnum
        if number not in self.shown:
            self.shown[number] = shown = {}
            current = []

            def before(operator, operands, cm, tm):
                if operator == b"BDC":
                    properties = operands[-1]
                    current.append(properties.get("/MCID") if hasattr(properties, "get") else None)
                elif operator == b"BMC":
                    current.append(None)
                elif operator == b"EMC" and current:
                    current.pop()

            def text(chunk, cm, tm, font, size):
                if current and current[-1] is not None:
                    shown[current[-1]] = shown.get(current[-1], "") + chunk

            self.pages[number].extract_text(visitor_operand_before=before, visitor_text=text)
        return " ".join(self.shown[number].get(mcid, "").split())


def fonts(reader):
    """Every font the pages use, descendant fonts of composite ones included."""
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


@pytest.fixture
def steps(make_step):
    home = make_step("Find a home", languages=["en", "de"], links=[("Bolig", "https://x.dk/")])
    cpr = make_step("CPR number", after=[home], languages=["en", "de"])
    make_step("Choose a doctor", after=[cpr], languages=["en", "de"])


def pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response, PdfReader(io.BytesIO(response.content))


@pytest.mark.parametrize("language", ["da", "en", "de"])
def test_the_pdf_is_marked_titled_and_in_its_language(client, steps, language):
    response, reader = pdf(client, f"/api/v2/checklist/pdf/?locale={language}")
    catalog = reader.trailer["/Root"]
    assert response["Content-Language"] == language
    assert catalog["/Lang"] == language
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == TITLES[language]
    assert reader.xmp_metadata.dc_title["x-default"] == TITLES[language]
    assert "<pdfuaid:part>1</pdfuaid:part>" in catalog["/Metadata"].get_data().decode()
    # every step is in the document's language: no element says otherwise
    assert {lang for _, lang, _ in Tagged(reader).elements} <= {None, language}


def test_the_structure_follows_the_steps_in_order(client, steps):
    _, reader = pdf(client, "/api/v2/checklist/pdf/?locale=en")
    tagged = Tagged(reader)
    headings = [(kind, text) for kind, _, text in tagged.elements if kind in ("/H1", "/H2")]
    assert headings == [
        ("/H1", "Your checklist"),
        ("/H2", "1. Find a home (en)"),
        ("/H2", "2. CPR number (en)"),
        ("/H2", "3. Choose a doctor (en)"),
    ]
    kinds = tagged.kinds()
    assert kinds[0] == "/Document"
    # the first step: heading, its facts and body as paragraphs, its link as a list item
    first = kinds[kinds.index("/H2") : kinds.index("/H2", kinds.index("/H2") + 1)]
    assert first[:3] == ["/H2", "/P", "/P"]
    assert {"/L", "/LI", "/Link"} <= set(first)
    paragraphs = [text for kind, _, text in tagged.elements if kind == "/P"]
    assert "Takes: 1 uge · After step 1" in paragraphs
    links = [text for kind, _, text in tagged.elements if kind == "/LBody"]
    assert links == ["Bolig: https://x.dk/"]


def test_a_step_not_yet_translated_is_tagged_in_its_own_language(client, make_step):
    make_step("Få et CPR-nummer")  # Danish only: the English PDF shows the Danish copy
    _, reader = pdf(client, "/api/v2/checklist/pdf/?locale=en")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert ("/H2", "da", "1. Få et CPR-nummer") in Tagged(reader).elements


def test_every_font_is_embedded_and_shows_every_letter(client, make_step):
    step = make_step("Få et CPR-nummer")
    copy = translate(step, "de", publish=False)
    copy.title = "Straße, Größe, æøå — „Anmeldung“ → ✓"
    copy.save_revision().publish()
    _, reader = pdf(client, "/api/v2/checklist/pdf/?locale=de")
    used = list(fonts(reader))
    assert used
    for font in used:
        assert {"/FontFile2", "/FontFile3"} & set(font["/FontDescriptor"]), font["/BaseFont"]
    assert "1. Straße, Größe, æøå — „Anmeldung“ → ✓" in reader.pages[0].extract_text()


def test_text_no_font_can_show_still_gives_a_tagged_pdf(client, make_step):
    make_step("Registrering 登记")
    _, reader = pdf(client, "/api/v2/checklist/pdf/")
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    assert "/H2" in Tagged(reader).kinds()
    assert "pdfuaid:part" not in reader.trailer["/Root"]["/Metadata"].get_data().decode()


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_poppler_reads_it_as_tagged_with_embedded_fonts(client, steps, tmp_path):
    path = tmp_path / "checklist.pdf"
    path.write_bytes(client.get("/api/v2/checklist/pdf/?locale=de").content)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Ihre Checkliste" in info
    listed = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True)
    rows = listed.stdout.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows)  # the "emb" column
