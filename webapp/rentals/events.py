"""What other features do when a landlord registers a rental: listed by the app factory (``init_app``), so that
rentals need not know them (e.g. webapp/claims links the tenancies of tenants who named this landlord before)."""

from collections.abc import Callable
from datetime import date

from flask import current_app

from webapp.rentals.models import RentalProperty

OnRegistered = Callable[[RentalProperty, date], int]


def init_app(app, on_registered: tuple[OnRegistered, ...]) -> None:
    app.extensions["rental_registered"] = tuple(on_registered)


def registered(rental: RentalProperty, today: date) -> int:
    """Tell the listeners (in the same transaction): how many tenants were waiting for this landlord."""
    return sum(listener(rental, today) for listener in current_app.extensions.get("rental_registered", ()))
