"""A migrant's own profile and household."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import clock
from webapp.accounts.roles import Role
from webapp.extensions import db
from webapp.people import reference, rules, service
from webapp.people.access import own_person
from webapp.people.forms import (
    BIRTH_ORDER_ERRORS,
    HUKOU_FIELDS,
    MEMBER_OWN,
    MEMBER_TAKEN,
    MemberForm,
    ProfileForm,
    ethnic_choices,
    hukou_children,
    identity_valid,
    keep_locked_identity,
    set_optional,
)
from webapp.people.models import Person
from webapp.places.chooser import fill_chain, wants_next_list
from webapp.security.access import allow
from webapp.security.limits import init_id_number_limit, limit_id_numbers
from webapp.security.urls import safe_next

bp = Blueprint("people", __name__)
init_id_number_limit(bp)  # past the limit on ID numbers, a page that says why


@bp.route("/me/profile", methods=["GET", "POST"])
@allow(Role.MIGRANT)
@limit_id_numbers("id_number")
def profile():
    person = own_person()
    # Once a report or permit holds the name, date of birth and ID number, they are shown, not asked for: public
    # security corrects them on request (rules.identity_locked).
    locked = rules.identity_locked(person)
    form = ProfileForm(obj=person) if request.method == "GET" else ProfileForm()
    if form.restored:
        pass  # as typed before the session ended (accounts/kept_forms.py)
    elif request.method == "GET" and person is not None:
        form.id_number.data = ""  # never sent back to the browser: the masked number is shown instead
        lineage = reference.lineage(person.hukou_county_code or "")
        for field, division in zip(HUKOU_FIELDS, lineage, strict=False):
            getattr(form, field).data = division.code
    elif request.method == "GET":
        form.name.data = current_user.display_name
    form.ethnicity.choices = ethnic_choices()
    county = fill_chain(form, HUKOU_FIELDS, hukou_children)
    if request.method == "POST" and not wants_next_list(request.form):
        if save_if_valid(form, person, county, locked):
            flash(_("Your details are saved."), "success")
            # Back to where the person was going (the report, after scanning a landlord's poster), or home.
            return redirect(safe_next(request.args.get("next"), "registrations.home"))
    return render_template(
        "people/profile.html",
        form=form,
        person=person,
        next=request.args.get("next"),
        locked=locked,
        correction_receipt=rules.correction_receipt(person) if locked else None,
    )


def save_if_valid(form, person: Person | None, county: str | None, locked: bool) -> bool:
    """Check the form and save it; False (nothing saved, what was typed shown again with the errors) otherwise.
    `locked`: the identity details stay the record's; one typed differently is refused next to its field."""
    if locked:
        ok = keep_locked_identity(form, person)
    else:
        number_required = person is None or person.id_number is None
        if not form.id_number.data and not number_required:
            form.id_number.data = person.id_number
        ok = identity_valid(form, person, required=True, claimable=True)
        from webapp.privacy.consent import is_child  # privacy's corrections and deletion read people

        if is_child(form.birth_date.data) and not form.birth_date.errors:
            # PIPL art. 31: a child under 14 is registered by a parent or guardian, on their household list.
            form.birth_date.errors = [
                _(
                    "Children under 14 are registered by a parent or guardian: ask them to add you to their household "
                    "on Xinju"
                )
            ]
            ok = False
    phone, error = reference.check_mobile(form.phone.data or "")
    if form.phone.data and error:
        form.phone.errors = [*form.phone.errors, _("Enter a mobile number of 11 digits, like 138 0000 0000")]
        ok = False
    if not county or not reference.is_county(county):
        form.hukou_county.errors = [_("Choose the county or district of your household registration (hukou)")]
        ok = False
    if not ok:
        if person is not None and form.id_number.data == person.id_number:
            form.id_number.data = ""
        return False
    service.save_profile(
        person,
        current_user,
        name=form.name.data,
        sex=form.sex.data,
        ethnicity=form.ethnicity.data,
        birth_date=form.birth_date.data,
        id_number=form.id_number.data,
        phone=phone,
        hukou_county_code=county,
    )
    return True


@bp.get("/me/household")
@allow(Role.MIGRANT)
def household():
    person = own_person()
    if person is None:
        return redirect(url_for("people.profile"))
    return render_template("people/household.html", person=person)


@bp.route("/me/household/new", methods=["GET", "POST"])
@allow(Role.MIGRANT)
@limit_id_numbers("id_number")
def add_member():
    head = own_person()
    if head is None:
        return redirect(url_for("people.profile"))
    form = MemberForm()
    form.ethnicity.choices = ethnic_choices()
    set_optional(form.id_number)
    if form.is_submitted():
        own = rules.is_own_id_number(form.id_number.data, head)
        listed = next((m for m in head.members if rules.is_own_id_number(form.id_number.data, m)), None)
        ok = identity_valid(form, None, required=False, messages={"taken": MEMBER_OWN if own else MEMBER_TAKEN})
        born, relation = form.birth_date.data, form.relation.data
        if listed is not None:  # sent again (Back and send): the number is taken, by one of the head's own members
            form.id_number.errors = [_("%(name)s, with this ID number, is in your household already", name=listed.name)]
            ok = False
        spouse_listed = next((m for m in head.members if m.relation == "spouse"), None)
        if relation == "spouse" and spouse_listed is not None and listed is None:
            form.relation.errors = [
                _("Your husband or wife is on your household list already: %(name)s", name=spouse_listed.name)
            ]
            ok = False
        twin = next((m for m in head.members if born and m.name == form.name.data and m.birth_date == born), None)
        if ok and twin is not None:  # sent again (a page left open, Back and send), or typed twice
            form.name.errors = [_("%(name)s, born on this day, is in your household already", name=twin.name)]
            ok = False
        if ok and born and not rules.born_in_order(relation, born, head.birth_date):
            form.birth_date.errors = [str(BIRTH_ORDER_ERRORS[relation])]
            ok = False
        spouse = ok and form.relation.data == "spouse" and form.birth_date.data
        if spouse and not rules.of_marriage_age(form.birth_date.data, form.sex.data, clock.today()):
            form.birth_date.errors = [
                _(
                    "A husband or wife is at least %(age)d years old, the legal age to marry: check the date of birth",
                    age=rules.marriage_age(form.sex.data),
                )
            ]
            ok = False
        from webapp.privacy.consent import is_child  # privacy's corrections and deletion read people

        child = is_child(form.birth_date.data)
        if ok and child and not form.guardian_consent.data:
            form.guardian_consent.errors = [_("A child under 14 needs your consent as their parent or guardian")]
            ok = False
        if ok:
            member = service.add_member(
                head,
                relation=form.relation.data,
                name=form.name.data,
                sex=form.sex.data,
                ethnicity=form.ethnicity.data,
                birth_date=form.birth_date.data,
                id_number=form.id_number.data,
                guardian=current_user if child else None,
            )
            flash(_("%(name)s has been added to your household.", name=member.name), "success")
            return redirect(url_for("people.household"))
    return render_template("people/member.html", form=form)


@bp.post("/me/household/<int:member_id>/remove")
@allow(Role.MIGRANT)
def remove_member(member_id: int):
    head = own_person()
    member = db.session.get(Person, member_id)
    if head is None or member is None or member.household_of_id != head.id:
        abort(404)
    name = member.name
    if service.remove_member(member):
        flash(_("%(name)s has been removed from your household.", name=name), "success")
    else:
        flash(_("%(name)s has residence reports, so they stay on your household list.", name=name), "error")
    return redirect(url_for("people.household"))
