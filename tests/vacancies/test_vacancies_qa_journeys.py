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
