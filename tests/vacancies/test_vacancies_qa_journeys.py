"""An employer posting a job with several requirements the law forbids is told about all of them at once, next to
the field, in their language: one round of corrections, not one refusal after another."""

from webapp.vacancies.models import Vacancy


def requirements_error(html: str) -> str:
    return html.split('id="requirements-error"')[1].split("</p>")[0]


def test_every_forbidden_requirement_is_named_in_one_round(
    client, db, employer_account, posting_data, sign_in, post_form
):
    sign_in(employer_account)
    asked = posting_data(requirements="Women only, under 35, local hukou")
    error = requirements_error(post_form("/employer/vacancies/new", asked).get_data(as_text=True))
    assert "household registration (hukou)" in error
    assert "men only or women only" in error
    assert "upper age" in error
    assert db.session.scalar(db.select(Vacancy)) is None


def test_in_chinese_the_sentences_follow_each_other_without_a_space(
    client, db, employer_account, posting_data, sign_in, post_form
):
    sign_in(employer_account)
    client.set_cookie("lang", "zh")
    asked = posting_data(requirements="只招女性，35岁以下")
    error = requirements_error(post_form("/employer/vacancies/new", asked).get_data(as_text=True))
    assert "平等的劳动权利。不得设年龄上限" in error


def test_a_posting_taken_down_is_put_right_and_posted_again_not_typed_again(
    client, db, vacancy, employer_account, create_account, create_employer, sign_in, post_form
):
    vacancy.status, vacancy.reason = "taken_down", "工资写法不清楚"
    db.session.commit()
    sign_in(employer_account)
    page = client.get(f"/employer/vacancies/{vacancy.id}").get_data(as_text=True)
    assert f"/employer/vacancies/new?from={vacancy.id}" in page and "Post this job again" in page
    again = client.get(f"/employer/vacancies/new?from={vacancy.id}").get_data(as_text=True)
    assert 'value="包装工"' in again  # the title as it was, and the rest of the form
    assert f'value="{vacancy.closes_on.isoformat()}"' in again
    # Another organisation's posting is not theirs to copy.
    outsider = create_account("employer")
    create_employer(outsider, name="别家", uscc="91350100M000100Y43")
    sign_in(outsider)
    assert client.get(f"/employer/vacancies/new?from={vacancy.id}").status_code == 404
    assert client.get("/employer/vacancies/new?from=abc").status_code == 404


def test_a_closed_postings_past_closing_date_is_chosen_again(client, db, vacancy, employer_account, sign_in):
    from datetime import timedelta

    from webapp import clock

    vacancy.status, vacancy.closes_on = "expired", clock.today() - timedelta(days=1)
    db.session.commit()
    sign_in(employer_account)
    again = client.get(f"/employer/vacancies/new?from={vacancy.id}").get_data(as_text=True)
    assert 'value="包装工"' in again and vacancy.closes_on.isoformat() not in again
