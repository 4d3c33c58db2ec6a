"""QA (account deletion): 0028 makes employer_member.account_id unique; an account a race had joined to two
organisations keeps the one it joined first."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from webapp.employers.models import Employer, EmployerMember
from webapp.extensions import db as _db


def test_an_account_in_two_organisations_keeps_the_first_and_a_second_is_refused(app, db, create_account):
    account = create_account("employer", display_name="陈静")
    colleague = create_account("employer", display_name="刘洋")
    downgrade(revision="0027_colleague_links")
    try:
        with _db.engine.begin() as connection:
            ids = [
                connection.execute(
                    sa.insert(Employer.__table__).values(name=name, uscc=uscc).returning(Employer.__table__.c.id)
                ).scalar_one()
                for name, uscc in (("淄博纺织有限公司", "91370303MA3C5QW1PF"), ("淄博鞋业有限公司", None))
            ]
            for employer_id, account_id in ((ids[0], account.id), (ids[1], account.id), (ids[1], colleague.id)):
                connection.execute(
                    sa.insert(EmployerMember.__table__).values(employer_id=employer_id, account_id=account_id)
                )
    finally:
        upgrade()
    with _db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT employer_id, account_id FROM employer_member ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(ids[0], account.id), (ids[1], colleague.id)]
    with pytest.raises(sa.exc.IntegrityError), _db.engine.begin() as connection:
        connection.execute(sa.insert(EmployerMember.__table__).values(employer_id=ids[1], account_id=account.id))
