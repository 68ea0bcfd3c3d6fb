"""`seed_demo` gives "New in our area" something to show: Sønderborg newcomers who allowed
contact, one who withdrew it, a few contact records; a second run adds nothing."""

from django.contrib.auth import get_user_model
from wagtail.models import Site

from cms.demo import newcomers_ambassadors
from newcomers.models import Account, ContactRecord


def test_the_demo_newcomers(db, demo, client):
    users = get_user_model().objects
    client.force_login(users.get(username="editor-nordborg"))
    html = client.get("/admin/new-in-our-area/").content.decode()
    assert "<h3>Ana</h3>" in html and "<h3>Marta</h3>" not in html  # Marta withdrew
    assert "<h3>Jonas</h3>" not in html  # Augustenborg's
    assert "@example.com" not in html
    client.force_login(users.get(username="editor-sonderborg-ambassadors"))
    assert "<h3>Priya</h3>" in client.get("/admin/new-in-our-area/").content.decode()

    counts = (Account.objects.count(), ContactRecord.objects.count())
    newcomers_ambassadors.seed(Site.objects.get(is_default_site=True))
    assert (Account.objects.count(), ContactRecord.objects.count()) == counts
