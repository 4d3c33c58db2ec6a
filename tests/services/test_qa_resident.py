"""Asking for a service with odd input: every value the page does not offer is explained next to its field, in
the person's language, and nothing is sent."""

import io

import pytest

from tests.support.factories import jpeg
from webapp.documents.models import Document
from webapp.services.models import ServiceRequest


@pytest.fixture
def unregistered(migrant, sign_in, community):
    """A migrant without a residence report: asked which county should answer."""
    sign_in(migrant)
    return migrant


@pytest.mark.parametrize("county", ["99999999999999999999999", "-1", "abc"])
def test_a_county_no_list_offers_is_asked_again(client, db, unregistered, post_form, county):
    response = post_form("/me/services/legal_aid/ask", {"details": "工资被拖欠", "county": county})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="county-error"' in html
    assert db.session.scalar(db.select(ServiceRequest)) is None


@pytest.mark.parametrize(
    ("lang", "message"), [("en", "Choose only from the options shown"), ("zh", "请只从列出的选项中选择")]
)
def test_a_document_that_is_not_a_number_is_explained_in_the_persons_language(
    client, db, unregistered, community, post_form, lang, message
):
    county = community.parent.parent
    first = post_form(
        "/me/services/legal_aid/ask",
        {"details": "工资被拖欠", "county": str(county.id), "upload_id_card": (io.BytesIO(jpeg()), "id.jpg")},
        content_type="multipart/form-data",
    )
    assert first.status_code == 302 and db.session.scalar(db.select(Document))  # a document she can attach again
    client.set_cookie("lang", lang)
    response = post_form(
        "/me/services/legal_aid/ask", {"details": "工资被拖欠", "county": str(county.id), "documents": "abc"}
    )
    html = response.get_data(as_text=True)
    assert 'id="documents-error"' in html and message in html
    assert "could not be coerced" not in html
    assert len(db.session.scalars(db.select(ServiceRequest)).all()) == 1  # only the first
