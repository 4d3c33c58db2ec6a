"""The copy of one's data reads in plain words (PIPL art. 45): my-data.html, downloaded through the app, has a
section with a heading for everything my-data.json holds, each value under its label, in the person's language;
codes read through the labels the other pages use, times in China's time, the ID number masked; and nothing of the
JSON left out. The privacy notice's version reads as its month wherever a resident sees it."""

import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta

import html5lib
import pytest

from tests.support.factories import create_employer, create_permit, create_vacancy, id_number
from tests.support.html_check import check_page
from webapp import clock
from webapp.accounts.models import Passkey
from webapp.audit import log as audit
from webapp.employers.models import Employment
from webapp.notifications.models import Notification
from webapp.permits.models import Endorsement
from webapp.privacy import correction, export, readable
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy
from webapp.services.models import RequestMessage, ServiceRequest
from webapp.summaries.counting import refresh_all
from webapp.vacancies.models import Referral
from webapp.visits.models import Consent, Visit

#: The suite's day (14 July 2026) from before the database's fixture to after it: what the page shows is counted from
#: it, and so is the recount of the summaries when each test ends (the permit, endorsed for its first year only, is in
#: force that day but lapsed a year later).
pytestmark = pytest.mark.usefixtures("test_day")

#: Every section of the page, by its id: the resident below has something in each.
SECTIONS = {
    "account": ("Your account", "我的账号"),
    "household": ("You and your household", "您和您的家庭"),
    "reports": ("Residence reports", "居住登记"),
    "tenancies": ("Tenancies: your landlord's confirmation", "租住情况：房东的确认"),
    "jobs": ("Jobs: your employer's confirmation", "工作情况：用人单位的确认"),
    "permit-applications": ("Permit applications", "居住证申请"),
    "permits": ("Permits", "居住证"),
    "requests": ("Service requests", "服务申请"),
    "referrals": ("Job referrals", "职业介绍"),
    "corrections": ("Your requests to correct your details", "您申请更正信息的记录"),
    "documents": ("Documents", "申请材料"),
    "messages": ("Messages from Xinju", "新居发给您的消息"),
    "consents": ("Your consents", "您的同意"),
    "who-looked": ("Who has looked at your information", "谁查看过您的信息"),
}
#: Codes the JSON holds that a reader must never see on the page (statuses, kinds, keys, rules, departments…).
CODES = (
    "job_referral",
    "public_security",
    "hrss",
    "report.confirmed",
    "record.viewed",
    "child_data",
    "phone_contact",
    "assisted_registration",
    "unlinked",
    "labour_contract",
    "national-2016",
    "registration.required",
    "id_number",
    "image/jpeg",
    "created_at",
    "is_you",
    "in_progress",
    "2026-12",  # the notice's version
)
#: The test day: 14 July 2026, 10:00 in China, 02:00 UTC.
MADE = {"en": "2026-07-14 10:00", "zh": "2026/7/14 10:00"}
NOTICE = {"en": "the privacy notice of December 2026", "zh": "2026年12月的隐私告知"}


def text_of(html: str) -> str:
    """The page's visible text (no tags, no attributes, no styles), spaces squeezed."""
    root = html5lib.parse(html, namespaceHTMLElements=False)
    for style in root.iter("style"):
        style.text = ""
    return re.sub(r"\s+", " ", "".join(root.find("body").itertext()))


def download(post_form, lang: str) -> tuple[dict, str]:
    response = post_form("/account/my-data", headers={"Accept-Language": lang})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("my-data.json")), archive.read("my-data.html").decode()


@pytest.fixture
def resident(client, db, migrant, sign_in, post_form, report_data, submit_report, create_account, community):
    """王芳 with something in every section of her copy."""
    sign_in(migrant)
    submit_report(report_data(road="幸福路", arrival_date=(clock.today() - timedelta(days=250)).isoformat()))
    post_form(
        "/me/household/new",
        {
            "relation": "child",
            "name": "王小明",
            "sex": "male",
            "ethnicity": "01",
            "birth_date": "2020-03-01",
            "guardian_consent": "y",
        },
    )
    post_form("/account/consents/phone_contact", page="/account")
    report = db.session.scalar(db.select(ResidenceReport))
    person_id = report.person_id
    coordinator = create_account("coordinator", place=community, display_name="协管员甲")
    officer = create_account("officer", display_name="officer-name-xyz", department="hrss")
    permit = create_permit(report, number="370300000077", issued=date(2025, 7, 1))
    request = ServiceRequest(
        person_id=person_id,
        service_code="job_referral",
        department="hrss",
        county=permit.county,
        details="找工作",
        status="in_progress",
        target_date=clock.today(),
    )
    request.messages.append(RequestMessage(author_id=migrant.id, party="migrant", body="请帮我"))
    request.messages.append(RequestMessage(author_id=officer.id, party="officer", body="已收到"))
    employer = create_employer(name="淄博纺织厂", uscc="91370303MA3C5QW1PF")
    vacancy = create_vacancy(employer, community, title="缝纫工")
    db.session.add_all(
        [
            request,
            Passkey(
                account_id=migrant.id,
                credential_id=b"c1",
                public_key=b"k",
                name="我的手机",
                last_used_at=datetime(2026, 7, 13, 23, 30),  # 14 July, 07:30 in China
            ),
            Tenancy(
                person_id=person_id,
                landlord_name="李房东",
                landlord_phone="13912345678",
                started_on=date(2025, 11, 6),
                status="unlinked",
            ),
            Employment(
                person_id=person_id,
                employer_name="淄博纺织厂",
                employer_uscc="91370303MA3C5QW1PF",
                started_on=date(2025, 11, 6),
                source="migrant",
                status="pending",
            ),
            Visit(
                client_id="visit-1",
                coordinator_id=coordinator.id,
                report_id=report.id,
                outcome="corrected",
                corrections={"room": "102"},
                notes="门牌已核对",
                recorded_at=datetime(2026, 7, 10, 1, 0),
                seen_version=1,
                server_version=1,
                state="applied",
            ),
            Endorsement(permit_id=permit.id, year=1, endorsed_on=date(2026, 6, 20)),
            Notification(account_id=migrant.id, kind="report.confirmed", params={"party": "landlord"}),
            Consent(
                person_id=person_id, purpose="assisted_registration", method="signed", recorded_by_id=coordinator.id
            ),
        ]
    )
    db.session.flush()
    db.session.add(Referral(vacancy_id=vacancy.id, person_id=person_id, request_id=request.id, kind="referral"))
    db.session.commit()
    refresh_all(clock.today())  # the visit and the endorsement, added by hand, count in the dashboards' summaries
    correction.ask(report, field="id_number", proposed=id_number(date(1990, 1, 1), sequence=456), why="号码错了")
    audit.viewed(
        migrant, actor=officer, what="service_request", why="handling", person=report.person, as_role="officer"
    )
    return migrant


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_in_words_china_time_and_the_id_number_masked(resident, db, post_form, lang):
    data, html = download(post_form, lang)
    shown = text_of(html)
    for key, titles in SECTIONS.items():
        title = titles[lang == "zh"]
        assert f'<section aria-labelledby="{key}">' in html and f'<h2 id="{key}">' in html, key
        assert title in shown, title
    # Everything the JSON holds has its words: nothing shown under its own (code) name.
    assert not [name for name in ("is you", "service code", "notice version", "person id") if name in shown]

    for code in CODES:
        assert not re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w-])", shown.replace("documents/", "")), code
    assert "T02:00" not in shown and "02:00" not in shown  # UTC, as stored
    assert MADE[lang] in shown and NOTICE[lang] in shown

    [me] = [p for p in data["people"] if p["is_you"]]
    assert me["id_number"] and me["id_number"] not in html  # whole in the JSON, masked on the page
    assert me["id_number_masked"] in shown
    [asked] = data["correction_requests"]
    assert asked["proposed_id_number"] not in html and asked["proposed"] in shown

    words = {
        "en": [
            "Waiting for an answer",  # the employer's answer
            "Landlord not on Xinju yet",
            "Being worked on",
            "Human resources and social security",
            "Job referral and career advice",
            "Corrected",
            "Recorded on your report",
            "Room: 102",
            "门牌已核对",
            "Female",
            "Han",
            "July 14, 2026",  # the answer due on the request, a date in words
            "Permit 370300000077, yearly endorsements",
            "June 20, 2026",
            "我的手机",
            "2026-07-14 07:30",  # the passkey last used at 23:30 UTC: China's morning
            "On the paper form",
            "Registering you in person",
            "Contact by phone",
            "A child under 14 on your household list",
            "officer-name-xyz",
        ],
        "zh": [
            "等待答复",
            "人力资源和社会保障",
            "女",
            "汉族",
            "2026年7月14日",
            "居住证 370300000077 的年度签注",
            "2026年6月20日",
            "2026/7/14 07:30",
            "电话联系",
        ],
    }[lang]
    for expected in words:
        assert expected in shown, expected
    # The decisions' explanations and the inbox's message, in words, as in the JSON.
    for decision in data["residence_reports"][0]["decisions"]:
        assert decision["explanation"] in shown
    [message] = data["notifications"]
    assert message["text"] and message["text"] in shown


def test_the_json_is_unchanged_and_every_key_has_its_words(resident, app, db, post_form):
    data, html = download(post_form, "en")
    assert data["notice_version"] == "2026-12" and data["people"][0]["id_number"]
    assert data["residence_reports"][0]["visits"][0]["state"] == "applied"
    assert data["service_requests"][0]["service_code"] == "job_referral"
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        page = readable.page(data, service_name=export.service_name)
    assert page.unlabelled == []
    assert page.lang == "zh-Hans"


def test_a_key_added_later_is_still_shown_and_named(app, db):
    data = {"format": "xinju-my-data", "version": 1, "made_at": None, "notice_version": "2026-12", "new_list": [1]}
    data["people"] = [{"id": 1, "name": "王芳", "is_you": True, "relation": "self", "shoe_size": 38}]
    with app.test_request_context():
        page = readable.page(data)
    assert page.unlabelled == ["people.shoe_size", "file.new_list"]
    [household] = [s for s in page.sections if s.key == "household"]
    assert ("shoe size", "38") in household.records[0].rows


def test_the_page_fits_a_narrow_screen_and_has_no_script(resident, post_form):
    _data, html = download(post_form, "en")
    check_page(html, "my-data.html")  # one h1, the title, unique ids, no inline script
    assert "<script" not in html and 'name="viewport"' in html
    assert "@media (max-width: 30rem)" in html
    # Tables scroll within their own region (named by their caption) instead of widening the page.
    captions = re.findall(r'<caption id="([^"]+)"', html)
    assert captions and all(f'aria-labelledby="{c}" tabindex="0"' in html for c in captions)
    assert html.count('<th scope="col">') >= 8
    assert len(set(re.findall(r'\bid="([^"]+)"', html))) == len(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "under the privacy notice of December 2026"), ("zh", "依据2026年12月的隐私告知")],
)
def test_the_account_page_names_the_notice_by_its_month(client, db, migrant, sign_in, post_form, lang, words):
    sign_in(migrant)
    post_form("/account/consents/phone_contact", page="/account")
    html = client.get("/account", headers={"Accept-Language": lang}).get_data(as_text=True)
    shown = text_of(html)
    assert words in shown and "2026-12" not in shown
    assert '<time datetime="2026-12">' in html


@pytest.mark.parametrize(("lang", "words"), [("en", "December 2026"), ("zh", "2026年12月")])
def test_the_notice_says_its_month_not_a_version_code(client, db, lang, words):
    html = client.get("/privacy", headers={"Accept-Language": lang}).get_data(as_text=True)
    shown = text_of(html)
    assert words in shown and "2026-12" not in shown


def test_the_jsons_times_say_they_are_utc_and_the_page_shows_them_in_china(resident, app, post_form):
    """A reviewer read the JSON's times (UTC without a zone) as Beijing time, a day apart from the page's."""
    data, html = download(post_form, "en")
    assert data["made_at"].endswith("Z") and data["account"]["created_at"].endswith("Z")
    assert data["residence_reports"][0]["created_at"].endswith("Z")
    assert data["residence_reports"][0]["arrival_date"].count("-") == 2  # a day stays a day
    made = datetime.fromisoformat(data["made_at"])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = readable.when(data["made_at"])
    assert made.utcoffset().total_seconds() == 0 and shown in html  # shown in China's time
    assert "Your landlord or employer says you left: a coordinator checks" in html
