"""One account may hold several self-service roles: the sign-up form says more can be added later, and the account
page (and a tenant's "show your landlord" link) adds them."""

from webapp.accounts.models import RoleGrant
from webapp.audit.models import AuditEvent


def roles_of(db, account) -> set[str]:
    return set(db.session.scalars(db.select(RoleGrant.role).where(RoleGrant.account_id == account.id)))


def test_a_new_resident_adds_the_landlords_role_and_starts_with_a_rental(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    page = client.get("/account").get_data(as_text=True)
    assert "Use Xinju for something else too" in page and 'value="landlord"' in page and 'value="migrant"' not in page
    response = post_form("/account/roles", {"role": "landlord"}, page="/account")
    assert response.status_code == 302 and response.location.endswith("/landlord/properties/new")
    assert roles_of(db, migrant) == {"migrant", "landlord"}
    assert client.get("/landlord/properties/new").status_code == 200
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.role_added"))
    assert event.actor_id == migrant.id and event.details["role"] == "landlord"


def test_nothing_chosen_or_a_role_held_is_refused_next_to_the_field(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    empty = post_form("/account/roles", {}, page="/account").get_data(as_text=True)
    assert 'id="role-error"' in empty and "Select what you will use Xinju for" in empty
    held = post_form("/account/roles", {"role": "migrant"}, page="/account")
    assert held.status_code == 200 and 'id="role-error"' in held.get_data(as_text=True)
    staff = post_form("/account/roles", {"role": "admin"}, page="/account")
    assert 'id="role-error"' in staff.get_data(as_text=True)  # only self-service roles
    client.set_cookie("lang", "zh")
    chinese = post_form("/account/roles", {}, page="/account").get_data(as_text=True)
    assert "请选择您还要用新居做什么" in chinese
    assert roles_of(db, migrant) == {"migrant"}


def test_an_employer_adds_the_new_residents_role(client, db, create_account, sign_in, post_form):
    employer = sign_in(create_account("employer"))
    response = post_form("/account/roles", {"role": "migrant"}, page="/account")
    assert response.location.endswith("/me/profile")
    assert roles_of(db, employer) == {"employer", "migrant"}


def test_an_account_with_every_role_is_offered_none_and_anonymous_is_sent_to_sign_in(
    client, db, create_account, sign_in, post_form
):
    assert client.post("/account/roles", data={"role": "landlord"}).status_code in (302, 400)
    sign_in(create_account("migrant", "landlord", "employer"))
    assert "Use Xinju for something else too" not in client.get("/account").get_data(as_text=True)
    assert post_form("/account/roles", {"role": "landlord"}, page="/account").status_code == 404


def test_a_resident_opening_a_tenants_link_can_become_a_landlord(client, db, migrant, sign_in):
    sign_in(migrant)
    page = client.get("/landlord/join").get_data(as_text=True)
    assert "Use this account as a landlord" in page and 'name="role" value="landlord"' in page
