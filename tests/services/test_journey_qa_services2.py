"""QA of a service request's whole journey: the resident asks, the officer asks for more, the resident answers (and
the officer sees that in the queue), the officer decides; the resident reads each step in plain words, in Chinese
and in English, with China's times; and the catalogue says honestly what needs a permit and what does not."""

import re
from datetime import UTC, datetime

import pytest

from webapp import clock
from webapp.services.models import ServiceRequest


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


def main_text(response) -> str:
    html = response.get_data(as_text=True)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.split(">", 1)[1]))


def test_asked_for_more_answered_and_decided_in_plain_chinese(client, db, registered, hrss_officer, sign_in, post_form):
    # 23:30 UTC is 07:30 the next morning in China: the times read are China's.
    with clock.pinned_at(datetime(2026, 7, 14, 23, 30, tzinfo=UTC)):
        sign_in(registered)  # a new session: the day before's ended overnight
        post_form("/me/services/job_referral/ask", {"details": "想找电子厂的工作"})
        found = db.session.scalar(db.select(ServiceRequest))
        handle = f"/officer/requests/{found.reference}"

        sign_in(hrss_officer)
        post_form(handle, {"message-body": "请说明您做过什么工作"})
        queue = client.get("/officer/requests").get_data(as_text=True)
        assert "New message from the person" not in queue  # the officer wrote last

        sign_in(registered)
        client.set_cookie("lang", "zh")
        page = client.get(f"/me/requests/{found.reference}")
        words = main_text(page)
        assert "请说明您做过什么工作" in words and "2026/7/15 07:30" in words
        post_form(f"/me/requests/{found.reference}", {"body": "做过两年包装工"})

        sign_in(hrss_officer)
        queue = main_text(client.get("/officer/requests"))
        assert "申请人有新留言" in queue  # the answer is seen without opening every request
        post_form(handle, {"handle-status": "refused", "handle-reason": "请到户籍地办理"})
        assert "申请人有新留言" not in main_text(client.get("/officer/requests"))  # closed: nothing waits
        assert "给申请人的说明 请到户籍地办理" in main_text(client.get(handle))

    sign_in(registered)
    words = main_text(client.get(f"/me/requests/{found.reference}"))
    # The decision and the office's note, each named; no date "expected" for what is answered; what to do next.
    assert "状态 不予办理 办理部门的说明 请到户籍地办理" in words
    assert "预计答复日期" not in words
    assert "这项申请已经办结，不能再留言。如需再次申请，请重新提交申请。" in words
    assert not re.search(r"[A-Za-z]{3,}", words.replace(found.reference_display, ""))  # no English left over


def test_the_same_journey_in_english_says_it_plainly(
    client, db, service_request, hrss_officer, migrant, sign_in, post_form
):
    sign_in(hrss_officer)
    post_form(
        f"/officer/requests/{service_request.reference}", {"handle-status": "completed", "handle-reason": "已推荐"}
    )
    sign_in(migrant)
    words = main_text(client.get(f"/me/requests/{service_request.reference}"))
    assert "Status Completed What the office says 已推荐" in words
    assert "Answer expected by" not in words
    assert "This request is closed: no more messages can be sent on it." in words
    assert 'name="body"' not in client.get(f"/me/requests/{service_request.reference}").get_data(as_text=True)


def test_an_open_request_still_says_when_to_expect_the_answer(client, db, service_request):
    words = main_text(client.get(f"/me/requests/{service_request.reference}"))
    assert "Answer expected by" in words and "What the office says" not in words


@pytest.mark.parametrize(
    ("lang", "free", "permit"),
    [
        ("en", "You can ask now. You need no residence permit for this.", "You need a residence permit for this."),
        ("zh", "您现在就可以申请，不需要居住证。", "办理这项服务需要居住证。"),
    ],
)
def test_the_catalogue_says_what_needs_a_permit_and_what_does_not(client, registered, lang, free, permit):
    client.set_cookie("lang", lang)
    words = main_text(client.get("/me/services"))
    job = words.index("免费职业介绍和就业指导" if lang == "zh" else "Job referral and career advice")
    housing = words.index("公共租赁住房" if lang == "zh" else "Public rental housing")
    assert words[job:].index(free) < 300  # said on the job referral's card
    assert words[housing:].index(permit) < 300  # and the permit on the housing's


def test_before_registering_the_person_learns_no_permit_will_be_needed(client, migrant, sign_in):
    sign_in(migrant)
    words = main_text(client.get("/me/services"))
    assert "You can ask once your residence is registered. You need no residence permit for this." in words
