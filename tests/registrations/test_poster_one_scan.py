"""A person who scans a landlord's poster while signed out keeps the rental through "Create an account" and the
profile step, and lands on the report with the rental's address filled in: one scan."""

from datetime import date

from tests.support.factories import id_number
from webapp.accounts.models import Account

PROFILE = {
    "name": "王芳",
    "sex": "female",
    "ethnicity": "01",
    "birth_date": "1995-05-17",
    "id_number": id_number(date(1995, 5, 17), sequence=124),
    "phone": "138 0013 8000",
    "hukou_province": "41",
    "hukou_city": "4115",
    "hukou_county": "411525",
}


def test_one_scan_through_sign_up_and_the_profile(client, db, rental, post_form, ceremony, authenticator):
    poster = f"/rentals/join/{rental.code}"
    scanned = client.get(poster)  # signed out: what the poster is for, and the two ways in
    assert scanned.status_code == 200 and f'href="/signin?next={poster}"' in scanned.get_data(as_text=True)
    signin = client.get(f"/signin?next={poster}").get_data(as_text=True)
    assert f'href="/signup?next={poster}"' in signin  # "Create an account" keeps where the person was going

    response = post_form(f"/signup?next={poster}", {"display_name": "王芳", "roles": ["migrant"]})
    assert response.status_code == 302 and response.location.endswith("/signup/passkey")
    made = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", authenticator)
    assert made.status_code == 200 and made.get_json()["redirect"] == poster
    assert db.session.scalar(db.select(Account).where(Account.display_name == "王芳")) is not None

    joined = client.get(poster)
    assert joined.location.endswith("/reports/new")
    asked = client.get("/reports/new")
    assert asked.location.endswith("/me/profile?next=/reports/new")
    saved = post_form("/me/profile?next=/reports/new", PROFILE)
    assert saved.status_code == 302 and saved.location.endswith("/reports/new")
    form = client.get("/reports/new").get_data(as_text=True)
    assert "Your landlord&#39;s rental" in form or "Your landlord's rental" in form
    assert "人民路 18号, Building 3, Unit 2" in form  # the address says what its parts are


def test_a_next_to_another_site_is_not_followed(client, post_form, ceremony, authenticator):
    post_form("/signup?next=https://evil.example/x", {"display_name": "王芳", "roles": ["migrant"]})
    made = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", authenticator)
    assert made.get_json()["redirect"] == "/"


def test_the_profile_goes_home_without_a_next_and_never_off_site(client, create_account, sign_in, post_form):
    sign_in(create_account("migrant"))
    response = post_form("/me/profile?next=//evil.example", PROFILE)
    assert response.status_code == 302 and response.location.endswith("/me")
