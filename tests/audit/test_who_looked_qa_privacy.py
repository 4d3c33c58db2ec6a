"""Who has looked, when the one who looked has since deleted their own account: the line still reads as words in
the person's language (a role, and that the account is gone), never an empty name."""

import html as html_lib
import re

from webapp import clock
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy


def who_looked(client, sign_in, account, lang="en") -> list[str]:
    sign_in(account)
    page = client.get("/account", headers={"Accept-Language": lang}).get_data(as_text=True)
    section = page.split('id="who-looked"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>[^<]*</td><td>(.*?)</td></tr>", section, flags=re.S)
    return [html_lib.unescape(cell).strip() for cell in cells]


def test_a_landlord_who_deleted_their_account_is_still_named_by_role(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    assert db.session.scalar(db.select(ResidenceReport)) is not None
    sign_in(landlord)
    assert client.get(f"/landlord/tenancies/{tenancy.id}").status_code == 200
    sign_in(landlord)
    # A landlord deletes their account once no tenant lives at their rentals: the tenant has moved out.
    left = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": clock.today().isoformat()})
    assert left.status_code == 302
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302

    assert who_looked(client, sign_in, migrant) == [
        "Your landlord (account since deleted) looked at your tenancy details. "
        "Reason: confirming that you live in their rental"
    ]
    assert who_looked(client, sign_in, migrant, "zh") == [
        "房东（账户已删除）查看了您的租住信息。原因：确认您住在他们的出租房里"
    ]
