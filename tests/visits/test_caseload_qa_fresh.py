"""The coordinator's caseload, as found from a fresh clone: a child registered without an ID number."""

import re
from datetime import timedelta

from tests.people.test_household_qa_household import member
from webapp import clock
from webapp.people.models import Person


def test_a_child_without_an_id_number_shows_no_dangling_separator(
    client, db, migrant, coordinator, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    arrived = (clock.today() - timedelta(days=3)).isoformat()
    submit_report(report_data(arrival_date=arrived, room="301"))
    assert post_form("/me/household/new", member(id_number="")).status_code == 302
    child = db.session.scalar(db.select(Person).where(Person.name == "王小明"))
    assert child.id_number in (None, "")
    assert post_form(f"/me/household/{child.id}/register", {"arrival_date": arrived, "confirm": "y"}).status_code == 302

    sign_in(coordinator)
    html = client.get("/coordinator").get_data(as_text=True)
    item = html.split("<strong>王小明</strong>", 1)[1].split("</li>", 1)[0]
    line = re.search(r'<span class="hint">(.*?)</span>', item, re.S).group(1)
    assert "301" in line and not line.rstrip().endswith("·")  # the room, and nothing after it
    mother = html.split("<strong>王芳</strong>", 1)[1].split("</li>", 1)[0]
    assert re.search(r"301\S* · \d{4}\*+", mother)  # with an ID number: the room · the masked number
