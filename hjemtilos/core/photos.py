"""Uploaded photos (friendship books, greetings): checked with Pillow, stored without metadata.

An upload is accepted only if Pillow reads it as a JPEG, PNG or WebP within
the size limits. It is then re-encoded (JPEG, or PNG when it has
transparency), turned upright and shrunk to at most 2,000 pixels: this
drops EXIF data such as the GPS position of a family's home, and anything
hidden in the file besides the picture.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # larger images are refused before they are decoded
LONGEST_SIDE = 2000


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def clean_photo(upload: UploadedFile[bytes], *, max_bytes: int) -> CleanPhoto:
    """The upload as a clean JPEG/PNG, or ``ValidationError`` with a message for the user.

    ``max_bytes`` is the largest upload accepted (each use has its own setting).
    """
    limit = max_bytes
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The photo is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576)},
            code="too_large",
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a photo as JPEG, PNG or WebP."), code="wrong_type")
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels. Use a smaller version."), code="too_big"
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            transparent = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
            out = io.BytesIO()
            if transparent:
                upright.save(out, format="PNG", optimize=True)
                content_type, extension = "image/png", ".png"
            else:
                upright.convert("RGB").save(out, format="JPEG", quality=85)
                content_type, extension = "image/jpeg", ".jpg"
            return CleanPhoto(out.getvalue(), content_type, extension, *upright.size)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The file is not a photo we can read. Upload a JPEG, PNG or WebP."),
            code="unreadable",
        ) from None


def delete_file_on_commit(file: FieldFile) -> None:
    """Remove the stored file once the surrounding transaction commits.

    The caller deletes the row in the same transaction: if it rolls back, the
    file is still there for the row that remains.
    """
    name = file.name or ""
    storage = file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
