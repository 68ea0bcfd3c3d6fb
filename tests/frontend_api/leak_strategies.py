"""Generated worlds for the never-leaks properties (tests/frontend_api/test_never_leaks.py).

A *plan* (frozen dataclasses drawn by hypothesis) says what a world holds: communities under
the communities index, trial homes under them, their copies in Danish and some in English
and German, each copy in a publication state of its own, ambassadors who did or did not opt
in to showing their contact details, and images and documents in open or view-restricted
collections, used as hero images, ambassador and trial home photos and in community bodies.
`build_world` makes a plan real through the model APIs the admin uses (factories, revisions,
`publish`, `unpublish`, view restrictions) and returns a `World`.

Every piece of content carries a unique token: `hemmelig0001`, … when an anonymous client
must never see it, `synlig0002`, … when it is public. A `World` knows which tokens are secret
*now*: `apply_change` hides something that was public (unpublishes, restricts, expires,
withdraws consent, restricts a collection) and turns its tokens into secrets, so a property
can check responses before and after. Slugs carry tokens of their own (`skjult0003`, …, for
a hidden page's slug), because a slug also travels in the URLs of other pages: the slug
property is a separate test.

`build_neighbour` adds another municipality (a site of its own, at its own host) with public
content of every area: all of it is secret to the world's clients, who ask the default site's
host.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock

from django.core.signing import TimestampSigner
from django.utils import timezone
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from communities.models import Ambassador, CommunityPage
from tests.directory.factories import AssociationFactory, PracticeFactory
from tests.events.factories import EventPageFactory, ExternalCalendarFactory, ImportedEventFactory
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    DocumentFactory,
    ImageFactory,
    TrialHomePageFactory,
)
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    ContactFactory,
    CultureNoteFactory,
    UsefulLinkFactory,
)

SECRET_PREFIX = "hemmelig"
PUBLIC_PREFIX = "synlig"
SLUG_SECRET_PREFIX = "skjult"
TOKEN_RE = re.compile(rf"(?:{SECRET_PREFIX}|{PUBLIC_PREFIX})\d{{4}}")
SLUG_SECRET_RE = re.compile(rf"{SLUG_SECRET_PREFIX}\d{{4}}")
PREVIEW_SALT = "headlesspreview.token"  # wagtail-headless-preview's signer

# --- page states ---------------------------------------------------------------------------

PUBLISHED = "published"
#: live, with a newer unpublished revision whose title, intro (and, for a community, a new
#: opted-in ambassador) are secret
DRAFT_CHANGES = "draft_changes"
#: live, with a newer revision approved to go live next week (secret like DRAFT_CHANGES)
SCHEDULED_UPDATE = "scheduled_update"
NEVER_PUBLISHED = "never_published"
UNPUBLISHED = "unpublished"
#: published with an expiry time that has passed; `live` stays True, since
#: `publish_scheduled` (which would unpublish it) has not run
EXPIRED = "expired"
#: never live; its first revision approved to go live next week
SCHEDULED = "scheduled"
PRIVATE_PASSWORD = "private_password"
PRIVATE_LOGIN = "private_login"

VISIBLE_STATES = (PUBLISHED, DRAFT_CHANGES, SCHEDULED_UPDATE)
UNRESTRICTED_HIDDEN_STATES = (NEVER_PUBLISHED, UNPUBLISHED, EXPIRED, SCHEDULED)
PRIVATE_STATES = (PRIVATE_PASSWORD, PRIVATE_LOGIN)
STATES = VISIBLE_STATES + UNRESTRICTED_HIDDEN_STATES + PRIVATE_STATES

LANGUAGES = ("da", "en", "de")

# --- media placement -----------------------------------------------------------------------

OPEN = "open"  # the root collection
OPEN_CHILD = "open_child"  # a child of the root, unrestricted
LOGIN = "login"  # a collection with a login restriction
PASSWORD = "password"  # a collection with a password restriction
BELOW_LOGIN = "below_login"  # a child of the login-restricted collection
BELOW_PASSWORD = "below_password"  # a child of the password-restricted collection
COLLECTIONS = (OPEN, OPEN_CHILD, LOGIN, PASSWORD, BELOW_LOGIN, BELOW_PASSWORD)
RESTRICTED_COLLECTIONS = (LOGIN, PASSWORD, BELOW_LOGIN, BELOW_PASSWORD)

#: a view restriction on a whole section in one language: everything below it is private
SECTION_RESTRICTIONS = (None, ("index", "en"), ("index", "de"), ("home", "de"))

# --- changes that hide what was public -----------------------------------------------------

UNPUBLISH = "unpublish"
RESTRICT_PAGE = "restrict_page"  # a login or password restriction on a page
EXPIRE = "expire"  # expire_at set in the future, then the clock passes it (one a world)
WITHDRAW_CONSENT = "withdraw_consent"  # a community's ambassadors untick contact_public
RESTRICT_COLLECTION = "restrict_collection"  # a restriction on an item's collection
MOVE_MEDIA = "move_media"  # an item moved into a restricted collection
CHANGES = (UNPUBLISH, RESTRICT_PAGE, EXPIRE, WITHDRAW_CONSENT, RESTRICT_COLLECTION, MOVE_MEDIA)
#: how long after it is set a page expires
EXPIRY_DELAY = datetime.timedelta(minutes=10)
#: the clock is stopped this long after the expiry: responses cached before it are still
#: within their cache timeout (which ends in the second after the coming expiry)
JUST_AFTER = datetime.timedelta(milliseconds=1)


# --- plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmbassadorPlan:
    contact_public: bool
    photo: int | None  # index into WorldPlan.images


@dataclass(frozen=True)
class TrialHomePlan:
    states: tuple  # ((language, state), ...), Danish first
    photo: int | None


@dataclass(frozen=True)
class CommunityPlan:
    states: tuple  # ((language, state), ...), Danish first
    hero_image: int | None
    body_image: int | None
    body_document: int | None
    ambassadors: tuple  # AmbassadorPlan, ...
    homes: tuple  # TrialHomePlan, ...


@dataclass(frozen=True)
class WorldPlan:
    images: tuple  # the collection placement of each image
    documents: tuple  # the collection placement of each document
    communities: tuple  # CommunityPlan, ...
    section_restriction: tuple | None
    #: the page every community body links to: (community index, language), or None
    linked_page: tuple | None


@dataclass(frozen=True)
class Change:
    kind: str
    target: int  # which of the candidates (modulo their number)
    password: bool  # for restrictions: a password rather than a login


def _states(languages, states):
    return st.tuples(*(st.tuples(st.just(code), st.sampled_from(states)) for code in languages))


@st.composite
def world_plans(
    draw,
    max_communities=4,
    max_homes=3,
    community_states=STATES,
    home_states=STATES,
    documents=None,
    body_document=False,
    link_hidden_page=False,
):
    """Worlds of 1 to `max_communities` communities with 0 to `max_homes` trial homes each.

    The keywords narrow the worlds for a targeted property: the *first* community's copies
    take their states from `community_states` and its trial homes (at least one, when
    narrowed) from `home_states`, while the others may be in any state; `documents` is a
    strategy for the documents' placements; `body_document` makes every community body link
    a document; `link_hidden_page` adds a hidden Danish community that every body links to.
    """
    images = tuple(draw(st.lists(st.sampled_from(COLLECTIONS), min_size=1, max_size=4)))
    documents = tuple(
        draw(
            documents
            if documents is not None
            else st.lists(st.sampled_from(COLLECTIONS), min_size=1, max_size=3)
        )
    )
    image_ref = st.none() | st.integers(0, len(images) - 1)
    document_ref = st.integers(0, len(documents) - 1)
    if not body_document:
        document_ref = st.none() | document_ref

    communities = []
    for n in range(draw(st.integers(1, max_communities))):
        others = draw(st.lists(st.sampled_from(LANGUAGES[1:]), unique=True, max_size=2))
        languages = ("da", *sorted(others))
        narrowed = n == 0 and home_states != STATES
        homes = []
        for _ in range(draw(st.integers(1 if narrowed else 0, max_homes))):
            # a trial home is translated only where its community is
            home_others = (
                draw(st.lists(st.sampled_from(languages[1:]), unique=True))
                if len(languages) > 1
                else []
            )
            homes.append(
                TrialHomePlan(
                    states=draw(
                        _states(("da", *sorted(home_others)), home_states if n == 0 else STATES)
                    ),
                    photo=draw(image_ref),
                )
            )
        communities.append(
            CommunityPlan(
                states=draw(_states(languages, community_states if n == 0 else STATES)),
                hero_image=draw(image_ref),
                body_image=draw(image_ref),
                body_document=draw(document_ref),
                ambassadors=tuple(
                    AmbassadorPlan(contact_public=draw(st.booleans()), photo=draw(image_ref))
                    for _ in range(draw(st.integers(0, 2)))
                ),
                homes=tuple(homes),
            )
        )
    if link_hidden_page:
        hidden_state = draw(st.sampled_from(UNRESTRICTED_HIDDEN_STATES + PRIVATE_STATES))
        communities.append(
            CommunityPlan(
                states=(("da", hidden_state),),
                hero_image=None,
                body_image=None,
                body_document=None,
                ambassadors=(),
                homes=(),
            )
        )
        linked_page = (len(communities) - 1, "da")
    else:
        linked_page = draw(
            st.none() | st.tuples(st.integers(0, len(communities) - 1), st.sampled_from(LANGUAGES))
        )
    return WorldPlan(
        images=images,
        documents=documents,
        communities=tuple(communities),
        section_restriction=draw(st.sampled_from(SECTION_RESTRICTIONS)),
        linked_page=linked_page,
    )


def changes(min_size=1, max_size=3):
    return st.lists(
        st.builds(
            Change, kind=st.sampled_from(CHANGES), target=st.integers(0, 30), password=st.booleans()
        ),
        min_size=min_size,
        max_size=max_size,
    )


# --- the built world -----------------------------------------------------------------------


@dataclass
class BuiltPage:
    pk: int
    kind: str  # "home", "index", "community", "trial_home"
    language: str
    state: str
    visible: bool
    path: str
    #: the marker in the live title (None for the fixtures' home and index pages)
    marker: str | None = None
    #: every public token of the live page's own content
    tokens: list = field(default_factory=list)
    #: opted-in ambassadors' e-mails and phones, shown while the page is public
    contact_tokens: list = field(default_factory=list)
    #: live below an unpublished, expired or scheduled (not restricted) page: Wagtail serves
    #: it, and so does the API today, but whether it should is the product's choice
    orphan: bool = False


@dataclass
class BuiltMedia:
    pk: int
    kind: str  # "image" or "document"
    placement: str
    collection_id: int
    token: str  # in its title and file name
    visible: bool
    content_token: str = ""  # in a document's content
    url: str = ""  # a document's download URL


@dataclass
class World:
    plan: WorldPlan
    #: token -> what it is: nothing an anonymous client receives may hold one
    secrets: dict = field(default_factory=dict)
    #: token -> what it is, for public content (a change may make it secret)
    public: dict = field(default_factory=dict)
    #: slug token -> which hidden page's slug it is
    slug_secrets: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # pk -> BuiltPage
    media: dict = field(default_factory=dict)  # (kind, pk) -> BuiltMedia
    preview_tokens: dict = field(default_factory=dict)  # name -> a preview token
    preview_secret: str = ""  # in the preview's draft title
    #: a page set to expire, and when (None: none is)
    expiring: tuple | None = None
    collections: object = None
    _count: itertools.count = field(default_factory=lambda: itertools.count(1))

    # tokens

    def secret(self, what):
        token = f"{SECRET_PREFIX}{next(self._count):04d}"
        self.secrets[token] = what
        return token

    def marker(self, what):
        token = f"{PUBLIC_PREFIX}{next(self._count):04d}"
        self.public[token] = what
        return token

    def token(self, visible, what):
        return self.marker(what) if visible else self.secret(what)

    def slug_token(self, visible, what):
        if visible:
            return self.marker(what)
        token = f"{SLUG_SECRET_PREFIX}{next(self._count):04d}"
        self.slug_secrets[token] = what
        return token

    def demote(self, tokens, why):
        for token in tokens:
            what = self.public.pop(token, None)
            if what is not None:
                self.secrets[token] = f"{what}, {why}"

    # what is what

    def visible_pages(self, kind=None):
        return [
            page
            for page in self.pages.values()
            if page.visible and (kind is None or page.kind == kind)
        ]

    def images(self):
        return [item for item in self.media.values() if item.kind == "image"]

    def documents(self):
        return [item for item in self.media.values() if item.kind == "document"]

    def leaks_in(self, text):
        """The secrets (not slugs) in `text`: token -> what it is."""
        return {
            token: self.secrets[token]
            for token in set(TOKEN_RE.findall(text))
            if token in self.secrets
        }

    def slug_leaks_in(self, text):
        return {
            token: self.slug_secrets[token]
            for token in set(SLUG_SECRET_RE.findall(text))
            if token in self.slug_secrets
        }

    def hide_page(self, page, why, with_descendants):
        """`page` (and, for a view restriction, everything below it) is hidden now; what is
        live below an unpublished page is an orphan."""
        for other in self.pages.values():
            below = other.path.startswith(page.path) and other.path != page.path
            if (other is page or (with_descendants and below)) and other.visible:
                self.demote(other.tokens + other.contact_tokens, why)
                other.visible = False
            elif below and other.visible:
                other.orphan = True


# --- building ------------------------------------------------------------------------------


def _now():
    return timezone.now()


def _live(page):
    """The page (a page or a `BuiltPage`) as its live row has it, not an in-memory object
    with draft changes."""
    return Page.objects.get(pk=page.pk).specific


class _Collections:
    """Collections made on first use, with their restrictions."""

    def __init__(self):
        self.root = Collection.get_first_root_node()
        self.made = {OPEN: self.root}

    def get(self, placement):
        if placement not in self.made:
            if placement == OPEN_CHILD:
                made = self.root.add_child(name="Offentlig")
            elif placement in (LOGIN, PASSWORD):
                made = self.root.add_child(name=f"Lukket ({placement})")
                restrict_collection(made, password=placement == PASSWORD)
            else:
                above = self.get(LOGIN if placement == BELOW_LOGIN else PASSWORD)
                made = above.add_child(name=f"Under ({placement})")
            self.made[placement] = made
        return self.made[placement]


def restrict_collection(collection, password):
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=BaseViewRestriction.PASSWORD if password else BaseViewRestriction.LOGIN,
        password="kodeord" if password else "",
    )


def restrict_page(page, password):
    PageViewRestriction.objects.create(
        page=page,
        restriction_type=BaseViewRestriction.PASSWORD if password else BaseViewRestriction.LOGIN,
        password="kodeord" if password else "",
    )


def _build_media(world, plan):
    world.collections = _Collections()
    made = {"image": [], "document": []}
    for kind, placements in (("image", plan.images), ("document", plan.documents)):
        for n, placement in enumerate(placements):
            collection = world.collections.get(placement)
            visible = placement not in RESTRICTED_COLLECTIONS
            what = f"{kind} {n} in a {placement} collection"
            token = world.token(visible, f"title and file name of the {what}")
            # the file's content has a token of its own: the download URL holds the name
            content = world.token(visible, f"file content of the {what}")
            if kind == "image":
                item = ImageFactory(
                    title=f"Billede {token}",
                    collection=collection,
                    file__filename=f"{token}.png",
                    file__width=4,
                    file__height=4,
                )
            else:
                item = DocumentFactory(
                    title=f"Dokument {token}",
                    collection=collection,
                    file__filename=f"{token}.txt",
                    file__data=f"Indhold {content}\n".encode(),
                )
            world.media[(kind, item.pk)] = BuiltMedia(
                item.pk,
                kind,
                placement,
                collection.pk,
                token,
                visible=visible,
                content_token=content if kind == "document" else "",
                url=item.url if kind == "document" else "",
            )
            made[kind].append(item)
    return made["image"], made["document"]


def _apply_state(page, state, draft_change):
    """Take a page created live (published once) or as a draft to `state`.

    `draft_change(page)` gives an in-memory copy of the page its secret draft content.
    """
    if state in (DRAFT_CHANGES, SCHEDULED_UPDATE):
        draft = _live(page)
        draft_change(draft)
        if state == SCHEDULED_UPDATE:
            draft.go_live_at = _now() + datetime.timedelta(days=7)
            draft.save_revision().publish()  # approved for later: the live row stays
        else:
            draft.save_revision()
    elif state == UNPUBLISHED:
        page.unpublish()
    elif state == EXPIRED:
        expired = _live(page)
        expired.expire_at = _now() - datetime.timedelta(hours=1)
        expired.save_revision().publish()
        assert type(expired).objects.get(pk=page.pk).live  # until publish_scheduled runs
    elif state == SCHEDULED:
        scheduled = _live(page)
        scheduled.go_live_at = _now() + datetime.timedelta(days=7)
        scheduled.save_revision().publish()
    elif state in PRIVATE_STATES:
        restrict_page(page, password=state == PRIVATE_PASSWORD)


def _first_live(state):
    return state not in (NEVER_PUBLISHED, SCHEDULED)


def _build_community(world, plan, n, indexes, section_private, images, documents):
    """Every copy of community `n`: {language: (page, private)}."""
    copies = {}
    translation_key = None
    for language, state in plan.states:
        what = f"community {n} ({language}, {state})"
        private = section_private.get(language, False) or state in PRIVATE_STATES
        visible = state in VISIBLE_STATES and not private
        built = BuiltPage(0, "community", language, state, visible, "")
        title = world.token(visible, f"title of {what}")
        intro = world.token(visible, f"intro of {what}")
        text = world.token(visible, f"body of {what}")
        contact = world.token(visible, f"contact e-mail of {what}")
        built.marker = title
        built.tokens += [title, intro, text, contact]
        body = []
        if plan.body_image is not None:
            body.append(
                (
                    "image",
                    {
                        "image": images[plan.body_image],
                        "alt_text": "Et billede",
                        "decorative": False,
                    },
                )
            )
        link = ""
        if plan.body_document is not None:
            link = f' <a linktype="document" id="{documents[plan.body_document].pk}">hent</a>'
        body.append(("paragraph", RichText(f"<p>{text}{link}</p>")))
        extra = {"translation_key": translation_key} if translation_key else {}
        page = CommunityPageFactory(
            parent=indexes[language],
            locale=indexes[language].locale,
            title=f"Landsby {title}",
            slug=f"landsby-{world.slug_token(visible, f'slug of {what}')}",
            intro=f"Velkommen {intro}",
            body=body,
            hero_image=images[plan.hero_image] if plan.hero_image is not None else None,
            contact_email=f"{contact}@example.dk",
            draft=not _first_live(state),
            **extra,
        )
        translation_key = page.translation_key
        for m, ambassador in enumerate(plan.ambassadors):
            who = f"ambassador {m} of {what}"
            name = world.token(visible, f"name of {who}")
            shown = visible and ambassador.contact_public
            email = world.token(
                shown, f"e-mail of {who} (contact_public={ambassador.contact_public})"
            )
            phone = world.token(
                shown, f"phone of {who} (contact_public={ambassador.contact_public})"
            )
            built.tokens.append(name)
            if shown:
                built.contact_tokens += [email, phone]
            Ambassador.objects.create(
                community=page,
                sort_order=m,
                name=f"Ambassadør {name}",
                languages=["da"],
                email=f"{email}@example.dk",
                phone=f"+45 {phone}",
                contact_public=ambassador.contact_public,
                photo=images[ambassador.photo] if ambassador.photo is not None else None,
            )

        def draft_change(draft, what=what):
            draft.title = f"Landsby {world.secret(f'draft title of {what}')}"
            draft.intro = f"Kladde {world.secret(f'draft intro of {what}')}"
            draft.ambassadors.add(
                Ambassador(
                    name=f"Ny {world.secret(f'draft-only ambassador of {what}')}",
                    languages=["da"],
                    email=f"{world.secret(f'e-mail of the draft-only ambassador of {what}')}"
                    "@example.dk",
                    contact_public=True,
                )
            )

        _apply_state(page, state, draft_change)
        built.pk, built.path = page.pk, page.path
        world.pages[page.pk] = built
        copies[language] = (page, private)
    return copies


def _build_trial_home(world, plan, n, m, communities, images):
    translation_key = None
    for language, state in plan.states:
        what = f"trial home {m} of community {n} ({language}, {state})"
        parent, parent_private = communities[language]
        private = parent_private or state in PRIVATE_STATES
        visible = state in VISIBLE_STATES and not private
        title = world.token(visible, f"title of {what}")
        address = world.token(visible, f"address of {what}")
        extra = {"translation_key": translation_key} if translation_key else {}
        page = TrialHomePageFactory(
            parent=parent,
            locale=parent.locale,
            title=f"Prøvebolig {title}",
            slug=f"bolig-{world.slug_token(visible, f'slug of {what}')}",
            address=f"Storegade {address}",
            rent_per_month=Decimal("4500.00"),
            draft=not _first_live(state),
            **extra,
        )
        translation_key = page.translation_key
        if plan.photo is not None:
            page.photos.create(image=images[plan.photo], caption="Stuen")

        def draft_change(draft, what=what):
            draft.title = f"Prøvebolig {world.secret(f'draft title of {what}')}"
            draft.address = f"Kladdevej {world.secret(f'draft address of {what}')}"

        _apply_state(page, state, draft_change)
        parent_hidden = not world.pages[parent.pk].visible
        world.pages[page.pk] = BuiltPage(
            page.pk,
            "trial_home",
            language,
            state,
            visible,
            page.path,
            marker=title,
            tokens=[title, address],
            orphan=visible and parent_hidden,
        )


def _build_previews(world, community):
    """A stored preview of secret unsaved changes to `community`, and tokens good and bad."""
    draft = _live(community)
    world.preview_secret = world.secret("title of a draft shown only by its preview")
    draft.title = f"Forhåndsvisning {world.preview_secret}"
    world.preview_tokens["valid"] = draft.create_page_preview().token
    # a good signature, two days old
    two_days_ago = _now().timestamp() - 2 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=two_days_ago):
        old = _live(community)
        old.title = f"Forhåndsvisning {world.secret('title of a draft with an old preview')}"
        world.preview_tokens["expired"] = old.create_page_preview().token
    world.preview_tokens["forged"] = f"id={community.pk}:1vXyZa:{'A' * 43}"
    world.preview_tokens["unsigned"] = f"id={community.pk}"
    world.preview_tokens["other salt"] = TimestampSigner(salt="other").sign(f"id={community.pk}")
    # well signed, but no preview was stored under it
    world.preview_tokens["not stored"] = TimestampSigner(salt=PREVIEW_SALT).sign("id=0")


def build_world(plan, home, index, locales):
    """Build `plan` below the fixtures' home and communities index (in all three languages).

    The reference index, which the API never reads, is not kept up to date (for speed).
    """
    with disable_reference_index_auto_update():
        return _build_world(plan, home, index, locales)


def _build_world(plan, home, index, locales):
    world = World(plan=plan)
    homes = {code: home.get_translation(locales[code]).specific for code in LANGUAGES}
    indexes = {code: index.get_translation(locales[code]).specific for code in LANGUAGES}
    for kind, pages in (("home", homes), ("index", indexes)):
        for code, page in pages.items():
            world.pages[page.pk] = BuiltPage(page.pk, kind, code, PUBLISHED, True, page.path)

    section_private = {}
    if plan.section_restriction is not None:
        kind, code = plan.section_restriction
        target = (homes if kind == "home" else indexes)[code]
        # from now on hidden: give it secret content, so that any leak of it shows
        target.title = f"Lukket {world.secret(f'title of the restricted {kind} ({code})')}"
        target.save_revision().publish()
        restrict_page(target, password=False)
        for page in world.pages.values():
            if page.path.startswith(target.path):
                page.visible, page.state = False, PRIVATE_LOGIN
        section_private[code] = True

    images, documents = _build_media(world, plan)
    communities = []
    for n, community_plan in enumerate(plan.communities):
        copies = _build_community(
            world, community_plan, n, indexes, section_private, images, documents
        )
        communities.append(copies)
        for m, home_plan in enumerate(community_plan.homes):
            _build_trial_home(world, home_plan, n, m, copies, images)
    if plan.linked_page is not None:
        n, code = plan.linked_page
        if code in communities[n]:
            linked = communities[n][code][0]
            for copies in communities:
                for page, _private in copies.values():
                    _link_from(page, linked)
    _build_previews(world, communities[0]["da"][0])
    return world


def _link_from(page, linked):
    """A link to `linked` at the end of `page`'s body, written to the page row directly
    (as a data migration would): the live content, whatever the page's state."""
    page = CommunityPage.objects.get(pk=page.pk)
    blocks = [(block.block_type, block.value) for block in page.body]
    blocks.append(("paragraph", RichText(f'<p><a linktype="page" id="{linked.pk}">mere</a></p>')))
    page.body = blocks
    CommunityPage.objects.filter(pk=page.pk).update(body=page.body)


# --- changes -------------------------------------------------------------------------------


def _pick(candidates, change):
    candidates = sorted(candidates, key=lambda item: (item.kind, item.pk))
    return candidates[change.target % len(candidates)] if candidates else None


def prepare_change(world, change):
    """What must happen before the cache is warmed: an expiry is set while the page is still
    public (a publish, which gives a new content version); `expire` lets the clock pass it."""
    if change.kind != EXPIRE or world.expiring is not None:
        return
    page = _pick(
        [p for p in world.visible_pages() if p.kind in ("community", "trial_home")], change
    )
    if page is None:
        return
    live = _live(page)
    live.expire_at = _now() + EXPIRY_DELAY
    live.save_revision().publish()
    world.expiring = (page, live.expire_at)


def expire(world):
    """The prepared expiry has passed: returns the moment just after it, to stop the clock at."""
    page, moment = world.expiring
    world.hide_page(page, "which has expired since", with_descendants=False)
    return moment + JUST_AFTER


def apply_change(world, change):
    """Hide something public, as an editor would (an expiry is `expire`'s). Returns what was
    done, for the test's notes."""
    if change.kind in (UNPUBLISH, RESTRICT_PAGE):
        kinds = ("community", "trial_home") + (("index",) if change.kind == RESTRICT_PAGE else ())
        page = _pick([p for p in world.visible_pages() if p.kind in kinds], change)
        if page is None:
            return None
        if change.kind == UNPUBLISH:
            _live(page).unpublish()
            world.hide_page(page, "unpublished since", with_descendants=False)
        else:
            restrict_page(_live(page), password=change.password)
            world.hide_page(page, "view-restricted since", with_descendants=True)
        return f"{change.kind} page {page.pk} ({page.kind}, {page.language})"
    if change.kind == WITHDRAW_CONSENT:
        page = _pick([p for p in world.visible_pages("community") if p.contact_tokens], change)
        if page is None:
            return None
        live = _live(page)
        ambassadors = list(live.ambassadors.all())
        for ambassador in ambassadors:
            ambassador.contact_public = False
        live.ambassadors = ambassadors
        live.save_revision().publish()
        world.demote(page.contact_tokens, "whose ambassador withdrew consent since")
        page.contact_tokens = []
        return f"ambassadors of community {page.pk} withdrew consent"
    if change.kind in (RESTRICT_COLLECTION, MOVE_MEDIA):
        item = _pick([m for m in world.media.values() if m.visible], change)
        if item is None:
            return None
        if change.kind == RESTRICT_COLLECTION:
            collection = Collection.objects.get(pk=item.collection_id)
            restrict_collection(collection, password=change.password)
            hidden = [
                m
                for m in world.media.values()
                if m.visible
                and Collection.objects.get(pk=m.collection_id).path.startswith(collection.path)
            ]
        else:
            collection = world.collections.get(PASSWORD if change.password else LOGIN)
            model = get_image_model() if item.kind == "image" else get_document_model()
            moved = model.objects.get(pk=item.pk)
            moved.collection = collection
            moved.save()
            item.collection_id = collection.pk
            hidden = [item]
        for other in hidden:
            world.demote(
                [other.token, other.content_token],
                f"whose collection is restricted since ({change.kind})",
            )
            other.visible = False
        return f"{change.kind} {item.kind} {item.pk}"
    return None


# --- another municipality ------------------------------------------------------------------


@dataclass
class Neighbour:
    """Another municipality's public content: secret at the world's host, shown at its own
    (`shown`: listing path -> the tokens it must hold there; `details`: detail paths)."""

    host: str
    shown: dict = field(default_factory=dict)
    details: list = field(default_factory=list)


def build_neighbour(world, municipality):
    """One public row or page of every area in `municipality` (not the default site's), each
    named with a token secret to the world's (the default site's) clients."""
    site = municipality.site
    neighbour = Neighbour(site.hostname)

    def secret(listing, what):
        token = world.secret(f"{what} of another municipality")
        neighbour.shown.setdefault(listing, []).append(token)
        return token

    root = site.root_page
    index = CommunityIndexPageFactory(
        parent=root, title=f"Byer {secret('/api/v2/pages/', 'an index')}"
    )
    community = CommunityPageFactory(
        parent=index, title=f"By {secret('/api/v2/communities/', 'a community')}"
    )
    event = EventPageFactory(parent=root, title=f"Fest {secret('/api/v2/events/', 'an event')}")
    checklist = ChecklistPageFactory(parent=root)
    step = ChecklistStepPageFactory(
        parent=checklist, title=f"Skridt {secret('/api/v2/checklist/', 'a checklist step')}"
    )
    for page, kind in ((index, "index"), (community, "community"), (event, "event")):
        world.pages[page.pk] = BuiltPage(page.pk, kind, "da", PUBLISHED, False, page.path)
    world.pages[step.pk] = BuiltPage(step.pk, "step", "da", PUBLISHED, False, step.path)
    calendar = ExternalCalendarFactory(site=site)
    imported = ImportedEventFactory(
        calendar=calendar, title=f"Koncert {secret('/api/v2/events/', 'an imported event')}"
    )
    rows = {
        "associations": AssociationFactory(
            site=site, name=f"Forening {secret('/api/v2/associations/', 'an association')}"
        ),
        "doctors": PracticeFactory(
            site=site, name=f"Lægehus {secret('/api/v2/doctors/', 'a practice')}"
        ),
        "contacts": ContactFactory(
            site=site, name=f"Kontakt {secret('/api/v2/contacts/', 'a contact')}"
        ),
        "links": UsefulLinkFactory(site=site, label=f"Link {secret('/api/v2/links/', 'a link')}"),
        "culture-guide": CultureNoteFactory(
            site=site, question=f"Hvorfor {secret('/api/v2/culture-guide/', 'a culture note')}?"
        ),
    }
    neighbour.details = [f"/api/v2/{name}/{row.pk}/" for name, row in rows.items()] + [
        f"/api/v2/events/{event.pk}/",
        f"/api/v2/events/imported/{imported.pk}/",
    ]
    for kind in ("image", "document"):
        listing = f"/api/v2/{kind}s/"
        token = secret(listing, f"the title of an {kind}")
        factory = ImageFactory if kind == "image" else DocumentFactory
        item = factory(title=f"Fil {token}", collection=municipality.collection)
        # (a document's download is Wagtail's serve view, not the API's: not asked)
        world.media[(kind, item.pk)] = BuiltMedia(
            item.pk, kind, "neighbour", municipality.collection_id, token, visible=False
        )
    return neighbour
