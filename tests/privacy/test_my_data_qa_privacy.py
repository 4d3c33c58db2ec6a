"""The person's rights end to end: the copy of their data holds what the app keeps about them (a permit's yearly
endorsements, the inbox's messages in words, a consent a coordinator recorded), and nothing of another household;
deleting the account takes the unused document images' files off the disk at once."""

import io
import json
import zipfile
from datetime import date, timedelta

from tests.support.factories import apply_for_permit, create_permit, create_person, jpeg
from webapp import clock
from webapp.documents import storage
from webapp.documents.models import Document
from webapp.notifications.models import Notification
from webapp.people.models import Person
from webapp.permits.models import Endorsement
from webapp.registrations.models import ResidenceReport
from webapp.summaries.counting import refresh_all
from webapp.visits.models import Consent


def my_data(post_form, lang="en"):
    response = post_form("/account/my-data", headers={"Accept-Language": lang})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("my-data.json")), archive.read("my-data.html").decode()


def test_the_copy_holds_endorsements_messages_in_words_and_a_recorded_consent(
    client, db, migrant, sign_in, post_form, report_data, submit_report, create_account, community
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    permit = create_permit(report, number="370300000088", issued=date(2025, 7, 1))
    coordinator = create_account("coordinator", place=community, display_name="协管员甲")
    db.session.add_all(
        [
            Endorsement(permit_id=permit.id, year=1, endorsed_on=date(2026, 6, 20)),
            Notification(account_id=migrant.id, kind="report.confirmed", params={"party": "landlord"}),
            Consent(
                person_id=report.person_id,
                purpose="assisted_registration",
                method="signed",
                recorded_by_id=coordinator.id,
            ),
        ]
    )
    db.session.commit()
    refresh_all(clock.today())  # the endorsement, added by hand, counts in the dashboards' summaries

    data, html = my_data(post_form)
    [got] = data["permits"]
    assert got["endorsements"] == [{"year": 1, "endorsed_on": "2026-06-20"}]
    assert "Permit 370300000088, yearly endorsements" in html and "June 20, 2026" in html  # a date in words
    [message] = [n for n in data["notifications"] if n["kind"] == "report.confirmed"]
    assert message["text"] and "report.confirmed" not in message["text"]
    assert message["text"] in html
    [recorded] = data["recorded_consents"]
    assert (recorded["purpose"], recorded["method"]) == ("assisted_registration", "signed")
    assert "recorded_by_id" not in recorded
    everything = json.dumps(data, ensure_ascii=False) + html
    assert "协管员甲" not in everything  # who recorded it: the person's list names only who looked

    # In Chinese, the words are Chinese.
    migrant.locale = "zh"
    db.session.commit()
    data, html = my_data(post_form, lang="zh")
    [message] = [n for n in data["notifications"] if n["kind"] == "report.confirmed"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message["text"])
    assert "居住证 370300000088 的年度签注" in html


def test_nothing_of_another_household_is_in_the_copy(
    client, db, migrant, sign_in, post_form, report_data, submit_report, create_account
):
    other = create_account("migrant", display_name="赵六")
    head = create_person(other, name="赵六户主", phone="13700001111")
    child = create_person(None, name="赵小六", birth=date(2018, 1, 2))
    child.household_of_id, child.relation = head.id, "child"
    db.session.commit()
    numbers = [head.id_number, child.id_number]

    sign_in(migrant)
    submit_report(report_data())
    data, html = my_data(post_form)
    everything = json.dumps(data, ensure_ascii=False) + html
    for foreign in ("赵六", "赵小六", "13700001111", *numbers):
        assert foreign not in everything
    assert [p["name"] for p in data["people"]] == ["王芳"]


def test_deleting_the_account_takes_unused_document_files_off_the_disk_at_once(
    client, db, migrant, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - timedelta(days=220)).isoformat()))
    apply_for_permit(post_form, photo=jpeg((9, 9, 9)))  # the proofs are missing: no application holds the photo
    [photo] = db.session.scalars(db.select(Document)).all()
    digest = photo.sha256
    assert storage.backend().exists(digest)
    report = db.session.scalar(db.select(ResidenceReport))
    left = post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    assert left.status_code == 302  # moved away and said so

    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 0
    assert not storage.backend().exists(digest)
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    assert person.phone is None
