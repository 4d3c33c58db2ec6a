"""The coordinator's visit page: the warning that the person sees the look is the hint of the reasons' group, tied
to it (aria-describedby), so that a screen reader going from field to field reads it with the choices."""

import re


def test_the_warning_is_read_with_the_reasons_to_show_the_id_number(client, reports, coordinator, sign_in):
    sign_in(coordinator)
    html = client.get(f"/coordinator/visits/{reports[0].receipt}?lang=en").get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="([^"]+)">The person will see that you looked and why.</p>', html)
    assert hint, "the warning is not a hint of its own"
    group = rf'<fieldset class="fieldset" aria-describedby="{hint.group(1)}">\s*<legend[^>]*>([^<]+)'
    fieldset = re.search(group, html)
    assert fieldset and fieldset.group(1) == "Why do you need the whole ID number?"
    assert html.count("The person will see that you looked and why.") == 1

    html = client.get(f"/coordinator/visits/{reports[0].receipt}?lang=zh").get_data(as_text=True)
    assert "The person will see" not in html and "Why do you need" not in html
