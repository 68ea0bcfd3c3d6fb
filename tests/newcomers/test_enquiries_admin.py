"""The enquiries in the admin: a coordinator lists their municipality's, assigns, answers by
e-mail in the enquiry's language (the answer kept with it) and closes; a mail that could not
be delivered shows on the enquiry; the year's figures; another municipality's enquiries are
out of reach."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms.demo import newcomers_enquiries
from newcomers import enquiries
from newcomers.models import Enquiry, EnquiryAnswer
from tests.cms.test_mail_tasks import broken_smtp, queue, work  # noqa: F401 (fixtures)
from tests.newcomers.enquiry_helpers import ask, contacts
from tests.newcomers.helpers import AABENRAA

pytestmark = pytest.mark.django_db

LISTING = "/admin/enquiries/"


def page(pk):
    return f"/admin/enquiries/{pk}/"


def test_a_coordinator_assigns_answers_and_closes_an_enquiry(
    client, home, coordinator, django_assert_num_queries
):
    people = contacts(home.get_site())
    ask(client, language="de", topic="school", message="Wo ist der nächste Kindergarten?")
    ask(client, topic="housing")
    enquiry = Enquiry.objects.get(topic="school")
    assert enquiry.contact == people["general"]
    client.force_login(coordinator)

    listing = client.get(LISTING)
    assert listing.status_code == 200
    content = listing.content.decode()
    assert page(enquiry.pk) in content and "General" in content
    filtered = client.get(LISTING, {"status": "assigned", "topic": "housing"}).content.decode()
    assert page(enquiry.pk) not in filtered and "Housing EN" in filtered
    # the admin's own 20 (with the menu items of the newcomers' features), then the
    # enquiries, the figures by topic, the answer times: with two enquiries as with five
    with django_assert_num_queries(23):
        client.get(LISTING)
    for topic in ("tax", "work", "health"):
        ask(client, topic=topic)
    with django_assert_num_queries(23):
        client.get(LISTING)

    shown = client.get(page(enquiry.pk)).content.decode()
    assert "Wo ist der nächste Kindergarten?" in shown
    mail.outbox.clear()
    assigned = client.post(page(enquiry.pk), {"assign": "1", "contact": people["housing_en"].pk})
    assert assigned.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.contact == people["housing_en"]
    assert [m.to for m in mail.outbox] == [["housing@example.dk"]]

    mail.outbox.clear()
    answered = client.post(page(enquiry.pk), {"text": "Der Kindergarten liegt am Markt."})
    assert answered.status_code == 302
    [sent] = mail.outbox
    assert sent.to == ["ana@example.com"]
    assert sent.extra_headers["Content-Language"] == "de"
    assert "Der Kindergarten liegt am Markt." in sent.body
    assert "Wo ist der nächste Kindergarten?" in sent.body  # the question quoted
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.first_answered_at is not None
    [kept] = enquiry.answers.all()
    assert (kept.sent_by, kept.delivery) == (coordinator, "sent")
    assert "Der Kindergarten liegt am Markt." in client.get(page(enquiry.pk)).content.decode()

    assert client.post(page(enquiry.pk), {"close": "1"}).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "closed" and enquiry.closed_at is not None
    client.post(page(enquiry.pk), {"text": "One more thing."})  # closed: refused
    assert enquiry.answers.count() == 1
    actions = ModelLogEntry.objects.filter(object_id=str(enquiry.pk)).values_list(
        "action", flat=True
    )
    assert {
        "newcomers.enquiry.assign",
        "newcomers.enquiry.answer",
        "newcomers.enquiry.close",
    } <= set(actions)


def test_an_empty_answer_is_refused_and_nothing_sent(client, home, coordinator):
    contacts(home.get_site())
    ask(client)
    enquiry = Enquiry.objects.get()
    mail.outbox.clear()
    client.force_login(coordinator)
    response = client.post(page(enquiry.pk), {"text": "  "})
    assert response.status_code == 200
    assert not EnquiryAnswer.objects.exists() and mail.outbox == []


@pytest.mark.usefixtures("queue", "broken_smtp")
def test_an_answer_whose_mail_fails_shows_so_on_the_enquiry(client, home, coordinator):
    ask(client)
    enquiry = Enquiry.objects.get()
    client.force_login(coordinator)
    client.post(page(enquiry.pk), {"text": "Here is the answer."})
    work()
    assert "delivery-retrying" in client.get(page(enquiry.pk)).content.decode()
    for _ in range(5):
        work(all_due=True)
    shown = client.get(page(enquiry.pk)).content.decode()
    assert "delivery-failed" in shown
    assert "SMTPServerDisconnected" in shown
    assert "Here is the answer." in shown  # kept, to send again


def test_another_municipalitys_enquiries_are_out_of_reach(client, home, aabenraa, make_coordinator):
    ask(client, host=AABENRAA, message="Aabenraa's question")
    theirs = Enquiry.objects.get()
    ask(client, message="Sønderborg's question")
    ours = Enquiry.objects.exclude(pk=theirs.pk).get()
    client.force_login(make_coordinator(aabenraa))
    listing = client.get(LISTING).content.decode()
    assert page(theirs.pk) in listing and page(ours.pk) not in listing
    assert client.get(page(ours.pk)).status_code == 404
    for action in ({"text": "Hi"}, {"close": "1"}, {"assign": "1", "contact": "1"}):
        assert client.post(page(ours.pk), action).status_code == 404
    ours.refresh_from_db()
    assert ours.status == "new" and not ours.answers.exists()


def test_the_years_figures(client, home, coordinator, english):
    site = home.get_site()
    now = timezone.now()
    made = [
        Enquiry.objects.create(site=site, topic=topic, language="en", message="?", email="a@b.dk")
        for topic in ("housing", "housing", "tax", "work")
    ]
    for enquiry, days in zip(made, (1, 3, 8), strict=False):
        Enquiry.objects.filter(pk=enquiry.pk).update(
            created_at=now - timedelta(days=days), first_answered_at=now
        )
    last_year = now.replace(year=now.year - 1)
    Enquiry.objects.create(
        site=site, topic="tax", language="en", message="?", email="a@b.dk", created_at=last_year
    )
    if timezone.localtime(now - timedelta(days=8)).year != timezone.localdate().year:
        pytest.skip("the test's enquiries would straddle the new year")
    figures = enquiries.figures(Enquiry.objects.all(), timezone.localdate().year)
    assert figures["total"] == 4
    assert dict(figures["by_topic"]) == {"Housing": 2, "Tax": 1, "Jobs and careers": 1}
    assert (figures["answered"], figures["median_days"]) == (3, 3.0)
    client.force_login(coordinator)
    content = client.get(LISTING).content.decode()
    assert "3.0" in content or "3,0" in content


def test_the_demo_has_an_enquiry_in_each_state_once(home):
    site = home.get_site()
    people = contacts(site)
    newcomers_enquiries.seed(site)
    newcomers_enquiries.seed(site)
    found = {e.status: e for e in Enquiry.objects.prefetch_related("answers")}
    assert sorted(found) == ["answered", "assigned", "closed", "new"]
    assert Enquiry.objects.count() == 4
    assert found["answered"].contact == people["housing_en"]
    assert found["answered"].account.email == "ana@example.com"
    assert [len(found[s].answers.all()) for s in ("new", "answered", "closed")] == [0, 1, 1]
    assert mail.outbox == []
