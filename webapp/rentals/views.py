"""Landlords: rentals and rooms, the QR poster for the door, their tenants and duties (a tenant is answered on the
claims page, webapp/claims)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from webapp import clock
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.extensions import db
from webapp.paging import paged
from webapp.people import reference
from webapp.places.chooser import fill_chain, jurisdiction_children, wants_next_list
from webapp.places.forms import PLACE_FIELDS, community_or_none
from webapp.qr import qr_svg
from webapp.rentals import rules, service
from webapp.rentals.forms import PhoneForm, PropertyForm, RemoveRoomForm, RoomsForm
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.security.access import PUBLIC, allow

bp = Blueprint("rentals", __name__)
#: Tenants listed on one page of the landlord's home (a landlord of a dormitory has hundreds).
TENANTS_PAGE_SIZE = 50
#: Rentals listed on one page of the landlord's home.
PROPERTIES_PAGE_SIZE = 50


def own_property_or_404(property_id: int) -> RentalProperty:
    rental = db.session.get(RentalProperty, property_id)
    if rental is None or rental.landlord_id != current_user.id:
        abort(404)
    return rental


@bp.get("/landlord")
@allow(Role.LANDLORD)
def home():
    today = clock.today()
    shown = paged(rules.tenancies_query(current_user), request.args.get("page", 1, type=int), TENANTS_PAGE_SIZE)
    tenancies = shown.items
    # The rentals page on their own (?properties_page=): a landlord of many flats has hundreds.
    properties = paged(
        rules.properties_query(current_user),
        request.args.get("properties_page", 1, type=int),
        PROPERTIES_PAGE_SIZE,
    )
    page = render_template(
        "rentals/home.html",
        properties=properties.items,
        properties_page=properties,
        tenancies=tenancies,
        page=shown,
        duty=rules.duty(rules.pending_tenancies_of(current_user), today),
        today=today,
    )
    tenants_seen(tenancies)
    return page


@bp.get("/landlord/tenants/past")
@allow(Role.LANDLORD)
def past_tenants():
    """Tenants who left, and those the landlord said did not live there: their dates and the answer given."""
    shown = paged(rules.past_tenancies_query(current_user), request.args.get("page", 1, type=int), TENANTS_PAGE_SIZE)
    page = render_template("rentals/past.html", tenancies=shown.items, page=shown)
    tenants_seen(shown.items)
    return page


def tenants_seen(tenancies) -> None:
    """The landlord's list showed these tenants (names, rooms, dates): in each tenant's "who has looked"."""
    people = sorted({tenancy.person_id for tenancy in tenancies})
    audit.viewed_in_list(people, actor=current_user, as_role="landlord", what="tenancy", why="tenancy")
    db.session.commit()


@bp.get("/landlord/join")
@allow(PUBLIC)
def join_landlord():
    """Where a tenant's "show your landlord" link leads: how to join and register the rental, in one path."""
    if current_user.is_authenticated and current_user.has_role(Role.LANDLORD):
        return redirect(url_for("rentals.new_property"))
    return render_template("rentals/join.html", next=url_for("rentals.new_property"))


@bp.route("/landlord/properties/new", methods=["GET", "POST"])
@allow(Role.LANDLORD)
def new_property():
    form = PropertyForm()
    community = fill_chain(form, PLACE_FIELDS, jurisdiction_children)
    if request.method == "POST" and not wants_next_list(request.form):
        valid = form.validate()  # and the checks below, in the same round
        place = community_or_none(community)
        phone, error = reference.check_mobile(form.landlord_phone.data or "")
        if place is None:
            form.community.errors = [_("Choose the village or community of the property")]
        if error and not form.landlord_phone.errors:
            form.landlord_phone.errors = [_("Enter a mobile number of 11 digits, like 138 0000 0000")]
        address = {
            "road": form.road.data,
            "number": form.number.data,
            "building": form.building.data or "",
            "unit": form.unit.data or "",
        }
        if valid and not form.errors:
            rental, waiting = rules.registered_already(current_user, place, **address), None
            if rental is None:  # waiting None: another send registered it at the same moment (the first's rental)
                rental, waiting = service.register_property(
                    current_user,
                    place,
                    **address,
                    landlord_phone=phone,
                    rooms=form.room_names(),
                    today=clock.today(),
                )
            if waiting is None:  # sent twice (one after the other or at the same moment), or registered before:
                service.add_rooms(rental, form.room_names())  # one rental, one code (new rooms added)
                flash(_("You have registered this rental already: here it is, with its rental code."), "info")
                return redirect(url_for("rentals.detail", property_id=rental.id))
            flash(_("Your rental is registered. Print its poster and put it by the door."), "success")
            if waiting:
                flash(
                    ngettext(
                        "%(num)d tenant named your mobile number before you joined Xinju. We have asked them to "
                        "confirm you are their landlord: they will then be listed here for you to answer.",
                        "%(num)d tenants named your mobile number before you joined Xinju. We have asked them to "
                        "confirm you are their landlord: they will then be listed here for you to answer.",
                        waiting,
                    ),
                    "info",
                )
            return redirect(url_for("rentals.detail", property_id=rental.id))
    return render_template("rentals/new.html", form=form)


@bp.get("/landlord/properties/<int:property_id>")
@allow(Role.LANDLORD)
def detail(property_id: int):
    return detail_page(own_property_or_404(property_id))


@bp.post("/landlord/properties/<int:property_id>/rooms")
@allow(Role.LANDLORD)
def add_rooms(property_id: int):
    """Rooms let since the rental was registered. Sent twice, the rooms are there once."""
    rental = own_property_or_404(property_id)
    form = RoomsForm()
    if not form.validate_on_submit():
        return detail_page(rental, rooms_form=form), 400
    added = service.add_rooms(rental, form.room_names())
    if added:
        flash(ngettext("%(num)d room added.", "%(num)d rooms added.", added), "success")
    else:
        flash(_("These rooms were listed already."), "info")
    return redirect(url_for("rentals.detail", property_id=rental.id))


@bp.post("/landlord/properties/<int:property_id>/rooms/remove")
@allow(Role.LANDLORD)
def remove_room(property_id: int):
    """A room listed by mistake or no longer let, which no tenant has named."""
    rental = own_property_or_404(property_id)
    form = RemoveRoomForm(rules.removable_rooms(rental))
    if not form.validate_on_submit():  # a room a tenant named since the page was shown is no longer a choice
        return detail_page(rental, remove_form=form), 400
    room = next(room for room in rental.rooms if room.id == form.room.data)
    name = room.name
    service.remove_room(rental, room)
    flash(_("Room %(room)s removed.", room=name), "success")
    return redirect(url_for("rentals.detail", property_id=rental.id))


@bp.post("/landlord/properties/<int:property_id>/phone")
@allow(Role.LANDLORD)
def change_phone(property_id: int):
    """The mobile number tenants find the rental by."""
    rental = own_property_or_404(property_id)
    form = PhoneForm()
    if not form.validate_on_submit():
        return detail_page(rental, phone_form=form), 400
    waiting = service.change_phone(rental, form.landlord_phone.data, clock.today())
    flash(_("The rental's mobile number is changed."), "success")
    if waiting:
        flash(
            ngettext(
                "%(num)d tenant named this mobile number. We have asked them to confirm you are their landlord: they "
                "will then be listed here for you to answer.",
                "%(num)d tenants named this mobile number. We have asked them to confirm you are their landlord: they "
                "will then be listed here for you to answer.",
                waiting,
            ),
            "info",
        )
    return redirect(url_for("rentals.detail", property_id=rental.id))


def detail_page(rental: RentalProperty, *, rooms_form=None, remove_form=None, phone_form=None):
    """The rental's page; a form sent with mistakes is shown as sent, the others empty (the number as it is)."""
    rooms_form = rooms_form or RoomsForm(formdata=None)
    remove_form = remove_form or RemoveRoomForm(rules.removable_rooms(rental), formdata=None)
    phone_form = phone_form or PhoneForm(formdata=None, landlord_phone=rental.landlord_phone)
    shown = paged(
        rules.tenancies_query(current_user).where(Tenancy.property_id == rental.id),
        request.args.get("page", 1, type=int),
        TENANTS_PAGE_SIZE,
    )
    tenancies = shown.items
    page = render_template(
        "rentals/detail.html",
        rental=rental,
        tenancies=tenancies,
        page=shown,
        rooms_form=rooms_form,
        remove_form=remove_form,
        phone_form=phone_form,
    )
    tenants_seen(tenancies)
    return page


@bp.get("/landlord/properties/<int:property_id>/poster")
@allow(Role.LANDLORD)
def poster(property_id: int):
    rental = own_property_or_404(property_id)
    url = url_for("registrations.join", code=rental.code, _external=True)
    qr = qr_svg(url, _("QR code to register at this address"), error="q", scale=8)
    return render_template("rentals/poster.html", rental=rental, qr=qr, url=url)
