"""Demo enquiries at Sønderborg, one in each state: new, assigned, answered (with its
answer) and closed, over the last weeks, routed as a real one would be. Rows only: no
e-mail is sent. Safe to run again (an enquiry is found by its address and message)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from newcomers import enquiries
from newcomers.models import Account, Enquiry, EnquiryAnswer, EnquiryStatus
from newcomers.models.enquiry import Delivery

ENQUIRIES = [
    {
        "email": "sofia@example.com",
        "name": "Sofia",
        "topic": "school",
        "language": "en",
        "days_ago": 1,
        "status": EnquiryStatus.NEW,
        "message": "We move to Nordborg in August with two children (4 and 8). How do we "
        "apply for a kindergarten place and a school?",
    },
    {
        "email": "lukas@example.com",
        "name": "Lukas",
        "topic": "work",
        "language": "de",
        "days_ago": 4,
        "status": EnquiryStatus.ASSIGNED,
        "message": "Meine Frau ist Krankenschwester. Wird ihre deutsche Ausbildung in "
        "Dänemark anerkannt, und wo kann sie sich bewerben?",
    },
    {
        "email": "ana@example.com",
        "name": "Ana",
        "topic": "housing",
        "language": "en",
        "days_ago": 12,
        "answered_after_days": 2,
        "status": EnquiryStatus.ANSWERED,
        "account": True,
        "message": "Is it possible to rent a trial home in one of the villages before we buy?",
        "answer": "Yes: several villages offer a trial home for a week or a month. See the "
        "communities' pages under 'Trial homes', or write to the village guild directly. "
        "We are happy to put you in touch.",
    },
    {
        "email": "jens@example.com",
        "name": "",
        "topic": "tax",
        "language": "da",
        "days_ago": 30,
        "answered_after_days": 3,
        "status": EnquiryStatus.CLOSED,
        "message": "Jeg flytter hjem fra Tyskland og skal arbejde i Sønderborg. Hvor skal "
        "jeg betale skat det første år?",
        "answer": "Du betaler skat i Danmark fra den dag, du flytter hertil. Skattestyrelsen "
        "hjælper med forskudsopgørelsen; vi har sendt dig linket.",
    },
]


def seed(site):
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    now = timezone.now()
    for data in ENQUIRIES:
        if Enquiry.objects.filter(site=site, email=data["email"], message=data["message"]).exists():
            continue
        created = now - timedelta(days=data["days_ago"])
        account = None
        if data.get("account"):
            account, _new = Account.objects.get_or_create(
                site=site, email=data["email"], defaults={"language": data["language"]}
            )
        status = data["status"]
        enquiry = Enquiry.objects.create(
            site=site,
            **{k: data[k] for k in ("email", "name", "topic", "language", "message")},
            account=account,
            created_at=created,
            status=status,
            contact=None
            if status == EnquiryStatus.NEW
            else enquiries.route(site, data["topic"], data["language"]),
        )
        if "answer" in data:
            answered = created + timedelta(days=data["answered_after_days"])
            EnquiryAnswer.objects.create(
                enquiry=enquiry,
                text=data["answer"],
                sent_by=coordinator,
                sent_at=answered,
                delivery=Delivery.SENT,
            )
            enquiry.first_answered_at = answered
            if status == EnquiryStatus.CLOSED:
                enquiry.closed_at = answered + timedelta(days=1)
            enquiry.save(update_fields=["first_answered_at", "closed_at"])
