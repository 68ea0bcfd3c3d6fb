"""`seed_demo` refuses to run where it looks like production: it adds users with known
passwords. (What it builds is tested in tests/cms/demo/.)"""

import pytest
from django.core.management import CommandError, call_command

from communities.models import CommunityPage


def test_the_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not CommunityPage.objects.exists()
