"""The OpenAPI 3.1 document of the JSON endpoints (issue 13, point 6): the caseload download and sync of field mode,
the place chooser's lists and the passkey ceremonies. Served at GET /api/openapi.json.

It is built from the very schemas the views validate with (visits/schemas.py, accounts/schemas.py, jsonbody.ERROR),
so the document cannot say something the server does not enforce. tests/api/test_openapi.py checks that every path
it names is a route of the app with that method, and runs schemathesis over it against the app (0 server errors).

Sessions are the app's cookie; POSTs made by the pages' scripts carry the CSRF token in X-CSRFToken, except the sync,
which is protected by design (visits/offline.py): JSON with X-Xinju-Sync: 1 and an Origin of this site.
"""

from webapp.accounts import schemas as ceremony
from webapp.jsonbody import ERROR
from webapp.visits import schemas as visits

PLACE_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "name"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
    },
}

COMPONENTS = {
    "Error": ERROR,
    "Visit": visits.VISIT,
    "SyncRequest": visits.sync_request({"$ref": "#/components/schemas/Visit"}),
    "SyncResponse": visits.SYNC_RESPONSE,
    "Caseload": visits.CASELOAD,
    "PlaceList": PLACE_LIST,
    "RegistrationCredential": ceremony.REGISTRATION_CREDENTIAL,
    "AuthenticationCredential": ceremony.AUTHENTICATION_CREDENTIAL,
    "CreationOptions": ceremony.CREATION_OPTIONS,
    "RequestOptions": ceremony.REQUEST_OPTIONS,
    "CeremonyDone": ceremony.CEREMONY_DONE,
    "CeremonyFailed": ceremony.CEREMONY_FAILED,
}


def _json(name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


REFUSED = {
    "401": _json("Error", "Not signed in (or the session ended)"),
    "403": _json("Error", "Signed in without the role this needs"),
}
CEREMONY_REFUSED = {
    "400": _json("CeremonyFailed", "The ceremony failed: why, in the person's language"),
    "429": _json("Error", "Too many tries"),
}
TOKEN = {
    "name": "token",
    "in": "path",
    "required": True,
    "description": "The link's token",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}
CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "A division code",
    "schema": {"type": "string", "pattern": "^[0-9]{2,12}$"},
}


def _ceremony(path: str, operation: str, summary: str, kind: str, *, token=False, signed_in=False) -> dict:
    """The two steps of a passkey ceremony at path: /options, then /verify with the browser's credential."""
    parameters = [TOKEN] if token else []
    security = [{"session": [], "csrf": []}] if signed_in else [{"csrf": []}]
    options = "CreationOptions" if kind == "registration" else "RequestOptions"
    credential = "RegistrationCredential" if kind == "registration" else "AuthenticationCredential"
    return {
        f"{path}/options": {
            "post": {
                "operationId": f"{operation}Options",
                "summary": f"{summary}: the options for the browser",
                "tags": ["passkeys"],
                "parameters": parameters,
                "security": security,
                "responses": {"200": _json(options, "The options"), **CEREMONY_REFUSED},
            }
        },
        f"{path}/verify": {
            "post": {
                "operationId": f"{operation}Verify",
                "summary": f"{summary}: the browser's credential, checked",
                "tags": ["passkeys"],
                "parameters": parameters,
                "security": security,
                "requestBody": {
                    "required": True,
                    **_json(credential, "The credential, as PublicKeyCredential.toJSON()"),
                },
                "responses": {"200": _json("CeremonyDone", "Done: where to go next"), **CEREMONY_REFUSED},
            }
        },
    }


def document(session_cookie: str = "xinju_session") -> dict:
    places = {
        "get": {
            "summary": "The places directly under this one, for the place chooser (public, published data)",
            "tags": ["places"],
            "parameters": [CODE],
            "security": [],
            "responses": {"200": _json("PlaceList", "Code and name of each"), "404": _json("Error", "No such place")},
        }
    }
    paths = {
        "/coordinator/caseload.json": {
            "get": {
                "operationId": "caseloadDownload",
                "summary": "The coordinator's caseload, for field mode (masked ID numbers only)",
                "description": (
                    "Without `since`, the whole caseload (`full`: true): the device replaces its copy. With the "
                    "`cursor` of an earlier answer as `since`, what changed since then: `items` changed or added, "
                    "`removed` receipts no longer in the caseload. A cursor that cannot be used (another area, "
                    "another format, unknown) gets the whole caseload. Either way, keep the new `cursor`."
                ),
                "tags": ["field mode"],
                "security": [{"session": []}],
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "required": False,
                        "description": "The cursor of the last download (opaque, no personal data)",
                        "schema": {"type": "string", "maxLength": 100},
                    }
                ],
                "responses": {"200": _json("Caseload", "The caseload"), **REFUSED},
            }
        },
        "/coordinator/sync": {
            "post": {
                "operationId": "sync",
                "summary": "The field outbox: each visit stored once, or refused with its reason",
                "description": (
                    "Each visit is checked on its own: a bad one is answered `refused` with `error` and `message`, "
                    "the others are stored. A body that cannot be read (too large, not JSON, too deep, or not this "
                    "schema) is a 400 or 413 `Error`. The request must name this site in `Origin`."
                ),
                "tags": ["field mode"],
                "security": [{"session": []}],
                "parameters": [
                    {
                        "name": "X-Xinju-Sync",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string", "enum": ["1"]},
                    }
                ],
                "requestBody": {"required": True, **_json("SyncRequest", "Up to 100 visits")},
                "responses": {
                    "200": _json("SyncResponse", "One result per visit, in order"),
                    "400": _json("Error", "The request or its body was refused as a whole"),
                    "413": _json("Error", "The body is too large"),
                    **REFUSED,
                },
            }
        },
        "/places/{code}/children": {"get": {**places["get"], "operationId": "placeChildren"}},
        "/places/hukou/{code}/children": {
            "get": {
                **places["get"],
                "operationId": "hukouChildren",
                "summary": "The divisions of all China directly under this one (household registration)",
            }
        },
        **_ceremony("/signup/passkey", "signup", "Create an account", "registration"),
        **_ceremony("/signin", "signin", "Sign in", "authentication"),
        **_ceremony("/account/passkeys", "addPasskey", "Add a passkey", "registration", signed_in=True),
        **_ceremony("/enrol/{token}", "enrol", "Staff enrolment link", "registration", token=True),
        **_ceremony("/recover/{token}", "recover", "Recovery link", "registration", token=True),
        **_ceremony("/claim/{token}", "claim", "Claim link", "registration", token=True),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Xinju JSON API",
            "version": "1",
            "description": "The JSON endpoints behind field mode, the place chooser and passkeys. Bodies are "
            "checked against these schemas; a refusal is a 4xx with a message, never a 500.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": session_cookie},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
        },
    }
