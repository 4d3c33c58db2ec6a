"""Someone registered already who scans a landlord's poster is moving there: their move starts with that rental's
address (not asked again), and the landlord is asked to confirm, as for a first report. A reviewer found the poster
leading to the old report and an empty move form, the rental dropped."""

from webapp import clock
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy


def test_a_registered_person_who_scans_a_poster_reports_a_move_to_that_rental(
    client, db, migrant, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(road="幸福路", number="9号"))  # their own home, elsewhere in the community
    first = db.session.scalar(db.select(ResidenceReport))
    scanned = client.get(f"/rentals/join/{rental.code_display}")
    assert scanned.status_code == 302 and scanned.location.endswith(f"/reports/{first.receipt}/move")
    page = client.get(scanned.location).get_data(as_text=True)
    assert "Your landlord's rental" in page and "人民路" in page and 'name="road"' not in page
    assert "Moving somewhere else? Enter the address" in page
    moved = post_form(
        f"/reports/{first.receipt}/move",
        {"moved_on": clock.today().isoformat(), "housing_type": "rental", "room": "102"},
        follow_redirects=True,
    )
    assert moved.status_code == 200
    assert "error-summary" not in moved.get_data(as_text=True)
    now = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))
    tenancy = db.session.scalar(db.select(Tenancy))
    assert (now.kind, now.road, now.housing_type, now.room) == ("move", rental.road, "rental", "102")
    assert (tenancy.property_id, tenancy.status, tenancy.room.name) == (rental.id, "pending", "102")
    again = client.get(f"/reports/{now.receipt}/move").get_data(as_text=True)
    assert 'name="road"' in again  # the poster is used once


def test_moving_somewhere_else_leaves_the_poster(client, db, migrant, rental, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(road="幸福路", number="9号"))
    first = db.session.scalar(db.select(ResidenceReport))
    client.get(f"/rentals/join/{rental.code_display}")
    other = client.get(f"/reports/{first.receipt}/move?address=other").get_data(as_text=True)
    assert 'name="road"' in other and "Your landlord's rental</strong>" not in other
