"""The link (and its QR code) a tenant shows a landlord who is not on Xinju yet."""

from flask import url_for
from flask_babel import gettext as _

from webapp.qr import qr_svg


def landlord_join_qr() -> tuple[str, str]:
    """The link and the SVG of its QR code. No personal data in it: the same link for every tenant."""
    url = url_for("rentals.join_landlord", _external=True)
    return url, qr_svg(url, _("QR code for landlords to join Xinju"), error="q", scale=6)
