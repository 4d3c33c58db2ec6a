"""Without JavaScript the place chooser's "Show the next list" button is the only way to refresh the lists after a
level changes: the HTML always shows it, whatever is chosen already (only the script hides it)."""

import re

import pytest

BUTTON = re.compile(r"<button[^>]*data-place-next[^>]*>")


def next_list_buttons(html: str) -> list[str]:
    buttons = BUTTON.findall(html)
    assert buttons, "no place chooser on the page"
    return buttons


def assert_shown(html: str) -> None:
    for button in next_list_buttons(html):
        assert 'name="choose"' in button
        assert "hidden" not in button, button


@pytest.mark.parametrize(
    "chosen",
    [
        {"city": "", "county": "", "township": "", "community": ""},  # nothing chosen yet
        {"county": "", "township": "", "community": ""},  # a city
        {"community": ""},  # down to the township
        {},  # every level, the community included
    ],
    ids=["nothing", "city", "township", "community"],
)
def test_the_button_is_there_in_every_state(client, migrant, sign_in, report_data, post_form, chosen):
    sign_in(migrant)
    html = post_form("/reports/new", {**report_data(**chosen), "choose": "1"}).get_data(as_text=True)
    assert_shown(html)


def test_the_button_is_there_on_an_empty_form(client, migrant, sign_in, community):
    sign_in(migrant)
    assert_shown(client.get("/reports/new").get_data(as_text=True))


def test_the_button_is_there_when_a_place_comes_back_with_an_error(client, migrant, sign_in, report_data, post_form):
    """A form sent back with its place chosen (as a draft comes back): the person may still change the city."""
    sign_in(migrant)
    response = post_form("/reports/new", report_data(road=""))
    html = response.get_data(as_text=True)
    assert "error-summary" in html and '<option selected value="370303001001">' in html
    assert_shown(html)


def test_the_button_is_there_on_a_prefilled_staff_invitation(client, create_place, create_account, sign_in):
    create_place("3703", "淄博市")
    county = create_place("370303", "张店区")
    sign_in(create_account("admin", place=county))
    html = client.get("/staff/invite").get_data(as_text=True)
    assert '<option selected value="370303">' in html
    assert_shown(html)


def test_the_list_a_step_showed_takes_the_focus_not_the_top_of_the_page(
    client, create_account, sign_in, post_form, community
):
    """Without JavaScript each step came back at the top of the page (the hukou chooser is at the bottom of the
    profile): the list the step showed has autofocus, in the chooser whose button was pressed, and only there."""
    sign_in(create_account("migrant"))  # no profile yet
    profile = {"name": "王芳", "sex": "female", "ethnicity": "01", "birth_date": "1995-05-17", "id_number": "",
               "phone": "", "hukou_province": "41", "hukou_city": "", "hukou_county": ""}  # fmt: skip
    html = post_form("/me/profile", {**profile, "choose": "hukou_province"}).get_data(as_text=True)
    assert re.findall(r"<select[^>]*autofocus[^>]*>", html) == [
        re.search(r'<select[^>]*id="hukou_city"[^>]*>', html).group(0)
    ]
    pressed_elsewhere = post_form("/me/profile", {**profile, "choose": "1"}).get_data(as_text=True)
    assert "autofocus" not in pressed_elsewhere
    assert 'name="choose" value="hukou_province"' in html
