"""A room typed in full-width figures (as a Chinese keyboard often types them) is the landlord's room of those figures,
and the check page shows the address as the receipt will store it (a reviewer saw "１０１" refused against the rooms
"101, 102", and, for a landlord not on Xinju, "１０１室" on the check page but "101室" on the receipt)."""

from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy


def test_a_full_width_room_is_the_landlords_room(client, db, migrant, rental, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="１０１"))
    report = db.session.scalar(db.select(ResidenceReport))
    assert report.room == "101" and db.session.scalar(db.select(Tenancy)).room.name == "101"


def test_the_room_with_its_word_is_the_landlords_room_too(
    client, db, migrant, rental, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="102室"))
    assert db.session.scalar(db.select(Tenancy)).room.name == "102"


def test_the_check_page_shows_what_will_be_stored(client, db, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    data = report_data(
        housing_type="rental", landlord="13912345678", landlord_name="李强", building="３栋", unit="２", room="１０１"
    )
    sent = post_form("/reports/new", data)
    if sent.location.endswith("/reports/new/more"):  # the permit's facts asked first, on a page of their own
        client.get("/reports/new/more")
        sent = post_form("/reports/new/more", {"insurance_months": "0", "work_proof": "none"}, page="/reports/new/more")
    assert sent.status_code == 302 and sent.location.endswith("/reports/new/check")
    check = client.get("/reports/new/check", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "3栋" in check and "101室" in check and "１０１" not in check and "３" not in check
