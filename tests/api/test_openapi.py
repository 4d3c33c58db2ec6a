"""The OpenAPI document of the JSON endpoints (issue 13, point 6): served by the app, naming only real routes, and
fuzzed by schemathesis against the app in-process, signed in as a coordinator, with 0 server errors.

The run is bounded (EXAMPLES per operation and generation mode, derandomized so CI is repeatable) to stay within a
few seconds a database; it runs on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
"""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.conftest import token_from
from webapp.extensions import limiter

#: Examples per operation and per generation mode (valid data, then data that breaks the schema).
EXAMPLES = 8
ORIGIN = "http://localhost"


def _spelled_out(rule: str) -> list[str]:
    """A rule with an any(a, b) converter is one path per choice (the enrol, recover and claim links share routes)."""
    found = re.search(r"<any\(([^)]*)\):[a-z_]+>", rule)
    if not found:
        return [rule]
    return [
        path
        for choice in found.group(1).split(",")
        for path in _spelled_out(rule[: found.start()] + choice.strip() + rule[found.end() :])
    ]


def test_the_document_is_served_and_names_only_real_routes(client, app):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    routes = {
        (re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", path), method.lower())
        for rule in app.url_map.iter_rules()
        for path in _spelled_out(rule.rule)
        for method in rule.methods
    }
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert operations <= routes, operations - routes
    assert {
        ("/coordinator/caseload.json", "get"),
        ("/coordinator/sync", "post"),
        ("/places/{code}/children", "get"),
        ("/signin/verify", "post"),
        ("/signup/passkey/verify", "post"),
        ("/account/passkeys/verify", "post"),
    } <= operations


def test_the_sync_schema_in_the_document_is_the_one_the_server_enforces(client):
    from webapp.visits.schemas import VISIT

    document = client.get("/api/openapi.json").get_json()
    assert document["components"]["schemas"]["Visit"] == VISIT
    body = document["paths"]["/coordinator/sync"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/SyncRequest"}


@pytest.fixture
def signed_in_coordinator(client, db, create_account, community, sign_in):
    """A coordinator signed in through the test client, with a sign-up half done (so its ceremony reaches the body)."""
    account = sign_in(create_account("coordinator", place=community, display_name="赵磊"))
    with client.session_transaction() as session:
        session["pending_signup"] = {"display_name": "Li", "roles": ["migrant"], "user_handle": "ab" * 32, "next": None}
    token = token_from(client.get("/account").get_data(as_text=True))
    return account, token


def test_schemathesis_finds_no_server_error(app, client, signed_in_coordinator):
    _account, token = signed_in_coordinator
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    errors: list[str] = []
    calls = {"count": 0}

    def headers_for(case) -> dict:
        """The signed-in session; before a ceremony's /verify, its /options, so the body meets a live challenge."""
        path = case.formatted_path
        if path.endswith("/verify") and "{" not in case.operation.path:
            client.post(path.removesuffix("/verify") + "/options", headers={"X-CSRFToken": token}, json={})
        return {
            "X-CSRFToken": token,
            "Origin": ORIGIN,
            "Accept": "application/json",
        }

    def fuzz(operation, mode) -> None:
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            headers = headers_for(case)
            response = case.call(headers=headers, cookies={cookie_name: client.get_cookie(cookie_name).value})
            calls["count"] += 1
            try:
                case.validate_response(response, checks=[not_a_server_error], headers=headers)
            except Exception:  # noqa: BLE001 - collected, reported below with the request that failed
                errors.append(f"{mode.value} {operation.label}: {response.status_code}\n{case.as_curl_command()}")

        run()

    limiter.enabled = False  # the ceremonies' rate limits would answer 429 before the body is read
    try:
        for result in schema.get_all_operations():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz(result.ok(), mode)
    finally:
        limiter.enabled = True
    assert calls["count"] > 100
    assert errors == [], "\n\n".join(errors[:10])


def test_no_view_reads_json_without_its_schema():
    """JSON bodies are read by webapp/jsonbody.py against a schema (or passkeys._parse, which uses it), never by
    request.get_json / request.json, which raise or return anything (a string, a 100,000-deep list)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "webapp"
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"request\.(get_json|json)\b", line)
    ]
    assert found == []
