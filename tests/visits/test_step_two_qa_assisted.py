"""QA of assisted registration's step two: the coordinator fills in the report for someone else, so the page speaks
of "this person" (此人), never to "you" about the resident's details: its questions, hints, choices and errors, in
both languages. The resident's own report form keeps speaking to them."""

import re

import pytest

from webapp.registrations.models import ResidenceReport

#: What speaks to the reader as the resident ("your address", "do you…", "I rent it").
TO_THE_RESIDENT = re.compile(
    r"\byour\b|\b(do|did|are|have) you\b|\byou (live|arrived|plan|rent|came|work|study|only)\b|\bI rent\b|"
    r"\bMy own\b|\bof my own\b|\bI still live\b|\bI have no date\b",
    re.IGNORECASE,
)


@pytest.fixture
def step_two(client, coordinator, sign_in, post_form, person_data) -> str:
    sign_in(coordinator)
    response = post_form("/coordinator/assisted", {**person_data, "consent": "y"})
    assert response.status_code == 302
    return response.location


def form_of(html: str) -> str:
    """The page's form and the list of problems above it (not the site's header or menu)."""
    start = html.index('<div class="error-summary"') if 'class="error-summary"' in html else html.index("<h1")
    return html[start : html.index("</form>", html.index('action="/coordinator/assisted/'))]


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_step_two_asks_about_this_person(client, step_two):
    text = visible_text(form_of(client.get(step_two).get_data(as_text=True)))
    assert not TO_THE_RESIDENT.findall(text), TO_THE_RESIDENT.findall(text)
    for words in (
        "Where does this person live?",
        "When did this person arrive at this address?",
        "How long does this person plan to stay?",
        "This person has no date to leave, or does not know yet",
        "Why is this person here?",
        "The landlord&#39;s rental code or mobile number",
        "This person rents it",
        "Since when has this person lived in this city?",
        "Does this person have a written labour contract",
    ):
        assert words in text or words.replace("&#39;", "'") in text, words


def test_step_two_in_chinese_says_this_person(client, step_two):
    client.set_cookie("lang", "zh")
    text = visible_text(form_of(client.get(step_two).get_data(as_text=True)))
    assert "您" not in text and "你" not in text
    for words in ("此人住在哪里？", "此人是哪天住进这个地址的？", "此人打算在这里住多久？", "此人为什么来这里？"):
        assert words in text


def test_the_errors_speak_of_this_person_too(client, db, step_two, post_form, report_data):
    sent = report_data(arrival_date="", stay_open="", reason="", housing_type="rental", landlord="")
    html = post_form(step_two, sent).get_data(as_text=True)
    part = visible_text(form_of(html))
    assert not TO_THE_RESIDENT.findall(part), TO_THE_RESIDENT.findall(part)
    assert "Enter the date this person arrived" in part
    assert "Select why this person is here" in part
    assert "Enter the landlord's rental code or mobile number" in part.replace("&#39;", "'")
    assert db.session.scalar(db.select(ResidenceReport)) is None


def test_the_errors_in_chinese(client, db, step_two, post_form, report_data):
    client.set_cookie("lang", "zh")
    sent = report_data(arrival_date="", stay_open="", stay_count="", reason="", housing_type="rental", landlord="12345")
    part = visible_text(form_of(post_form(step_two, sent).get_data(as_text=True)))
    assert "您" not in part
    assert "请填写此人入住的日期" in part and "请选择此人来这里的原因" in part
    assert "请填写此人打算住多久" in part
    assert "或房东的11位手机号码" in part  # a rental code that is neither a code nor a mobile number


def test_a_date_error_with_its_date_speaks_of_this_person(client, step_two, post_form, report_data, test_day):
    sent = {**report_data(arrival_date="2026-01-10"), "resided_since": "2026-02-01"}
    part = visible_text(form_of(post_form(step_two, sent).get_data(as_text=True)))
    assert "The day this person came to live in this city cannot be after the day they arrived at this address" in part
    assert "January 10, 2026" in part


def test_the_resident_s_own_form_still_speaks_to_them(client, migrant, sign_in):
    sign_in(migrant)
    html = client.get("/reports/new").get_data(as_text=True)
    assert "Where do you live?" in html and "When did you arrive at this address?" in html
    assert "this person" not in html.lower()
