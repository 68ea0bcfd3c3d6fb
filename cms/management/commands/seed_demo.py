import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import (
    figures,
    newcomers_ambassadors,
    newcomers_coupons,
    newcomers_dashboard,
    newcomers_digests,
    newcomers_enquiries,
    newcomers_meetups,
    newcomers_mentors,
    newcomers_push,
)
from cms.demo.sonderborg import DemoBuilder, DemoPassword


class Command(BaseCommand):
    help = (
        "Build the Sønderborg demo (communities, ambassadors, trial homes in da/en/de, "
        "users coordinator and editor-<community>) and a smaller second municipality, "
        "Aabenraa, at aabenraa.localhost (user coordinator-aabenraa). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (adds demo users!)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. The demo adds users with known "
                "passwords; run with --force if you really mean it."
            )
        password = DemoPassword(os.environ.get("DEMO_PASSWORD", ""))
        home, created = DemoBuilder(self.stdout).build(password)
        newcomers_ambassadors.seed(home.get_site())
        newcomers_meetups.seed(home.get_site())
        newcomers_mentors.seed(home.get_site())
        newcomers_enquiries.seed(home.get_site())
        newcomers_digests.seed(home.get_site())
        newcomers_push.seed(home.get_site())
        if newcomers_coupons.seed(home.get_site(), password):
            created.append(newcomers_coupons.STAFF_USERNAME)
        figures.seed(home.get_site())
        newcomers_dashboard.seed(home.get_site())
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {home.title} and its communities."))
        if created:
            shown = password.value if not password.explicit else "(DEMO_PASSWORD)"
            self.stdout.write(
                f"Created users: {', '.join(created[:4])}{' …' if len(created) > 4 else ''}\n"
                f"Password for all of them: {shown}"
                + ("" if password.explicit else "  (shown only now; set DEMO_PASSWORD to choose)")
            )
        else:
            self.stdout.write("Demo users already exist; their passwords are unchanged.")
        admin = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        port = f":{admin.port}" if admin.port else ""
        self.stdout.write(
            f"Log in at {admin.scheme}://{admin.netloc}/admin/ as 'coordinator', "
            "'editor-<community-slug>' (e.g. editor-nordborg) or 'coordinator-aabenraa'; "
            f"Aabenraa's API answers at {admin.scheme}://aabenraa.localhost{port}/api/v2/."
        )
