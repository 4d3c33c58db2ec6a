"""Turning an upload into a stored image: type and size limits, and re-encoding so no metadata survives.

Only images are accepted (a phone photo of a paper document, or the person's photo): every one is decoded, turned
upright, shrunk to at most 1600 px and saved again as JPEG without EXIF, GPS or any other metadata.
"""

import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP"}
#: Decompression bombs: a picture's size is read from its header and one of more pixels than a 50-megapixel photo is
#: refused before it is decoded (a 10,000 × 9,999 PNG of 292 KB takes 1.2 GB to decode). Pillow's own check only
#: warns below twice its limit, so the limit is checked here; Pillow's is kept as a second line.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
#: What Pillow raises for a damaged or disguised file, beyond UnidentifiedImageError and OSError ("truncated"): its
#: decoders raise SyntaxError ("broken PNG file"), ValueError ("Truncated IHDR chunk", "tile cannot extend outside
#: image"), EOFError and struct.error for bytes that only look like an image. Each is "not an image", never a 500.
DAMAGED = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)


class DocumentError(ValueError):
    """Why an upload is refused: code is one of empty, too_big, too_many_pixels, not_an_image."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


def _opened(raw: bytes) -> Image.Image:
    """The image with only its header read. Pillow's warning for a big picture is not needed: the caller checks
    the size against MAX_PIXELS itself, with its own message."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(raw))


def clean_image(raw: bytes, *, max_side: int = MAX_SIDE) -> CleanImage:
    if not raw:
        raise DocumentError("empty")
    if len(raw) > MAX_UPLOAD_BYTES:
        raise DocumentError("too_big")
    try:
        with _opened(raw) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise DocumentError("not_an_image")
            if image.width * image.height > MAX_PIXELS:
                raise DocumentError("too_many_pixels")
            image.load()
            upright = ImageOps.exif_transpose(image)
            picture = upright.convert("RGB")
    except DocumentError:
        raise
    except Image.DecompressionBombError as error:
        raise DocumentError("too_many_pixels") from error
    except DAMAGED as error:
        raise DocumentError("not_an_image") from error
    picture.thumbnail((max_side, max_side))
    # A fresh image holds pixels only: no EXIF, GPS, XMP or ICC data is carried over.
    fresh = Image.new("RGB", picture.size)
    fresh.paste(picture)
    out = io.BytesIO()
    fresh.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), fresh.width, fresh.height)
