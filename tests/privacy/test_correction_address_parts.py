"""A person's request to correct a part of their address is stored, and written on the report, as a report stores
its parts (places/address.stored_part): "3栋" as "3", "18" as "18号"."""

import pytest

from webapp.privacy import correction
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def report(migrant, sign_in, report_data, submit_report, db):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    return db.session.scalar(db.select(ResidenceReport))


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("building", "3栋", "3"),
        ("building", "３栋", "3"),
        ("building", "1号楼", "1号楼"),  # a name: kept
        ("unit", "2单元", "2"),
        ("room", "102室", "102"),
        ("room", "１０２", "102"),
        ("number", "20", "20号"),
        ("number", "阳光小区", "阳光小区"),
        ("road", "幸福　路", "幸福 路"),  # a full-width space as a plain one
    ],
)
def test_the_request_and_the_corrected_report_hold_the_stored_part(
    client, db, report, migrant, coordinator, sign_in, post_form, field, typed, stored
):
    sign_in(migrant)
    sent = post_form(f"/reports/{report.receipt}/correction", {"field": field, "proposed": typed})
    assert sent.status_code == 302
    found = db.session.scalar(db.select(CorrectionRequest))
    assert found.proposed == stored

    sign_in(coordinator)
    page = f"/coordinator/corrections/{found.reference}"
    assert post_form(page, {"decision": "corrected", "text": "已核实"}).status_code == 302
    db.session.expire_all()
    assert getattr(db.session.get(ResidenceReport, report.id), field) == stored


def test_a_request_stored_as_typed_is_normalised_when_accepted(db, report, coordinator):
    """A request asked before this rule (stored as typed) still writes the stored part on the report."""
    found = CorrectionRequest(
        person_id=report.person_id,
        report=report,
        office="coordinator",
        place_id=report.place_id,
        field="building",
        proposed="8栋",
        why="",
    )
    db.session.add(found)
    db.session.flush()
    correction.correct_report(report, found, coordinator, "")
    assert report.building == "8"


def test_the_workplace_and_identity_details_are_not_touched(client, db, report, migrant, sign_in, post_form):
    sign_in(migrant)
    post_form(f"/reports/{report.receipt}/correction", {"field": "workplace", "proposed": "张店 3栋 鞋厂"})
    assert db.session.scalar(db.select(CorrectionRequest)).proposed == "张店 3栋 鞋厂"


@pytest.mark.parametrize(
    ("field", "typed"),
    [("room", "101"), ("room", "101室"), ("room", "１０１"), ("name", "SAME_NAME"), ("birth_date", "SAME_BIRTH")],
)
def test_asking_for_what_the_record_says_now_is_refused_next_to_the_field(
    client, db, report, migrant, sign_in, post_form, field, typed
):
    person = report.person
    typed = {"SAME_NAME": f" {person.name} ", "SAME_BIRTH": person.birth_date.strftime("%Y/%m/%d")}.get(typed, typed)
    sign_in(migrant)
    sent = post_form(f"/reports/{report.receipt}/correction", {"field": field, "proposed": typed})
    assert sent.status_code == 400
    html = sent.get_data(as_text=True)
    assert 'id="proposed-error"' in html and "This is what your record says now" in html
    assert db.session.scalar(db.select(CorrectionRequest)) is None


def test_in_chinese(client, db, report, migrant, sign_in, post_form):
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    migrant.locale = "zh"
    db.session.commit()
    sent = post_form(f"/reports/{report.receipt}/correction", {"field": "room", "proposed": "101"})
    assert "记录里现在写的就是这个" in sent.get_data(as_text=True)
