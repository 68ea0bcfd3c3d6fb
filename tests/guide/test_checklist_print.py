"""The checklist as a printable page and an A4 PDF brochure, in the chosen language, with the
steps in the list's order; bad parameters are a 400 naming them, never a PDF."""

import io
import time

import pytest
from pypdf import PdfReader

from guide.models import ChecklistStepPage
from tests.conftest import translate


def pdf_text(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0].mediabox
    assert (round(float(page.width) / 72 * 25.4), round(float(page.height) / 72 * 25.4)) == (
        210,
        297,
    )
    return "\n".join(p.extract_text() for p in reader.pages)


@pytest.fixture
def steps(make_step):
    home = make_step("Find a home")
    permit = make_step("Residence permit", audiences=["non_eu"])
    cpr = make_step("CPR number", after=[permit, home])
    make_step("Choose a doctor", after=[cpr], links=[("Læge", "https://www.borger.dk/")])
    make_step("Day care", audiences=["children"], after=[cpr])


def test_the_pdf_has_the_steps_in_order(client, steps):
    text = pdf_text(client.get("/checklist.pdf?origin=non_eu&children=1"))
    positions = [
        text.index(f"{n}. {title}")
        for n, title in enumerate(
            ["Find a home", "Residence permit", "CPR number", "Choose a doctor", "Day care"], 1
        )
    ]
    assert positions == sorted(positions)
    assert "https://www.borger.dk/" in text


def test_the_pdf_is_for_this_audience_only(client, steps):
    text = pdf_text(client.get("/api/v2/checklist/pdf/?origin=eu&children=0"))
    assert "Residence permit" not in text
    assert "Day care" not in text
    assert "1. Find a home" in text
    assert "2. CPR number" in text
    assert "Efter trin 1" in text  # no locale asked: Danish, labels included


def test_the_pdf_in_german_with_danish_letters(client, make_step):
    step = make_step("Få et CPR-nummer")
    copy = translate(step, "de", publish=False)
    copy.title = "CPR-Nummer beantragen: Straße, Größe, æøå"
    copy.save_revision().publish()
    text = pdf_text(client.get("/checklist.pdf?locale=de"))
    assert "1. CPR-Nummer beantragen: Straße, Größe, æøå" in text


def test_text_outside_latin1_is_shown_as_written(client, make_step):
    make_step("Регистрация — “CPR” → ✓")
    text = pdf_text(client.get("/api/v2/checklist/pdf/"))
    assert "1. Регистрация — “CPR” → ✓" in text


def test_text_no_font_can_show_does_not_break_the_pdf(client, make_step):
    make_step("Registrering 登记 “CPR”")
    text = pdf_text(client.get("/api/v2/checklist/pdf/"))
    assert "1. Registrering" in text
    assert "“CPR”" in text


def test_a_long_checklist_renders_in_bounded_time(client, make_step):
    first = make_step("Start")
    for n in range(60):
        make_step(f"Step {n} " + "long words " * 20, after=[first])
    started = time.monotonic()
    pdf_text(client.get("/api/v2/checklist/pdf/"))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/checklist.pdf?colour=red", "colour"),
        ("/checklist.pdf?origin=mars", "origin"),
        ("/checklist/?children=maybe", "children"),
        ("/checklist/?locale=fr", "locale"),
        ("/api/v2/checklist/pdf/?fallback=perhaps", "fallback"),
        ("/api/v2/checklist/print/?colour=red", "colour"),
    ],
)
def test_bad_parameters_are_a_400_not_a_pdf(client, checklist, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["parameter"] == parameter


@pytest.mark.parametrize("url", ["/checklist/", "/api/v2/checklist/print/"])
def test_the_printable_page(client, steps, url):
    response = client.get(f"{url}?origin=non_eu&children=0&locale=en")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert html.index("Find a home") < html.index("Residence permit") < html.index("CPR number")
    assert "Day care" not in html
    assert 'href="https://www.borger.dk/"' in html
    assert '<html lang="en">' in html
    # the PDF of the same checklist is one click away
    assert 'href="/checklist.pdf?origin=non_eu&amp;children=0&amp;locale=en"' in html


def test_the_pdf_link_leads_to_the_same_steps(client, steps):
    html = client.get("/checklist/?origin=eu&children=0").content.decode()
    link = html.split('class="pdf" href="')[1].split('"')[0].replace("&amp;", "&")
    text = pdf_text(client.get(link))
    assert "Residence permit" not in text
    assert "2. CPR number" in text


def test_the_pdf_is_rendered_again_after_a_change(client, make_step):
    make_step("First")
    assert "First" in pdf_text(client.get("/api/v2/checklist/pdf/"))
    make_step("Second")
    assert "2. Second" in pdf_text(client.get("/api/v2/checklist/pdf/"))


@pytest.mark.parametrize("url", ["/checklist.pdf", "/api/v2/checklist/pdf/"])
def test_the_pdf_is_kept_until_the_content_changes(client, make_step, url):
    step = make_step("First")
    assert "1. First" in pdf_text(client.get(url))
    # a change that bypasses publishing (and so the content version) is not seen: the PDF
    # came from the cache
    ChecklistStepPage.objects.filter(pk=step.pk).update(title="Changed behind our back")
    assert "1. First" in pdf_text(client.get(url))
    make_step("Second")  # publishing renews the content version
    text = pdf_text(client.get(url))
    assert "1. Changed behind our back" in text
    assert "2. Second" in text
