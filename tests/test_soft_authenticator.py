"""The software authenticator in tests.support produces responses py_webauthn accepts."""

import json

import pytest
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, parse_authenticator_data
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AttestationFormat,
    AuthenticatorSelectionCriteria,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from tests.support.authenticator import (
    InvalidStateError,
    NotAllowedError,
    SoftAuthenticator,
)

RP_ID = "localhost"
ORIGIN = "http://localhost:5000"
USER_ID = b"xinju-user-0001"


def registration_options(user_id=USER_ID, exclude=()):
    options = generate_registration_options(
        rp_id=RP_ID,
        rp_name="Xinju",
        user_id=user_id,
        user_name="zhang.san",
        user_display_name="张三",
        exclude_credentials=[PublicKeyCredentialDescriptor(id=cid) for cid in exclude],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    return options.challenge, json.loads(options_to_json(options))


def authentication_options(allow=()):
    options = generate_authentication_options(
        rp_id=RP_ID,
        allow_credentials=[PublicKeyCredentialDescriptor(id=cid) for cid in allow],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options.challenge, json.loads(options_to_json(options))


def register(authenticator, user_id=USER_ID):
    challenge, options = registration_options(user_id=user_id)
    credential = authenticator.create(options)
    verified = verify_registration_response(
        credential=credential,
        expected_challenge=challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        require_user_verification=True,
    )
    return verified


def authenticate(authenticator, public_key, current_sign_count, allow=(), credential_id=None):
    challenge, options = authentication_options(allow=allow)
    credential = authenticator.get(options, credential_id=credential_id)
    verified = verify_authentication_response(
        credential=credential,
        expected_challenge=challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        credential_public_key=public_key,
        credential_current_sign_count=current_sign_count,
        require_user_verification=True,
    )
    return credential, verified


def test_registration_verifies():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    challenge, options = registration_options()
    credential = authenticator.create(options)

    assert set(credential) == {
        "id",
        "rawId",
        "type",
        "response",
        "clientExtensionResults",
        "authenticatorAttachment",
    }
    assert credential["type"] == "public-key"
    assert credential["authenticatorAttachment"] == "platform"
    assert credential["clientExtensionResults"] == {}
    assert credential["response"]["transports"] == ["internal"]
    assert credential["id"] == credential["rawId"]
    assert "=" not in json.dumps(credential)

    # The dict survives a JSON round trip, as it would over HTTP.
    verified = verify_registration_response(
        credential=json.dumps(credential),
        expected_challenge=challenge,
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        require_user_verification=True,
    )
    credential_id = base64url_to_bytes(credential["id"])
    assert verified.credential_id == credential_id
    assert verified.credential_public_key == authenticator.public_key(credential_id)
    assert verified.sign_count == 0
    assert verified.fmt == AttestationFormat.NONE
    assert verified.aaguid == "00000000-0000-0000-0000-000000000000"
    assert verified.user_verified is True
    assert verified.credential_device_type == CredentialDeviceType.SINGLE_DEVICE
    assert verified.credential_backed_up is False

    record = authenticator.credentials[credential_id]
    assert record.rp_id == RP_ID
    assert record.user_handle == USER_ID
    assert record.sign_count == 0


def test_client_data_and_flags():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    challenge, options = registration_options()
    credential = authenticator.create(options)
    client_data = json.loads(base64url_to_bytes(credential["response"]["clientDataJSON"]))
    assert client_data == {
        "type": "webauthn.create",
        "challenge": bytes_to_base64url(challenge),
        "origin": ORIGIN,
        "crossOrigin": False,
    }

    _, auth_options = authentication_options()
    assertion = authenticator.get(auth_options)
    auth_data = parse_authenticator_data(base64url_to_bytes(assertion["response"]["authenticatorData"]))
    assert auth_data.flags.up
    assert auth_data.flags.uv
    assert not auth_data.flags.be
    assert not auth_data.flags.bs
    assert not auth_data.flags.at
    assert auth_data.sign_count == 1


def test_authentication_verifies_and_sign_count_increases():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    registration = register(authenticator)

    _, first = authenticate(
        authenticator,
        registration.credential_public_key,
        registration.sign_count,
        allow=[registration.credential_id],
    )
    assert first.credential_id == registration.credential_id
    assert first.new_sign_count == 1
    assert first.user_verified is True

    _, second = authenticate(authenticator, registration.credential_public_key, first.new_sign_count)
    assert second.new_sign_count == 2 > first.new_sign_count


def test_usernameless_authentication_returns_user_handle():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    registration = register(authenticator)

    credential, verified = authenticate(authenticator, registration.credential_public_key, 0)
    assert verified.credential_id == registration.credential_id
    assert base64url_to_bytes(credential["response"]["userHandle"]) == USER_ID
    assert set(credential["response"]) == {"clientDataJSON", "authenticatorData", "signature", "userHandle"}
    assert credential["authenticatorAttachment"] == "platform"


def test_choosing_among_several_credentials():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    first = register(authenticator, user_id=b"user-one")
    second = register(authenticator, user_id=b"user-two")
    assert authenticator.last_credential_id == second.credential_id

    # Usernameless picks the first resident credential unless told otherwise.
    credential, _ = authenticate(authenticator, first.credential_public_key, 0)
    assert base64url_to_bytes(credential["response"]["userHandle"]) == b"user-one"

    credential, _ = authenticate(authenticator, second.credential_public_key, 0, credential_id=second.credential_id)
    assert base64url_to_bytes(credential["response"]["userHandle"]) == b"user-two"

    credential, _ = authenticate(authenticator, second.credential_public_key, 1, allow=[second.credential_id])
    assert credential["rawId"] == bytes_to_base64url(second.credential_id)


def test_user_not_verified_fails_when_required():
    authenticator = SoftAuthenticator(origin=ORIGIN, user_verified=False)
    challenge, options = registration_options()
    credential = authenticator.create(options)
    with pytest.raises(InvalidRegistrationResponse, match="User verification is required"):
        verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=RP_ID,
            expected_origin=ORIGIN,
            require_user_verification=True,
        )

    authenticator.user_verified = True
    registration = register(authenticator)
    authenticator.user_verified = False
    with pytest.raises(InvalidAuthenticationResponse, match="User verification is required"):
        authenticate(authenticator, registration.credential_public_key, 0)


def test_wrong_origin_fails():
    authenticator = SoftAuthenticator(origin="http://evil.example:5000")
    challenge, options = registration_options()
    credential = authenticator.create(options)
    with pytest.raises(InvalidRegistrationResponse, match="origin"):
        verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=RP_ID,
            expected_origin=ORIGIN,
            require_user_verification=True,
        )

    authenticator.origin = ORIGIN
    registration = register(authenticator)
    authenticator.origin = "http://localhost:5001"
    with pytest.raises(InvalidAuthenticationResponse, match="origin"):
        authenticate(authenticator, registration.credential_public_key, 0)


def test_default_origin_is_http_localhost():
    authenticator = SoftAuthenticator()
    assert authenticator.origin == "http://localhost"
    assert authenticator.user_verified is True
    with pytest.raises(InvalidRegistrationResponse):
        register(authenticator)


def test_replayed_sign_count_fails():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    registration = register(authenticator)
    _, verified = authenticate(authenticator, registration.credential_public_key, 0)
    _, verified = authenticate(authenticator, registration.credential_public_key, verified.new_sign_count)
    assert verified.new_sign_count == 2

    # A clone still at the old counter produces a count that does not exceed the server's.
    authenticator.set_sign_count(registration.credential_id, 1)
    with pytest.raises(InvalidAuthenticationResponse, match="sign count"):
        authenticate(authenticator, registration.credential_public_key, verified.new_sign_count)

    # A counter that reached the stored value (equal, non-zero) is rejected too.
    authenticator.set_sign_count(registration.credential_id, 4)
    with pytest.raises(InvalidAuthenticationResponse, match="sign count"):
        authenticate(authenticator, registration.credential_public_key, 5)


def test_sign_count_staying_zero_is_accepted():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    authenticator.counter_step = 0
    registration = register(authenticator)
    for _ in range(3):
        _, verified = authenticate(authenticator, registration.credential_public_key, 0)
        assert verified.new_sign_count == 0
    assert authenticator.sign_count(registration.credential_id) == 0


def test_bad_signature_fails():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    register(authenticator)
    other = register(SoftAuthenticator(origin=ORIGIN))
    with pytest.raises(InvalidAuthenticationResponse, match="signature"):
        authenticate(authenticator, other.credential_public_key, 0)


def test_exclude_credentials_raises_invalid_state():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    registration = register(authenticator)
    _, options = registration_options(exclude=[b"someone-else", registration.credential_id])
    with pytest.raises(InvalidStateError):
        authenticator.create(options)

    # Credentials held elsewhere do not block registration.
    _, options = registration_options(user_id=b"another", exclude=[b"someone-else"])
    authenticator.create(options)
    assert len(authenticator.credentials) == 2


def test_no_matching_credential_raises_not_allowed():
    authenticator = SoftAuthenticator(origin=ORIGIN)
    _, options = authentication_options()
    with pytest.raises(NotAllowedError):
        authenticator.get(options)

    registration = register(authenticator)
    _, options = authentication_options(allow=[b"not-ours"])
    with pytest.raises(NotAllowedError):
        authenticator.get(options)
    with pytest.raises(NotAllowedError):
        authenticator.get(options, credential_id=registration.credential_id)

    _, options = authentication_options()
    options["rpId"] = "example.org"
    with pytest.raises(NotAllowedError):
        authenticator.get(options)

    authenticator.remove_credential(registration.credential_id)
    _, options = authentication_options()
    with pytest.raises(NotAllowedError):
        authenticator.get(options)
