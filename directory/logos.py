"""Logos: a small PNG, JPEG or WebP, re-encoded with Pillow so that nothing but pixels (no
metadata, no trailing payload) is stored."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
MAX_SIDE = 4000


def max_bytes():
    return settings.DIRECTORY_LOGO_MAX_BYTES


def reencode(upload):
    """`upload` as a fresh image file, or a ValidationError saying why not."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("The logo is too large: at most %(mb)s MB."),
            code="too_large",
            params={"mb": round(max_bytes() / 1024 / 1024, 1)},
        )
    try:
        image = Image.open(upload)
        kind = image.format
        if kind not in FORMATS:
            raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="type")
        if max(image.size) > MAX_SIDE:
            raise ValidationError(
                _("The logo is too large: at most %(px)s pixels a side."),
                code="too_large",
                params={"px": MAX_SIDE},
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The logo is not a readable image."), code="invalid") from error
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if "transparency" in image.info and kind != "JPEG":
        clean.info["transparency"] = image.info["transparency"]
    out = io.BytesIO()
    clean.save(out, format=kind)
    return ContentFile(out.getvalue(), name=f"logo.{FORMATS[kind]}")
