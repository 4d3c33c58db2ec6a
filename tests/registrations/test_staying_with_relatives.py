"""Zhejiang exempts a short stay with close relatives who hold a hukou there (条例: 居住在具有本地常住户口的近亲属家中);
the form used to offer "With relatives or friends", so a stay with friends was told no registration was needed. The
choice says whose home counts, and friends are "somewhere else" (registered as anyone is)."""

from datetime import date

from webapp.policy.engine import PersonFacts, StayFacts, decide
from webapp.policy.profiles import load_profiles

WENZHOU = "330302001001"


def test_the_form_says_whose_home_counts_in_both_languages(client, migrant, sign_in):
    sign_in(migrant)
    english = client.get("/reports/new").get_data(as_text=True)
    assert "With close relatives who hold a hukou here" in english
    assert "Somewhere else (with friends, for example)" in english and "relatives or friends" not in english
    chinese = client.get("/reports/new", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "住在有本地户口的近亲属家" in chinese and "其他地方（比如住在朋友家）" in chinese


def test_ten_days_with_friends_in_wenzhou_are_registered_ten_with_relatives_are_not():
    profile = load_profiles()["zhejiang-2017"]
    person = PersonFacts(date(1990, 1, 1), "411525")

    def registration(housing: str) -> str:
        stay = StayFacts(WENZHOU, date(2017, 5, 1), "visit", housing, stay_ends_on=date(2017, 5, 11))
        return decide(person, stay, profile, date(2017, 5, 1))[0].rule

    assert registration("relatives") == "registration.exempt_relatives"
    assert registration("other") == "registration.required"
