"""QR codes as inline SVG (segno), for links a person shows on one screen and opens on another."""

import segno
from flask_babel import gettext as _


def qr_svg(url: str, title: str | None = None, *, error: str = "m", scale: int = 4) -> str:
    """The SVG of a QR code for this URL; ``title`` is what a screen reader says (by default, that it is a link)."""
    return segno.make(url, error=error).svg_inline(scale=scale, border=2, title=title or _("QR code of the link"))
