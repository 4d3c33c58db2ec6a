"""Bad passkey-ceremony bodies (issue 13, point 5): each is a 400 with the ceremony's clear message, never a 500,
whether the body cannot be read (nested 100,000 deep, not UTF-8, Infinity) or has the wrong shape for py_webauthn."""

import json

import pytest

from tests.conftest import token_from


def clear_400(response) -> bool:
    """A 400 whose error is one of the ceremony's messages (in English here)."""
    from flask import current_app

    from webapp.accounts.messages import CEREMONY_ERRORS

    with current_app.test_request_context(headers={"Accept-Language": "en"}):
        messages = {str(message) for message in CEREMONY_ERRORS.values()}
    return response.status_code == 400 and response.get_json()["error"] in messages


@pytest.fixture
def started(client, post_form):
    """A sign-up ceremony started: its challenge is in the session; returns the headers passkeys.js sends."""
    post_form("/signup", {"display_name": "Li", "roles": ["migrant"]})
    headers = {"X-CSRFToken": token_from(client.get("/signup/passkey").get_data(as_text=True))}
    assert client.post("/signup/passkey/options", headers=headers, json={}).status_code == 200
    return headers


@pytest.fixture
def signin_started(client):
    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True))}
    assert client.post("/signin/options", headers=headers, json={}).status_code == 200
    return headers


CREDENTIAL = {
    "id": "AAAA",
    "rawId": "AAAA",
    "type": "public-key",
    "response": {"clientDataJSON": "AAAA", "attestationObject": "AAAA"},
}

BODIES = [
    "[" * 100_000 + "]" * 100_000,
    '{"id": ' * 50_000 + "1" + "}" * 50_000,
    b'{"id": "\xff"}',
    '{"id": "AAAA", "rawId": Infinity}',
    '"a string"',
    json.dumps({**CREDENTIAL, "response": []}),
    json.dumps({**CREDENTIAL, "response": "text"}),
    json.dumps({**CREDENTIAL, "response": {"clientDataJSON": 1, "attestationObject": None}}),
    json.dumps({**CREDENTIAL, "response": {**CREDENTIAL["response"], "transports": "usb"}}),
    json.dumps({**CREDENTIAL, "response": {**CREDENTIAL["response"], "transports": [{"a": 1}]}}),
    json.dumps({**CREDENTIAL, "id": "\x00"}),
    json.dumps({**CREDENTIAL, "id": "not base64 !"}),
    json.dumps({**CREDENTIAL, "id": "A" * 100_000}),
    json.dumps({**CREDENTIAL, "type": ["public-key"]}),
    json.dumps({**CREDENTIAL, "clientExtensionResults": [[[[[[[[[[[[]]]]]]]]]]]]}),
    json.dumps({**CREDENTIAL, "authenticatorAttachment": {"x": 1}}),
]


@pytest.mark.parametrize("body", BODIES)
def test_a_bad_registration_body_is_a_clear_400(client, db, started, body):
    response = client.post("/signup/passkey/verify", headers=started, data=body, content_type="application/json")
    assert clear_400(response)


@pytest.mark.parametrize("body", BODIES)
def test_a_bad_sign_in_body_is_a_clear_400(client, db, signin_started, body):
    response = client.post("/signin/verify", headers=signin_started, data=body, content_type="application/json")
    assert clear_400(response)


def test_a_sign_in_body_with_a_bad_user_handle_is_a_clear_400(client, db, signin_started):
    body = {**CREDENTIAL, "response": {"clientDataJSON": "AAAA", "authenticatorData": "AAAA", "signature": "AAAA"}}
    for handle in (1, ["x"], {"a": 1}, "\x00"):
        body["response"]["userHandle"] = handle
        response = client.post("/signin/verify", headers=signin_started, json=body)
        assert clear_400(response)
        client.post("/signin/options", headers=signin_started, json={})  # each try uses the challenge up
