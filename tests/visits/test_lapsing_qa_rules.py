"""The coordinator's list of permits about to lapse, on the days a holiday moves the endorsement's last day.

The window to endorse (签注) a permit runs in the month before each anniversary of its issue (居住每满1年之日前1个月内)
up to the day before it; a last day on a rest day or public holiday moves to the next working day (民法典 art. 203,
`engine.endorsement_window`). Over the Spring Festival that is a week after the anniversary itself.

Worked by hand: a permit issued on Monday 17 February 2025 under zhejiang-2017 completes its first year on Tuesday
17 February 2026; the window's last day, Monday 16 February, is in the Spring Festival holiday (15-23 February 2026,
国办发明电〔2025〕7号), so it moves to Tuesday 24 February. On Friday 20 February the window is open and the holder
must still endorse by the 24th.
"""

from datetime import date

from tests.support import factories
from webapp.permits import rules
from webapp.visits import caseload

ISSUED = date(2025, 2, 17)
LAST_DAY = date(2026, 2, 24)


def test_a_window_moved_past_the_anniversary_by_the_spring_festival_is_still_listed(db, other_community):
    report = factories.create_reports(other_community, 1)[0]
    permit = factories.create_permit(report, profile="zhejiang-2017", issued=ISSUED, number="330300000001")
    for today in (date(2026, 2, 18), date(2026, 2, 20), LAST_DAY):
        state = rules.state_on(permit, today)
        assert (state.status, state.window[1]) == ("valid", LAST_DAY)
        listed = caseload.lapsing_permits([other_community.id], today)
        assert [(found.number, found.endorse, found.deadline) for found, _state in listed] == [
            ("330300000001", True, LAST_DAY)
        ], today
    # The day after the last day, the permit has lapsed: no longer "about to".
    assert rules.state_on(permit, date(2026, 2, 25)).status == "lapsed"
    assert caseload.lapsing_permits([other_community.id], date(2026, 2, 25)) == []


def test_a_window_whose_last_day_moves_past_new_year_is_listed_in_the_new_year(db, other_community):
    """Issued on Friday 2 January 2026: the year is complete on Saturday 2 January 2027, the last day (Friday
    1 January 2027, 元旦) moves to Monday 4 January 2027 (at the earliest: the 2027 notice may add days)."""
    report = factories.create_reports(other_community, 1)[0]
    permit = factories.create_permit(report, profile="zhejiang-2017", issued=date(2026, 1, 2), number="330300000002")
    last = rules.state_on(permit, date(2027, 1, 2)).window[1]
    assert last >= date(2027, 1, 4)
    listed = caseload.lapsing_permits([other_community.id], last)
    assert [found.deadline for found, _state in listed] == [last]
