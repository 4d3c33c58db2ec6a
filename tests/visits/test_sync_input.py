"""Bad input to the sync endpoint (issue 13, point 5): never a 500, a 400 with a clear message for a body that cannot
be read, and each bad visit refused on its own, with the reason, while the rest of the batch is stored. Run on SQLite
and PostgreSQL (where a NUL byte in one visit used to fail the whole batch, which the device then sent for ever)."""

import json

import pytest

from tests.visits.test_visits import SYNC_HEADERS, visit_payload
from webapp.visits.models import Visit


def post_raw(client, body: str | bytes, **headers):
    return client.post(
        "/coordinator/sync",
        data=body,
        headers={**SYNC_HEADERS, "Content-Type": "application/json", **headers},
    )


def stored(db) -> int:
    return db.session.scalar(db.select(db.func.count(Visit.id)))


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ('"visits"', "invalid"),  # a JSON string, not an object
        ("[" * 100_000 + "]" * 100_000, "not_json"),  # nested 100,000 deep
        ('{"visits": ' + "[" * 50 + "]" * 50 + "}", "too_deep"),
        ('{"visits": "all of them"}', "invalid"),
        ("{}", "invalid"),
        ('{"visits": [], "more": 1}', "invalid"),
        ("{not json", "not_json"),
        (b'{"visits": [\xff]}', "not_json"),  # not UTF-8
        ('{"visits": [{"location": {"accuracy": Infinity}}]}', "not_json"),  # JSON has no Infinity
        ('{"visits": [{"location": {"accuracy": NaN}}]}', "not_json"),
        ('{"visits": [{"location": {"accuracy": 1e999}}]}', "not_json"),  # a number no float holds
    ],
    ids=["string", "deep", "nested", "visits-string", "empty", "extra", "broken", "utf8", "infinity", "nan", "1e999"],
)
def test_a_body_that_cannot_be_read_is_a_400_with_a_message(client, db, reports, coordinator, sign_in, body, error):
    sign_in(coordinator)
    response = post_raw(client, body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == error and len(data["message"]) > 10
    assert stored(db) == 0


def test_too_many_visits_in_one_request_is_refused_whole(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    visits = [visit_payload(reports[0], client_id=f"device-visit-{i:04d}") for i in range(101)]
    response = sync(*visits)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid" and "100" in response.get_json()["message"]
    assert stored(db) == 0


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(client, db, reports, coordinator, sign_in):
    sign_in(coordinator)
    response = post_raw(client, json.dumps({"visits": [], "padding": "x" * 3_000_000}))
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"


GOOD_ID = "good-visit-00001"


@pytest.mark.parametrize(
    "change",
    [
        {"seen_version": 2**63},
        {"seen_version": 2**31},
        {"seen_version": -1},
        {"seen_version": 1.5},
        {"seen_version": True},
        {"recorded_at": "0001-01-01T00:00:00+01:00"},  # one hour before the first instant Python can hold
        {"recorded_at": "9999-12-31T23:59:59-01:00"},
        {"recorded_at": "2026-07-14T10:00:00+99:00"},
        {"recorded_at": "2026-02-30T10:00:00Z"},
        {"recorded_at": "２０２６-07-14T10:00:00Z"},  # fullwidth digits
        {"recorded_at": 1784000000},
        {"client_id": "device-visit-0001\n"},  # a trailing newline
        {"client_id": "device visit 0001"},
        {"client_id": 12345678},
        {"receipt": "ABCDE\x0012345"},
        {"receipt": "A" * 1000},
        {"notes": "敲门没人\x00"},  # a NUL byte: PostgreSQL refuses it in text
        {"notes": "\ud800"},  # a lone surrogate: not text at all
        {"notes": "x" * 1001},
        {"notes": "rtl \u202e override"},
        {"corrections": {"room": "30\x1b3"}},
        {"corrections": {"room": "1\n2"}},
        {"corrections": {"road": "路" * 61}},
        {"corrections": {"room": 303}},
        {"seen": {"road": "x" * 1_000_000}},  # 1 MB of "seen" data
        {"seen": {"anything": "else"}},
        {"seen": {"road": {"deep": [1, 2, 3]}}},
        {"location": {"latitude": 36.8, "longitude": 118.0, "accuracy": 10**400}},
        {"location": {"latitude": 36.8, "longitude": 118.0, "accuracy": -1}},
        {"location": {"latitude": 36.8, "longitude": 118.0}},
        {"location": {"latitude": "36.8", "longitude": 118.0, "accuracy": 5}},
        {"location": [36.8, 118.0]},
        {"extra": "field"},
    ],
)
def test_a_bad_visit_is_refused_alone_and_the_rest_of_the_batch_is_stored(
    client, db, reports, coordinator, sign_in, change
):
    sign_in(coordinator)
    bad = {**visit_payload(reports[0]), **change}
    good = visit_payload(reports[0], client_id=GOOD_ID)
    body = json.dumps({"visits": [bad, good]}, ensure_ascii=True)
    response = post_raw(client, body)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[0]["status"] == "refused" and results[0]["error"] in ("malformed", "bad_time")
    assert len(results[0]["message"]) > 10  # said, in words, to the coordinator
    assert results[1] == {"client_id": GOOD_ID, "status": "stored"}
    assert [v.client_id for v in db.session.scalars(db.select(Visit))] == [GOOD_ID]


def test_the_message_names_the_field_in_the_coordinators_language(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    [english] = sync(visit_payload(reports[0], notes="a\x00b")).get_json()["results"]
    assert english["message"] == "Notes: contains characters that are not allowed"
    client.set_cookie("lang", "zh")
    [chinese] = sync(visit_payload(reports[0], notes="x" * 1001)).get_json()["results"]
    assert chinese["message"].startswith("备注") and "1000" in chinese["message"]


def test_a_visit_that_is_not_an_object_is_refused_alone(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    results = sync("a string", None, [1, 2], visit_payload(reports[0], client_id=GOOD_ID)).get_json()["results"]
    assert [r["status"] for r in results] == ["refused", "refused", "refused", "stored"]
    assert [r["client_id"] for r in results] == [None, None, None, GOOD_ID]


@pytest.mark.parametrize(
    ("change", "field_id"),
    [
        ({"notes": "右到左 \u202e 覆盖"}, "notes"),  # a right-to-left override (a NUL is the form's own check)
        ({"seen_version": "99999999999999999999"}, "outcome"),
        ({"seen_version": "one"}, "outcome"),
    ],
)
def test_a_refused_visit_on_the_form_never_says_visit_recorded(
    client, db, reports, coordinator, sign_in, post_form, change, field_id
):
    from tests.support.forms import errors_shown

    sign_in(coordinator)
    receipt = reports[0].receipt
    data = {"outcome": "confirmed", "seen_version": "1", "client_id": "form-visit-00001", **change}
    response = post_form(f"/coordinator/visits/{receipt}", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Visit recorded" not in html
    assert errors_shown(html, field_id, "")
    assert stored(db) == 0
