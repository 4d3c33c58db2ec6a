"""The load test's world (scripts/loadtest.py): what `make loadtest` syncs visits against."""


def test_the_load_tests_world_is_a_community_of_open_reports(db):
    """`make loadtest` builds its world with scripts/loadtest.populate: coordinators of one community and reports
    sent there, each awaiting a visit (a report made without its status stopped the load test at its start)."""
    from scripts.loadtest import populate
    from webapp.accounts.models import Account, RoleGrant
    from webapp.people.models import Person
    from webapp.places.models import Place
    from webapp.registrations.models import ResidenceReport

    coordinators, receipts = populate(3, 12, Account, RoleGrant, Person, Place, ResidenceReport)
    reports = db.session.scalars(db.select(ResidenceReport)).all()
    assert len(coordinators) == 3 and sorted(receipts) == sorted(r.receipt for r in reports)
    assert {r.status for r in reports} == {"submitted"} and all(r.events for r in reports)
