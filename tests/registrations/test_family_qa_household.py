# ruff: noqa: F811 - the fixtures imported from the feature's own tests
"""A household as the head lives it: a member's report speaks of the member by name; a child registered with the
family is never late (a parent or guardian registers them); a double tap registers a member once; parents and
in-laws can be listed; and after the head's move, the family moves with them when the head ticks them."""

import re
from datetime import date, timedelta
from html import unescape

import pytest

from tests.people.test_household_qa_household import member
from tests.registrations.test_household_members import child, head, reports_of  # noqa: F401 (fixtures)
from tests.support.factories import id_number
from tests.support.forms import errors_shown
from webapp import clock
from webapp.people.models import Person
from webapp.policy import engine
from webapp.policy.explain import MESSAGES, MOMENTS, placeholders
from webapp.policy.profiles import load_profiles
from webapp.registrations import about, service
from webapp.registrations.models import ResidenceReport


def days_ago(days: int) -> str:
    return (clock.today() - timedelta(days=days)).isoformat()


def client_id(html: str) -> str:
    return re.search(r'name="client_id"[^>]*value="([0-9a-f]{32})"', html).group(1)


def register(post_form, person, arrived: str, **more):
    return post_form(f"/me/household/{person.id}/register", {"arrival_date": arrived, "confirm": "y", **more})


@pytest.fixture
def spouse(db, head, post_form):
    data = member(relation="spouse", name="李伟", birth_date="1988-01-02", guardian_consent="")
    data["id_number"] = id_number(date(1988, 1, 2), sequence=311)
    assert post_form("/me/household/new", data).status_code == 302
    return db.session.scalar(db.select(Person).where(Person.name == "李伟"))


# 1. The member's report, read by the head, speaks of the member by name.


def test_the_head_reads_a_members_report_about_the_member_in_both_languages(
    client, db, head, child, post_form, report_data, submit_report
):
    submit_report(report_data())
    receipt = register(post_form, child, clock.today().isoformat()).location
    html = unescape(client.get(receipt).get_data(as_text=True))
    assert "王小明's residence report" in html and "What this means for 王小明" in html
    assert "王小明's residence was reported on" in html
    assert "confirm 王小明's report" in html  # what happens next
    assert "What this means for you" not in html and "You reported" not in html and "your report" not in html
    zh = client.get(receipt + "?lang=zh").get_data(as_text=True)
    assert "王小明的居住登记申报" in zh and "这对王小明有什么影响" in zh
    assert "王小明的居住登记已于" in zh and "协管员也可能会上门核实。" in zh
    assert "您的登记" not in zh and "您的申报" not in zh and "这对您有什么影响" not in zh


def test_a_person_reading_their_own_report_is_still_spoken_to(client, db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    html = submit_report(report_data()).get_data(as_text=True)
    assert "What this means for you" in html and "You reported your residence on" in html
    assert "s residence report" not in html


def test_every_message_has_its_words_about_someone_with_the_same_blanks_and_a_name():
    for rule, message in MESSAGES.items():
        assert placeholders(str(about.MESSAGES_ABOUT[rule])) == placeholders(str(message)) | {"name"}, rule
    for moment, message in MOMENTS.items():
        assert placeholders(str(about.MOMENTS_ABOUT[moment])) == placeholders(str(message)) | {"name"}, moment


# 2. A child registered with the family: the duty, and its deadline, are the parent's or guardian's.


def test_own_duty_starts_at_the_profiles_age():
    profile = load_profiles()["shandong-2012"]
    born = date(2010, 6, 1)
    assert engine.own_duty(profile, born, date(2026, 5, 31)) is False  # 15 the day before the 16th birthday
    assert engine.own_duty(profile, born, date(2026, 6, 1)) is True  # 16 on the birthday
    assert engine.own_duty(profile, date(1990, 1, 1), date(2026, 6, 1)) is True
    every = load_profiles().values()
    assert {p.params["registration"]["guardian_below_age"] for p in every} == {16}  # data, in every profile


def test_a_child_registered_weeks_after_arriving_is_not_late_but_an_adult_is(
    client, db, head, child, spouse, post_form, report_data, submit_report
):
    submit_report(report_data(arrival_date=days_ago(60)))
    assert register(post_form, child, days_ago(40)).status_code == 302
    assert register(post_form, spouse, days_ago(40)).status_code == 302
    [for_child], [for_spouse] = reports_of(db, child), reports_of(db, spouse)
    assert (for_child.late, for_spouse.late) == (False, True)
    page = client.get(f"/reports/{for_child.receipt}").get_data(as_text=True)
    assert "reported late" not in page and "marked as late" not in page
    assert "reported late" in client.get(f"/reports/{for_spouse.receipt}").get_data(as_text=True)


def test_the_members_arrival_is_the_familys_unless_changed(client, db, head, child, report_data, submit_report):
    submit_report(report_data(arrival_date=days_ago(60)))
    page = client.get(f"/me/household/{child.id}/register").get_data(as_text=True)
    assert f'value="{days_ago(60)}"' in page


# 3. Two identical sends at the same moment make one report.


def test_a_double_tap_registers_the_member_once_even_at_the_same_moment(
    client, db, head, child, post_form, report_data, submit_report, monkeypatch
):
    submit_report(report_data())
    page = client.get(f"/me/household/{child.id}/register").get_data(as_text=True)
    sent = {"arrival_date": clock.today().isoformat(), "confirm": "y", "client_id": client_id(page)}
    # Both requests checked "not registered yet" before either wrote: only the page's id stops the second.
    monkeypatch.setattr(service, "has_current_report", lambda person: False)
    first = post_form(f"/me/household/{child.id}/register", sent)
    second = post_form(f"/me/household/{child.id}/register", sent)
    assert first.status_code == second.status_code == 302
    [report] = reports_of(db, child)
    assert first.location == second.location == f"/reports/{report.receipt}"


def test_the_same_moment_in_the_database_the_second_write_is_read_back(
    db, head, child, report_data, submit_report, monkeypatch
):
    submit_report(report_data())
    home = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.person_id != child.id))
    answers = service.member_answers(home, arrival_date=clock.today())
    first = service.submit(child, answers, actor=head, today=clock.today(), client_id="a" * 32)
    looks = [None]  # the second send looked before the first was written: it found nothing, then its write collides
    original = service.sent_with
    monkeypatch.setattr(service, "sent_with", lambda sent: looks.pop() if looks else original(sent))
    again = service.submit_member(child, answers, actor=head, today=clock.today(), client_id="a" * 32)
    assert again.id == first.id and len(reports_of(db, child)) == 1


def test_a_made_up_page_id_is_no_error(client, db, head, child, post_form, report_data, submit_report):
    submit_report(report_data())
    too_long = register(post_form, child, clock.today().isoformat(), client_id="x" * 300)
    assert too_long.status_code == 200 and reports_of(db, child) == []  # said on the page, nothing written
    sent = register(post_form, child, clock.today().isoformat(), client_id="<script>")
    assert sent.status_code == 302 and reports_of(db, child)[0].client_id is None  # not one the page makes


# 4. Parents, in-laws and other relatives.


def test_an_elderly_parent_and_a_parent_in_law_can_be_listed(client, db, head, post_form):
    form = client.get("/me/household/new").get_data(as_text=True)
    for relation in ("parent", "parent_law", "gparent", "sibling", "grandchild", "child_law", "other"):
        assert f'value="{relation}"' in form
    mother = member(relation="parent", name="王母", sex="female", birth_date="1960-02-03", guardian_consent="")
    mother["id_number"] = id_number(date(1960, 2, 3), sequence=411)
    assert post_form("/me/household/new", mother).status_code == 302
    in_law = member(relation="parent_law", name="李父", birth_date="1958-04-05", guardian_consent="", id_number="")
    assert post_form("/me/household/new", in_law).status_code == 302
    html = client.get("/me/household").get_data(as_text=True)
    assert "Father or mother" in html and "Father-in-law or mother-in-law" in html
    zh = client.get("/me/household?lang=zh").get_data(as_text=True)
    assert "父亲或母亲" in zh and "公婆或岳父母" in zh


def test_a_parent_younger_than_the_head_is_refused_next_to_the_date(client, db, head, post_form):
    young = member(relation="parent", name="王母", birth_date="2018-03-01")
    html = post_form("/me/household/new", young).get_data(as_text=True)
    assert errors_shown(html, "birth_date", "A father&#39;s or mother&#39;s date of birth must be before yours")
    assert db.session.scalar(db.select(Person).where(Person.name == "王母")) is None


# 5. The head's move, and the family with them.


def test_after_the_heads_move_the_ticked_members_move_too_and_only_they(
    client, db, head, child, spouse, post_form, report_data, submit_report
):
    submit_report(report_data(arrival_date=days_ago(100)))
    assert register(post_form, child, days_ago(100)).status_code == 302
    assert register(post_form, spouse, days_ago(100)).status_code == 302
    home = service.current_report(db.session.scalar(db.select(Person).where(Person.account_id == head.id)))
    moved = post_form(
        f"/reports/{home.receipt}/move", {**report_data(road="新华路", number="7号"), "moved_on": days_ago(2)}
    )
    assert moved.status_code == 302 and moved.location.endswith("/family")
    page = client.get(moved.location).get_data(as_text=True)
    assert "王小明" in page and "李伟" in page and "checked" not in page  # nobody ticked for the head
    refused = post_form(moved.location, {}, page=moved.location).get_data(as_text=True)
    assert errors_shown(refused, "moved", "Tick who moved with you")
    sent = {"moved": str(child.id), "client_id": client_id(page)}
    done = post_form(moved.location, sent, page=moved.location)
    assert done.status_code == 302 and done.location.endswith("/me/household")
    db.session.expire_all()
    now = service.current_report(child)
    assert (now.kind, now.road, now.number, now.changed_on.isoformat(), now.late) == (
        "move",
        "新华路",
        "7号",
        days_ago(2),
        False,
    )
    assert service.current_report(spouse).road == "人民路"  # not ticked: stays
    again = post_form(moved.location, sent, page=moved.location)  # the same send again
    assert again.status_code == 302 and len(reports_of(db, child)) == 2
    still = client.get(moved.location).get_data(as_text=True)
    assert "李伟" in still and "王小明" not in still


def test_only_the_head_and_only_after_a_move(
    client, db, head, child, create_account, sign_in, report_data, submit_report
):
    submit_report(report_data())
    home = service.current_report(db.session.scalar(db.select(Person).where(Person.account_id == head.id)))
    assert client.get(f"/reports/{home.receipt}/family").status_code == 302  # not a move: the receipt
    sign_in(create_account("migrant"))
    assert client.get(f"/reports/{home.receipt}/family").status_code == 404
