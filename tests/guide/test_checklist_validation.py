"""Bad checklist input is refused, naming the field: a cycle of "before"s (named step by
step), a dependency on another checklist's step, a link that is not a URL, an unknown
audience. Nothing is saved in part."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from guide.models import ChecklistLink, ChecklistStepPage, PageAudience
from tests.factories import HomePageFactory
from tests.guide.factories import ChecklistPageFactory


def step_form_data(step, depends_on=(), links=(), audiences=()):
    data = nested_form_data(
        {
            "title": step.title,
            "slug": step.slug,
            "body": step.body,
            "duration": step.duration,
            "links": inline_formset([{"label": label, "url": url} for label, url in links]),
            "comments": inline_formset([]),
        }
    )
    # multiple choices go as repeated fields, as a browser sends them
    data["depends_on"] = [str(d.pk) for d in depends_on]
    data["audiences"] = list(audiences)
    return data


def edit(client, step, **data):
    url = reverse("wagtailadmin_pages:edit", args=[step.pk])
    return client.post(url, step_form_data(step, **data))


def form_errors(response):
    form = response.context["form"]
    return form.errors, [f.errors for f in form.formsets["links"].forms]


def stored(step):
    step = ChecklistStepPage.objects.get(pk=step.pk)
    return (
        sorted(d.pk for d in step.depends_on.all()),
        list(step.links.values_list("url", flat=True)),
        sorted(step.audience_tags.values_list("audience", flat=True)),
        step.get_latest_revision().pk,
    )


@pytest.fixture
def chain(make_step):
    cpr = make_step("CPR number")
    doctor = make_step("Doctor", after=[cpr])
    card = make_step("Health card", after=[doctor])
    return cpr, doctor, card


def test_a_cycle_is_refused_naming_it(coordinator_client, chain, settings):
    settings.LANGUAGE_CODE = "en"  # the admin speaks English to this coordinator
    cpr, _doctor, card = chain
    before = stored(cpr)
    response = edit(coordinator_client, cpr, depends_on=[card])
    assert response.status_code == 200
    errors, _links = form_errors(response)
    assert errors["depends_on"] == [
        "These steps would wait for each other: CPR number → Health card → Doctor → CPR number."
    ]
    assert stored(cpr) == before


def test_a_cycle_is_refused_in_code_too(chain):
    cpr, doctor, _card = chain
    cpr.depends_on = [doctor]
    with pytest.raises(ValidationError) as refused:
        cpr.save_revision().publish()
    assert "CPR number → Doctor → CPR number" in str(refused.value.message_dict["depends_on"])


def test_a_step_of_another_checklist_is_refused(
    coordinator_client, home, make_step, chain, settings
):
    settings.LANGUAGE_CODE = "en"  # messages in English, the source language
    other_site = HomePageFactory(parent=Page.get_first_root_node(), title="Another town")
    other = ChecklistPageFactory(parent=other_site)
    stranger = make_step("Elsewhere", parent=other)
    cpr = chain[0]
    before = stored(cpr)
    cpr.depends_on = [stranger]
    with pytest.raises(ValidationError) as refused:
        cpr.full_clean()
    assert "“Elsewhere”: not a step of this checklist." in refused.value.message_dict["depends_on"]
    assert stored(cpr) == before


def test_the_admin_offers_only_this_checklists_steps(coordinator_client, chain):
    cpr, doctor, card = chain
    response = coordinator_client.get(reverse("wagtailadmin_pages:edit", args=[cpr.pk]))
    choices = set(response.context["form"].fields["depends_on"].queryset)
    assert {c.pk for c in choices} == {doctor.pk, card.pk}


def test_a_link_that_is_not_a_url_is_refused(coordinator_client, chain):
    cpr = chain[0]
    before = stored(cpr)
    response = edit(
        coordinator_client, cpr, links=[("Borgerservice", "borgerservice at the town hall")]
    )
    assert response.status_code == 200
    _errors, links = form_errors(response)
    assert "url" in links[0]
    assert stored(cpr) == before
    assert not ChecklistLink.objects.filter(step=cpr).exists()


def test_an_unknown_audience_is_refused(coordinator_client, chain):
    cpr = chain[0]
    before = stored(cpr)
    response = edit(coordinator_client, cpr, audiences=["martians"])
    assert response.status_code == 200
    errors, _links = form_errors(response)
    assert "audiences" in errors
    assert stored(cpr) == before
    assert not PageAudience.objects.filter(page=cpr).exists()


def test_a_valid_edit_is_saved(coordinator_client, chain):
    cpr, doctor, card = chain
    response = edit(
        coordinator_client,
        card,
        depends_on=[cpr, doctor],
        links=[("Sundhedskort", "https://www.borger.dk/")],
        audiences=["eu"],
    )
    assert response.status_code == 302, form_errors(response)
    draft = ChecklistStepPage.objects.get(pk=card.pk).get_latest_revision().as_object()
    assert {d.pk for d in draft.depends_on.all()} == {cpr.pk, doctor.pk}
    assert [link.url for link in draft.links.all()] == ["https://www.borger.dk/"]
