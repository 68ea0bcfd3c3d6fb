"""What a page body needs besides its JSON. The API gives rich text in its stored form, with
ids instead of addresses (`<a linktype="page" id="5">`, `<embed embedtype="image" id="3">`),
and image blocks carry only an image's id: all of them are looked up at once before the body
is rendered, through the API, so a link to a page that is not public leads nowhere. Video
addresses become embeds."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from website.api import NotFound

YOUTUBE_ID = re.compile(r"^[\w-]{11}$")
STORED_TAG = re.compile(r"<(a|embed)\b([^>]*?)/?>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


async def resolve_body(api, blocks):
    """Make a StreamField body renderable: image blocks (nested in targeted ones too) get
    `url`, `alt`, `width` and `height`, an image that is gone leaves its block out; rich text
    gets real addresses (see `resolve_rich_text`)."""
    found, paragraphs = [], []

    def walk(items):
        for block in items or []:
            if block.get("type") == "image":
                found.append(block)
            elif block.get("type") == "paragraph":
                paragraphs.append(block)
            elif block.get("type") == "targeted":
                walk((block.get("value") or {}).get("content"))

    walk(blocks)

    async def paragraph(block):
        block["value"] = await resolve_rich_text(api, block.get("value"))

    async def one(block):  # an image block
        value = block.get("value")
        image_id = value.get("image") if isinstance(value, dict) else value
        if isinstance(image_id, dict):
            image_id = image_id.get("id")
        try:
            image = await api.get(f"images/{int(image_id)}/")
        except (NotFound, TypeError, ValueError):
            block["value"] = None
            return
        meta = image.get("meta", {})
        block["value"] = {
            "url": meta.get("download_url"),
            "alt": (value.get("alt_text") if isinstance(value, dict) else None)
            or image.get("title", ""),
            "width": image.get("width"),
            "height": image.get("height"),
        }

    await api.gather(*(one(block) for block in found), *(paragraph(b) for b in paragraphs))
    return blocks


async def resolve_rich_text(api, stored):
    """Rich text in its stored form as HTML: a page link gets the page's address on this
    website, a document link the document's file, an embedded image an <img>; what the API
    does not show (a hidden page, a private document) becomes plain text."""
    if not stored or "linktype=" not in stored and "embedtype=" not in stored:
        return stored
    tags = [(m.group(0), m.group(1), dict(ATTRIBUTE.findall(m.group(2))))
            for m in STORED_TAG.finditer(stored)]  # fmt: skip
    wanted = {
        (attrs.get("linktype") or attrs.get("embedtype"), attrs.get("id"))
        for _tag, _name, attrs in tags
        if (attrs.get("linktype") or attrs.get("embedtype")) in ("page", "document", "image")
        and (attrs.get("id") or "").isdigit()
    }
    endpoints = {"page": "pages", "document": "documents", "image": "images"}

    async def look_up(kind, item_id):
        try:
            return (kind, item_id), await api.get(f"{endpoints[kind]}/{item_id}/")
        except NotFound:
            return (kind, item_id), None

    found = dict(await api.gather(*(look_up(kind, item_id) for kind, item_id in wanted)))

    def replace(match):
        name, attrs = match.group(1), dict(ATTRIBUTE.findall(match.group(2)))
        kind = attrs.get("linktype") or attrs.get("embedtype")
        item = found.get((kind, attrs.get("id")))
        if kind == "image" and name == "embed":
            if not item:
                return ""
            alt = html.escape(attrs.get("alt") or item.get("title", ""))
            return f'<img src="{html.escape(item["meta"]["download_url"])}" alt="{alt}">'
        if name != "a" or kind not in ("page", "document"):
            return match.group(0)
        if not item:
            return "<a>"  # no address: read as plain text, not a link
        url = item["meta"].get("html_url") if kind == "page" else item["meta"]["download_url"]
        if kind == "page":
            url = urlsplit(url).path  # the page on this website, whatever host the CMS names
        return f'<a href="{html.escape(url)}">'

    return STORED_TAG.sub(replace, stored)


def video_embed(address):
    """The embed URL of a YouTube or Vimeo address (YouTube's no-cookie domain), else None."""
    if not address:
        return None
    parts = urlsplit(address)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        video = parse_qs(parts.query).get("v", [""])[0] or parts.path.rsplit("/", 1)[-1]
    elif host == "vimeo.com" and parts.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parts.path.strip('/')}"
    else:
        return None
    return f"https://www.youtube-nocookie.com/embed/{video}" if YOUTUBE_ID.match(video) else None
