"""The whole admin speaks the user's language: every screen a community editor and a
coordinator reach, rendered with their admin language set to Danish, German or English,
shows no interface message of Wagtail, wagtail-localize or ours in another language.

The messages are read from the packages' English source catalogs and from ours; a visible
text (text nodes, and the title, placeholder and aria-label attributes, and labels in the
JSON the admin's scripts read) is untranslated when it is one of those messages and not the
message's translation in the user's language. Content and names (titles, users, …) are
data, not messages, and left out.
"""

import contextlib
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages import pofile
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, trans_real
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site
from wagtail.utils.version import get_main_version
from wagtail_localize.models import Translation, TranslationSource

from communities import access, municipalities
from directory.models import Association, AssociationSubmission, Practice
from events.models import ExternalCalendar, ImportedEvent
from events.registrations import register
from guide.models import Contact, CultureNote, UsefulLink
from guide.models.contacts import TOPICS
from newcomers import consents, enquiries, meetups
from newcomers.models import Account, Mentor, MentorRequest, NewcomerProfile
from tests.conftest import LANGUAGES, translate
from tests.directory.factories import AssociationFactory, PracticeFactory, SubmissionFactory
from tests.events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExternalCalendarFactory,
    ImportedEventFactory,
)
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    HomePageFactory,
    ImageFactory,
    TrialHomePageFactory,
    UserFactory,
)
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    StoriesIndexPageFactory,
    StoryPageFactory,
    UsefulLinkFactory,
)

pytestmark = pytest.mark.django_db  # each test in a savepoint of the module's transaction

User = get_user_model()
OURS = Path(settings.BASE_DIR) / "locale"

# --- the messages ------------------------------------------------------------------------


def _normal(text):
    return " ".join(text.split()).strip()


def _source_catalogs():
    """The English source catalogs: the Wagtail packages' and ours (whose ids are English)."""
    for config in apps.get_app_configs():
        if config.name.startswith("wagtail"):
            for domain in ("django", "djangojs"):
                path = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
                if path.is_file():
                    yield path
    yield OURS / "en" / "LC_MESSAGES" / "django.po"


PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_0-9]*\}")


def english_messages():
    """(exact messages, patterns for messages with placeholders)."""
    exact, patterns = set(), set()
    for path in _source_catalogs():
        with path.open("rb") as f:
            for message in pofile.read_po(f):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                for text in map(_normal, ids):
                    if not text:
                        continue
                    if PLACEHOLDER.search(text):
                        literal = PLACEHOLDER.sub("", text)
                        # a pattern that is mostly placeholders would match any content
                        if sum(c.isalpha() for c in literal) >= 4:
                            parts = PLACEHOLDER.split(text)
                            patterns.add(".+?".join(re.escape(part) for part in parts))
                    else:
                        exact.add(text)
    return exact, patterns


def _catalogs(language):
    """The merged catalogs the admin reads for `language` (ours, upstream, the packages',
    Django's): {message id: text}."""
    for domain in ("django", "djangojs"):
        catalog = (
            trans_real.translation(language)
            if domain == "django"
            else trans_real.DjangoTranslation(language, domain=domain)
        )
        for key, value in catalog._catalog.items():
            message_id = key[0] if isinstance(key, tuple) else key
            yield _normal(message_id.split("\x04")[-1]), _normal(value)


def translations_in(language):
    return {text for _id, text in _catalogs(language)}


class Messages:
    """Tells whether a visible text is an interface message not in `language`."""

    def __init__(self):
        self.exact, patterns = english_messages()
        self.pattern = re.compile("|".join(f"(?:{p})" for p in sorted(patterns)))
        self.translated = {code: translations_in(code) for code in LANGUAGES}
        # every message id any catalog knows (Django's too), as written and as a label
        ids = {message_id for code in ("da", "de") for message_id, _text in _catalogs(code)}
        self.ids = ids | {message_id[:1].upper() + message_id[1:] for message_id in ids}
        # names of languages in their own language are names, not messages
        native = {get_language_info(code)["name_local"] for code in LANGUAGES}
        self.names = native | {name.capitalize() for name in native}

    def foreign(self, text, language):
        if text in self.translated[language] or text in self.names:
            return False
        if language == "en":  # the source: a translation that is no English message is foreign
            return text not in self.ids and any(text in self.translated[c] for c in ("da", "de"))
        return text in self.exact or bool(self.pattern.fullmatch(text))


# --- what a person sees on a screen ------------------------------------------------------

#: English that Wagtail 8.0.1's templates write without gettext, so no catalog can translate
#: it (both for screen readers only): the header's action buttons, the search forms' button
HARD_CODED = {("Actions", "aria-label"), ("Search", "value")}
#: Wagtail 8.0.1's snippet views translate their breadcrumbs once, at start, in the language
#: of the first request: these stay in that language for everyone (a fault of Wagtail's)
FROZEN_AT_START = ("/admin/snippets/", ("Home", "Snippets"))
#: and its help menu names the "What's new" item once, in the language of the first request
#: that builds the menu, on every screen
FROZEN_MENU_ITEM = "What's new in Wagtail %(version)s"
#: Python values a template printed as text (e.g. an empty counter): no message
NOT_MESSAGES = {"None", "True", "False"}

SEEN_ATTRIBUTES = {"title", "placeholder", "aria-label", "data-w-tooltip-content-value"}
#: keys in the admin's JSON (sidebar, StreamField, comments …) whose values are shown
SEEN_KEYS = {"label", "title", "placeholder", "heading", "help_text", "helpText", "text"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._hidden = []  # open elements whose text is not an interface text
        self._json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea"):
            self._hidden.append(tag)
            self._json = tag == "script" and attrs.get("type") == "application/json"
        for name in SEEN_ATTRIBUTES & attrs.keys():
            self._seen(attrs[name], name)
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self._seen(attrs.get("value"), "value")

    def _seen(self, text, attribute):
        text = _normal(text or "")
        if (text, attribute) not in HARD_CODED:
            self.texts.append(text)

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()
            self._json = False

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)
        elif self._json:
            with contextlib.suppress(ValueError):
                self.texts.extend(_json_labels(json.loads(data)))


def _json_labels(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SEEN_KEYS and isinstance(item, str):
                yield item
            else:
                yield from _json_labels(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_labels(item)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    texts = {_normal(text) for text in parser.texts}
    return {text for text in texts - NOT_MESSAGES if any(c.isalpha() for c in text)}


# --- the admin of a small municipality -----------------------------------------------------


def content_names():
    """Titles, names and other data that may look like a message but are content."""
    names = set()
    for page in Page.objects.all():
        names |= {page.title, page.draft_title}
    for user in User.objects.all():
        names |= {user.get_username(), user.get_full_name(), user.email}
    for model in (Image, Document):
        names |= set(model.objects.values_list("title", flat=True))
    names |= set(Collection.objects.values_list("name", flat=True))
    names |= {settings.WAGTAIL_SITE_NAME, *Site.objects.values_list("site_name", flat=True)}
    for model in (CultureNote, Contact, UsefulLink, Association, Practice, ExternalCalendar,
                  ImportedEvent, AssociationSubmission):  # fmt: skip
        names |= {str(item) for item in model.objects.all()}
    return {_normal(name) for name in names if name}


def build():
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Velkommen til Sønderborg")
    site, _created = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Sønderborg"},
    )
    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(parent=index, title="Nordborg")
    other = CommunityPageFactory(parent=index, title="Augustenborg")
    for page in (home, index, community):
        for code in LANGUAGES[1:]:
            translate(page, code)
    trial_home = TrialHomePageFactory(parent=community, title="Prøvebolig ved skoven")
    calendar = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=calendar, title="Velkomstdag", registration=True, seats=2)
    community_event = EventPageFactory(
        parent=community, title="Fællesspisning", registration=True, seats=4
    )
    checklist = ChecklistPageFactory(parent=home)
    step = ChecklistStepPageFactory(parent=checklist, title="Få et CPR-nummer")
    stories = StoriesIndexPageFactory(parent=home)
    story = StoryPageFactory(parent=stories, title="Lucas fra Brasilien")

    coordinator = UserFactory(username="koordinator", first_name="Karen", last_name="Koordinator")
    coordinator.groups.add(municipalities.coordinators_group())
    editor = UserFactory(username="frivillig", first_name="Frede", last_name="Frivillig")
    access.access_for(community).group.user_set.add(editor)
    access.access_for(other).group.user_set.add(UserFactory(username="anden"))

    collection = access.access_for(community).collection
    image = ImageFactory(title="Havnen", collection=collection)
    document = DocumentFactory(title="Velkomstfolder", collection=collection)

    # work in progress: a page with the coordinator, one sent back, a draft
    trial_home.save_revision(user=editor)
    trial_home.get_workflow().start(trial_home, editor)
    community_event.save_revision(user=editor)
    state = community_event.get_workflow().start(community_event, editor)
    state.current_task_state.specific.reject(user=coordinator, comment="Tilføj et billede.")
    community.title = "Nordborg"
    community.save_revision(user=editor)

    # a translation made with wagtail-localize's editor
    source, _created = TranslationSource.get_or_create_from_instance(trial_home)
    german = Translation.objects.create(source=source, target_locale=locales["de"])
    german.save_target(publish=False)

    register(event, event.start, name="Amira Haddad", email="amira@example.dk", seats=2,
             language="en", consent=True)  # fmt: skip
    register(event, event.start, name="Jonas Berg", email="jonas@example.dk", seats=1,
             language="de", consent=False)  # fmt: skip
    register(community_event, community_event.start, name="Ole Hansen",
             email="ole@example.dk", seats=2, language="da", consent=False)  # fmt: skip

    CultureNoteFactory()
    ContactFactory()
    UsefulLinkFactory()
    association = AssociationFactory(name="Nordborg Roklub")
    PracticeFactory()
    SubmissionFactory(name="Sønderborg Skakklub")
    submission = SubmissionFactory(name="Nordborg Roklub", association=association)
    feed = ExternalCalendarFactory(name="Aabenraa Kommune", last_error="HTTP 404")
    imported = ImportedEventFactory(calendar=feed, title="Koncert i parken")

    newcomers = newcomers_of(site, community, event)

    return {
        **newcomers,
        "coordinator": coordinator,
        "editor": editor,
        "pages": {
            "home": home,
            "index": index,
            "community": community,
            "trial_home": trial_home,
            "calendar": calendar,
            "event": event,
            "community_event": community_event,
            "checklist": checklist,
            "step": step,
            "stories": stories,
            "story": story,
        },
        "german": german,
        "source": source,
        "image": image,
        "document": document,
        "submission": submission,
        "feed": feed,
        "imported": imported,
        "association": association,
    }


def newcomers_of(site, community, event):
    """A newcomer new in the editor's community, who posted a meet-up (reported), asks for a
    mentor and asked a question: the newcomers' screens filled."""
    account = Account.objects.create(site=site, email="lina@example.com", language="da")
    NewcomerProfile.objects.create(
        account=account,
        first_name="Lina",
        community_key=community.translation_key,
        community_status="lives",
        moving_date=date(2026, 11, 1),
        interests=["nature"],
    )
    consents.record(account, "ambassador_contact", True, language="da", source="website")
    meetup = meetups.post(
        account,
        {"title": "Koncert i Alsion", "starts_at": event.start, "place": "Alsion",
         "language": "da", "max_people": 3},
    )  # fmt: skip
    meetups.report(meetup, account, "Forkert dato")
    Mentor.objects.create(site=site, name="Mette Mentor", email="mette@example.com",
                          industries=["it"], languages=["da"], capacity=1)  # fmt: skip
    mentor_request = MentorRequest.objects.create(
        account=account, site=site, industry="it", languages=["da"], need="Et CV."
    )
    enquiry = enquiries.submit(
        site, topic=TOPICS[0][0], language="da", message="Hvor er borgerservice?",
        email=account.email, account=account,
    )  # fmt: skip
    return {"meetup": meetup, "mentor_request": mentor_request, "enquiry": enquiry}


def screens(data, who):
    """The admin screens `who` reaches, by the links in their menus and their pages."""
    pages = data["pages"]
    community, trial_home = pages["community"], pages["trial_home"]
    german_copy = trial_home.get_translation(Locale.objects.get(language_code="de"))
    editor_screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[community.pk]),
        reverse("wagtailadmin_pages:edit", args=[community.pk]),
        reverse("wagtailadmin_pages:edit", args=[trial_home.pk]),
        reverse("wagtailadmin_pages:edit", args=[pages["community_event"].pk]),
        reverse("wagtailadmin_pages:edit", args=[german_copy.pk]),  # localize's editor
        reverse("wagtailadmin_pages:add_subpage", args=[community.pk]),
        reverse("wagtailadmin_pages:add", args=["communities", "trialhomepage", community.pk]),
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", community.pk]),
        reverse("wagtailadmin_pages:history", args=[community.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[pages["community_event"].pk]),
        reverse("wagtailadmin_pages:search") + "?q=Nordborg",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_external_link"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[data["image"].pk]),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=[data["document"].pk]),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtail_localize:submit_page_translation", args=[trial_home.pk]),
        reverse("event_registrations_index"),
        reverse("event_registrations_event", args=[pages["community_event"].translation_key]),
        reverse("newcomers_new_in_our_area"),
    ]
    if who == "editor":
        return editor_screens
    snippets = [
        ("guide", "culturenote"),
        ("guide", "contact"),
        ("guide", "usefullink"),
        ("directory", "association"),
        ("directory", "practice"),
        ("events", "externalcalendar"),
        ("events", "importedevent"),
    ]
    screens = [
        *editor_screens,
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[pages["home"].pk]),
        *(reverse("wagtailadmin_pages:edit", args=[page.pk]) for page in pages.values()),
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", pages["calendar"].pk]),
        reverse("wagtailadmin_pages:move", args=[trial_home.pk]),
        reverse("wagtailadmin_pages:copy", args=[trial_home.pk]),
        reverse("wagtailadmin_pages:delete", args=[trial_home.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[pages["story"].pk]),
        *(reverse(f"wagtailsnippets_{app}_{model}:list") for app, model in snippets),
        reverse("wagtailsnippets_guide_culturenote:add"),
        reverse("wagtailsnippets_events_externalcalendar:edit", args=[data["feed"].pk]),
        reverse("wagtailsnippets_directory_association:edit", args=[data["association"].pk]),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtail_localize:update_translations", args=[data["source"].pk]),
        reverse("communities_list"),
        reverse("communities_members", args=[community.pk]),
        reverse("directory_submissions"),
        reverse("directory_review", args=[data["submission"].pk]),
        reverse("event_registrations_event", args=[pages["event"].translation_key]),
        reverse("newcomers_meetups"),
        reverse("newcomers_meetup", args=[data["meetup"].pk]),
        reverse("newcomers_mentors"),
        reverse("newcomers_mentor_requests"),
        reverse("newcomers_mentor_request", args=[data["mentor_request"].pk]),
        reverse("newcomers_enquiries"),
        reverse("newcomers_enquiry", args=[data["enquiry"].pk]),
    ]
    return list(dict.fromkeys(screens))


@pytest.fixture(scope="module")
def admin(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        data = build()
        data["media"] = media
        data["names"] = content_names()
        data["messages"] = Messages()
        yield data
        transaction.set_rollback(True)


def untranslated(admin, who, language, settings):
    settings.MEDIA_ROOT = admin["media"]
    user = admin[who]
    profile = user.wagtail_userprofile
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    frozen_under, frozen_ids = FROZEN_AT_START
    frozen, menu_items = set(), set()
    version = {"version": get_main_version(include_patch=False)}
    for code in LANGUAGES:
        with translation.override(code):
            frozen |= {translation.gettext(message) for message in frozen_ids}
            menu_items.add(translation.gettext(FROZEN_MENU_ITEM) % version)
    found = {}
    for url in screens(admin, who):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        texts = visible_texts(response.content.decode()) - admin["names"] - menu_items
        if url.startswith(frozen_under):
            texts -= frozen
        for text in texts:
            if admin["messages"].foreign(text, language):
                found.setdefault(text, url)
    return found


# Danish for both; German and English on the coordinator's screens, a superset of the
# editor's (the same screens with more on them), to keep the run short.
@pytest.mark.parametrize(
    "language, who",
    [("da", "coordinator"), ("da", "editor"), ("de", "coordinator"), ("en", "coordinator")],
)
def test_every_screen_speaks_the_users_language(admin, who, language, settings):
    found = untranslated(admin, who, language, settings)
    assert not found, "\n".join(f"{url}: {text!r}" for text, url in sorted(found.items()))


SERVED_CATALOG = re.compile(r"const newcatalog = (\{.*?\});", re.S)


def script_messages(app_label):
    """The keys of an app's script messages as Django's JavaScript catalog names them."""
    path = Path(apps.get_app_config(app_label).path) / "locale/en/LC_MESSAGES/djangojs.po"
    with path.open("rb") as f:
        for message in pofile.read_po(f):
            if message.id:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                yield f"{message.context}\x04{key}" if message.context else key


@pytest.mark.parametrize("language", ["da", "de"])
def test_the_admins_scripts_get_every_message_in_the_users_language(admin, language):
    """Wagtail's and wagtail-localize's script catalogs (their jsi18n views) are complete:
    LOCALE_PATHS, with locale/upstream/, are part of them."""
    user = admin["editor"]
    user.wagtail_userprofile.preferred_language = language
    user.wagtail_userprofile.save()
    client = Client()
    client.force_login(user)
    for app_label, url in (
        ("wagtailadmin", reverse("wagtailadmin_javascript_catalog")),
        ("wagtail_localize", reverse("wagtail_localize:javascript_catalog")),
    ):
        served = json.loads(SERVED_CATALOG.search(client.get(url).content.decode()).group(1))
        missing = [key for key in script_messages(app_label) if key not in served]
        assert not missing, (app_label, missing)
