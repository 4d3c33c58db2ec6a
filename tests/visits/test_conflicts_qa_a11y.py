"""The conflicts page says which rows changed in words, not by their yellow background alone (WCAG 1.4.1)."""

import re

from tests.visits.test_field_account import conflict_on_an_ended_report


def row_headers(html: str) -> dict[str, str]:
    """Each row's header text by row, in the conflict's table."""
    found = re.findall(r'<tr( class="row--changed")?>\s*<th scope="row">(.*?)</th>', html, re.S)
    return {re.sub(r"<[^>]+>", "", header).split(" ")[0]: (changed, header) for changed, header in found}


def test_a_changed_row_says_so_in_words(client, db, reports, coordinator, sign_in, sync):
    conflict_on_an_ended_report(client, db, reports, coordinator, sign_in, sync)
    html = client.get("/coordinator/conflicts?lang=en").get_data(as_text=True)
    rows = row_headers(html)
    changed, header = rows["Status"]
    assert changed and header == 'Status <span class="tag">This changed</span>'
    # The words go with the colour, row by row.
    assert len(rows) == 7
    assert all(bool(colour) == ("This changed" in header) for colour, header in rows.values()), rows

    html = client.get("/coordinator/conflicts?lang=zh").get_data(as_text=True)
    assert '<span class="tag">有变化</span>' in html
