"""The duty notice of an employer's and a landlord's home page, read in Chinese: no space after the full-width
colon (a space there shows as a gap in the middle of the sentence)."""

import pytest


@pytest.fixture
def employer_account(create_account, create_employer, community, db):
    account = create_account("employer", display_name="陈静")
    create_employer(account).place = community
    db.session.commit()
    return account


def test_no_space_after_the_full_width_colon_of_the_duty(client, db, employer_account, landlord, sign_in):
    sign_in(employer_account)
    assert "您的义务：</strong>在3个工作日内" in client.get("/employer?lang=zh").get_data(as_text=True)
    sign_in(landlord)
    assert "您的义务：</strong>在3个工作日内" in client.get("/landlord?lang=zh").get_data(as_text=True)
    assert "Your duty: </strong>confirm" in client.get("/landlord?lang=en").get_data(as_text=True)
