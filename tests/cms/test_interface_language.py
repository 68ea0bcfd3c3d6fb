"""Our own interface strings come from the gettext catalogs under locale/, compiled on install."""

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    "language, expected",
    [("da", "Lokalsamfund"), ("de", "Ortsgemeinschaften"), ("en", "Communities")],
)
def test_the_admin_menu_speaks_the_users_language(language, expected):
    with translation.override(language):
        assert translation.gettext("Communities") == expected
