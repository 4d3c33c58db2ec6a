"""The lists behind the place chooser (webapp/places/views.py): codes and names only, public, cached."""

import re

import pytest

from webapp.places.views import MAX_AGE


@pytest.fixture
def places(create_place):
    """Two cities with two counties each, and one township and community: {code: Place}."""
    made = [
        create_place("3703", "淄博市"),
        create_place("370303", "张店区"),
        create_place("370302", "淄川区"),
        create_place("370303001", "车站街道"),
        create_place("370303001001", "和平社区"),
        create_place("3303", "温州市"),
        create_place("330302", "鹿城区"),
        create_place("330303", "龙湾区"),
    ]
    return {place.code: place for place in made}


def test_the_children_of_a_place_in_code_order(client, places):
    response = client.get("/places/3303/children")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == [{"code": "330302", "name": "鹿城区"}, {"code": "330303", "name": "龙湾区"}]
    assert client.get("/places/3703/children").get_json() == [
        {"code": "370302", "name": "淄川区"},
        {"code": "370303", "name": "张店区"},
    ]
    assert client.get("/places/370303001/children").get_json() == [{"code": "370303001001", "name": "和平社区"}]
    assert client.get("/places/370303001001/children").get_json() == []  # a community has nothing below it


def test_an_unknown_code_is_not_found(client, places):
    assert client.get("/places/9999/children").status_code == 404
    assert client.get("/places/3303x/children").status_code == 404
    assert client.get("/places/hukou/99/children").status_code == 404
    assert client.get("/places/hukou/3703001/children").status_code == 404


def test_hukou_lists_come_from_every_division_of_china(client):
    provinces_children = client.get("/places/hukou/33/children").get_json()
    assert {"code": "3303", "name": "温州市"} in provinces_children
    assert all(set(item) == {"code", "name"} for item in provinces_children)
    counties = client.get("/places/hukou/4115/children").get_json()
    assert {"code": "411525", "name": "固始县"} in counties


def test_lists_are_public_and_cacheable_with_an_etag(client, places, create_account, sign_in):
    """Public on purpose: published statistical codes, the same for everybody; no cookie is set or needed."""
    response = client.get("/places/3303/children")
    assert response.status_code == 200  # signed out
    assert response.headers["Cache-Control"] == f"public, max-age={MAX_AGE}"
    assert MAX_AGE == 86400
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]+"', etag)
    assert "Set-Cookie" not in response.headers

    again = client.get("/places/3303/children", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    changed = client.get("/places/3703/children", headers={"If-None-Match": etag})
    assert changed.status_code == 200  # another list, another tag

    sign_in(create_account("migrant"))
    signed_in = client.get("/places/3303/children")
    assert signed_in.headers["ETag"] == etag and "Set-Cookie" not in signed_in.headers
    hukou = client.get("/places/hukou/33/children")
    assert hukou.headers["Cache-Control"] == f"public, max-age={MAX_AGE}" and hukou.headers["ETag"]


def test_lists_are_read_only(client, places):
    assert client.post("/places/3303/children").status_code == 405
    assert client.post("/places/hukou/33/children").status_code == 405


def test_the_chooser_points_its_script_at_the_right_lists(client, migrant, sign_in, community):
    sign_in(migrant)
    report = client.get("/reports/new").get_data(as_text=True)
    assert 'data-module="place-chooser"' in report and 'data-children-url="/places/CODE/children"' in report
    assert 'name="choose"' in report  # the way without JavaScript stays
    assert re.search(r'<div class="field" data-place-level hidden>\s*<label class="label" for="county-list">', report)
    profile = client.get("/me/profile").get_data(as_text=True)
    assert 'data-children-url="/places/hukou/CODE/children"' in profile


def test_a_staff_invitation_keeps_the_lists_to_the_administrators_area(client, places, create_account, sign_in):
    """The JSON lists are the whole hierarchy; the invitation's chooser tells the script the area to keep to."""
    sign_in(create_account("admin", place=places["370303"]))
    html = client.get("/staff/invite").get_data(as_text=True)
    assert 'data-within="370303"' in html
    report_form = client.get("/places/3703/children").get_json()
    assert {"code": "370302", "name": "淄川区"} in report_form  # the script leaves this one out on the invitation
