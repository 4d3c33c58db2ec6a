"""The sign-up limit counts accepted sign-ups only: a typing mistake shows the message beside the field and keeps
what was typed, however often it happens; accepted sign-ups are still limited, and the sign-in limits still count
every try."""

import pytest

from tests.conftest import token_from


def limit_per_minute(app) -> int:
    return int(app.config["RATELIMIT_SIGNUP"].split(";")[0].split()[0])


@pytest.mark.parametrize(
    ("language", "error", "too_many"),
    [("en", "Select at least one", "Too many tries"), ("zh", "请至少选择一项", "尝试次数太多")],
)
def test_mistakes_on_the_sign_up_form_are_not_counted(app, client, db, language, error, too_many):
    client.set_cookie("lang", language)
    token = token_from(client.get("/signup").get_data(as_text=True))
    for _ in range(limit_per_minute(app) + 1):
        # The name typed, no role ticked: the form says so beside the field and keeps the name.
        refused = client.post("/signup", data={"csrf_token": token, "display_name": "Wang Fang"})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 200
        assert error in html and too_many not in html
        assert 'value="Wang Fang"' in html
    empty = client.post("/signup", data={"csrf_token": token, "display_name": "", "roles": ["migrant"]})
    assert empty.status_code == 200
    # Still free to sign up once the mistake is put right.
    accepted = client.post("/signup", data={"csrf_token": token, "display_name": "Wang Fang", "roles": ["migrant"]})
    assert accepted.status_code == 302 and accepted.location.endswith("/signup/passkey")


def test_accepted_sign_ups_are_still_limited(app, client, db):
    token = token_from(client.get("/signup").get_data(as_text=True))
    for _ in range(3):
        client.post("/signup", data={"csrf_token": token, "display_name": ""})
    for _ in range(limit_per_minute(app)):
        accepted = client.post("/signup", data={"csrf_token": token, "display_name": "Li", "roles": ["migrant"]})
        assert accepted.status_code == 302
    refused = client.post("/signup", data={"csrf_token": token, "display_name": "Li", "roles": ["migrant"]})
    assert refused.status_code == 429
    assert "Too many tries" in refused.get_data(as_text=True)
    # Once limited, a refused form is refused too: the limit is checked before the form.
    assert client.post("/signup", data={"csrf_token": token, "display_name": ""}).status_code == 429


def test_sign_in_limit_still_counts_every_try(app, client, db):
    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True))}
    per_minute = int(app.config["RATELIMIT_SIGNIN"].split(";")[0].split()[0])
    for _ in range(per_minute):
        assert client.post("/signin/options", headers=headers, json={}).status_code == 200
    assert client.post("/signin/options", headers=headers, json={}).status_code == 429
