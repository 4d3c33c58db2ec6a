"""Ids in URLs are bounded (issue 13, point 5): an id the database's integers cannot hold, or a path part with a
control character in it, is a 404 on every route, never a 500 (SQLite overflows at 2^63, PostgreSQL at 2^31)."""

import pytest
from werkzeug.routing import IntegerConverter

from tests.conftest import token_from
from webapp.security.roles import Role

HUGE = [2**31, 2**63, 10**30]


def int_rules(app):
    return [r for r in app.url_map.iter_rules() if any(isinstance(c, IntegerConverter) for c in r._converters.values())]


@pytest.fixture
def everyone(client, create_account, create_place, sign_in):
    """Signed in with every role, and a CSRF token in the headers, so nothing but the URL can refuse a request."""
    place = create_place("370303001001")
    sign_in(create_account(*[r.value for r in Role], place=place, department="public_security"))
    client.environ_base["HTTP_X_CSRFTOKEN"] = token_from(client.get("/account").get_data(as_text=True))


def fill(rule, values):
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", str(values["int"])).replace(f"<{name}>", values["str"])
        path = path.replace(f"<path:{name}>", values["str"])
    return path


def test_every_int_route_takes_only_ids_the_database_can_hold(app):
    rules = int_rules(app)
    assert len(rules) >= 12
    for rule in rules:
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert converter.max == 2**31 - 1, (rule.rule, name)


@pytest.mark.parametrize("number", HUGE)
def test_an_id_too_big_for_the_database_is_a_404(app, client, everyone, number):
    rules = int_rules(app)
    assert len(rules) >= 12
    for rule in rules:
        path = fill(rule, {"int": number, "str": "X7"})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)


def test_a_control_character_in_a_path_part_is_a_404(app, client, everyone):
    rules = [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint != "static" and any(not isinstance(c, IntegerConverter) for c in r._converters.values())
    ]
    assert len(rules) >= 20
    for rule in rules:
        path = fill(rule, {"int": 1, "str": "X%00"})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)
