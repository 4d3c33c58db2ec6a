"""Rate limits count per credential and per link as well as per address (issue 13, point 9): an attacker spread
over many addresses (or hidden among a mobile carrier's customers, who share one) still gets only a few tries at
one passkey or one enrolment link."""

import json

from tests.conftest import token_from


def from_address(n: int) -> dict:
    return {"environ_base": {"REMOTE_ADDR": f"10.0.{n // 250}.{n % 250 + 1}"}}


def test_sign_in_tries_at_one_credential_are_limited_whatever_the_address(client, app):
    per_credential = int(app.config["RATELIMIT_SIGNIN_CREDENTIAL"].split()[0])
    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True)), "Accept": "application/json"}
    credential = json.dumps({"id": "c3RvbGVuLWNyZWRlbnRpYWw", "rawId": "c3RvbGVuLWNyZWRlbnRpYWw", "type": "public-key"})

    def attempt(n, body=credential):
        response = client.post(
            "/signin/verify", headers=headers, data=body, content_type="application/json", **from_address(n)
        )
        return response.status_code

    statuses = [attempt(n) for n in range(per_credential + 1)]
    assert 429 not in statuses[:per_credential] and statuses[per_credential] == 429
    other = credential.replace("c3RvbGVu", "b3RoZXIt")
    assert attempt(99, other) != 429  # another credential from a fresh address is not held back


def test_tries_at_one_enrolment_link_are_limited_whatever_the_address(client, app):
    per_link = int(app.config["RATELIMIT_ENROL_LINK"].split()[0])
    statuses = [client.get("/enrol/guessed-token", **from_address(n)).status_code for n in range(per_link + 1)]
    assert statuses[:per_link] == [404] * per_link and statuses[per_link] == 429
    assert client.get("/enrol/another-token", **from_address(99)).status_code == 404
