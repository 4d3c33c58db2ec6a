"""One migrant's story: a first report (two after a move or a new job; ended after leaving) with its tenancy and
employment, report events, a coordinator's visit for verified reports, a permit for most current reports that can
have one, and now and then a service request (its target date as webapp.services counts it)."""

from datetime import datetime, timedelta

from webapp.policy.workdays import add_working_days
from webapp.registrations.lifecycle import EventAction, ReportStatus
from webapp.services.statuses import RequestStatus as S
from webapp.synthetic.base import local_day
from webapp.synthetic.claims import Claims
from webapp.synthetic.distributions import CITY, EMPLOYED, FATES, HISTORY_DAYS, PERMITS, SERVICE_REQUESTS, STAY_PERIODS
from webapp.synthetic.people import People
from webapp.synthetic.permits import Permits
from webapp.synthetic.vacancies import Vacancies
from webapp.synthetic.writer import scrambled
from webapp.visits.models import Outcome


class Reports(Claims, Permits, People, Vacancies):
    def migrant(self, home: int) -> None:
        rng = self.rng
        city = self.comm_city[home]
        fate = rng.random()
        change = "move" if fate < FATES["move"] else "new_job" if fate < FATES["move"] + FATES["new_job"] else None
        leaves = change is None and fate < FATES["move"] + FATES["new_job"] + FATES["deregistered"]
        offset = self.offsets(rng)
        if (change or leaves) and offset < 60:
            offset = 60 + offset * 7 % (HISTORY_DAYS - 60)
        first_day = self.today - timedelta(days=offset)
        late = rng.random() < FATES["late"]
        lag = rng.randint(4, 45) if late else rng.choice((0, 0, 0, 0, 1, 1, 1, 2, 2, 3))
        arrival = first_day - timedelta(days=lag)

        person, created = self.person(city, arrival, first_day)
        reason, intended, housing = self.reason(rng), self.intended(rng), self.housing[city](rng)
        employed = rng.random() < EMPLOYED.get(reason, 0.2)
        stay = (reason, intended, housing, employed)

        if change is None:
            if not leaves:
                self.report(person, home, arrival, created, late, stay)
                return
            left = first_day + timedelta(days=rng.randint(20, offset - 1))
            self.report(person, home, arrival, created, late, stay, ended=(left, "deregistered"))
            return
        # Two reports: the first ended by the change, the second current.
        second_late = rng.random() < FATES["late"]
        second_lag = rng.randint(15, 60) if second_late else rng.randint(0, 3)
        room = offset - 30 - second_lag
        if room < 1:
            second_late, second_lag, room = False, 0, offset - 30
        changed = first_day + timedelta(days=rng.randint(30, 29 + room))
        first_home = self.city_communities[city](rng) if change == "move" else home
        first = self.report(person, first_home, arrival, created, late, stay, ended=(changed, change))
        second_created = self.at(min(changed + timedelta(days=second_lag), self.yesterday))
        if change == "move":
            stay = (reason, intended, self.housing[city](rng), employed)
        else:
            stay = (reason, intended, housing, True)
        self.report(person, home, changed, second_created, second_late, stay, change=(change, first))

    def report(self, person, home, arrival, created, late, stay, *, ended=None, change=None) -> dict:
        """A residence report with its tenancy and employment, events, visit, permit and service requests.

        `ended`: (day, why) for a report that has ended; `change`: (kind, previous report) for a move or new job."""
        rng = self.rng
        person_id, birth, hukou = person
        reason, intended, housing, employed = stay
        city = self.comm_city[home]
        kind, previous = change or ("initial", None)
        decided = self.decisions.decide(
            self.comm_code[home], arrival, local_day(created), intended, reason, housing, birth, hukou
        )
        report_id = self.new_id("residence_report")
        status = ReportStatus(ReportStatus.ENDED if ended else self.status(rng))

        # Claims: a new tenancy and a new job, unless carried over from the previous report.
        claims = []  # (party, claim row, the account that answers it)
        tenancy = employment = None
        if kind == "new_job":
            tenancy_id = previous["tenancy_id"]
        elif housing == "rental":
            tenancy, landlord, address = self.tenancy(person_id, home, arrival, created, decided.profile_id)
            tenancy_id = tenancy["id"]
            claims.append(("landlord", tenancy, landlord))
        else:
            tenancy_id = None
        if kind == "move":
            employment_id = previous["employment_id"]
        elif employed:
            employment, contact = self.employment(person_id, city, arrival, created, decided.profile_id)
            employment_id = employment["id"]
            if contact is not None:
                claims.append(("employer", employment, contact))
        else:
            employment_id = None
        if status == ReportStatus.CONFIRMED and not claims:
            status = ReportStatus.VERIFIED  # nothing for a landlord or employer to confirm: a coordinator verified it
        if tenancy is None:
            if kind == "new_job":
                address = {k: previous[k] for k in ("road", "number", "building", "unit")}
            else:
                address = {
                    "road": rng.choice(CITY[city]["roads"]),
                    "number": f"{rng.randint(1, 399)}号",
                    "building": f"{rng.randint(1, 30)}栋",
                    "unit": f"{rng.randint(1, 4)}单元",
                }

        every_field = ["address", "room", "housing", "arrival", "stay", "workplace"]
        events = [(created, None, "migrant", EventAction.SUBMITTED.value, every_field, "")]
        version, last = 1, created
        answered = {
            ReportStatus.CONFIRMED: 1.0,
            ReportStatus.VERIFIED: 0.8,
            ReportStatus.ENDED: 0.8,
            ReportStatus.SUBMITTED: 0.0,
        }[status]
        for party, claim, actor in claims:
            if rng.random() < answered:
                when = self.later(created, 5)
                claim["status"], claim["answered_at"] = "confirmed", when
                fields = ["address", "room", "housing"] if party == "landlord" else ["workplace"]
                events.append((when, actor, party, EventAction.CONFIRMED.value, fields, ""))
                version += 1
                last = max(last, when)
        if status == ReportStatus.VERIFIED:
            coordinator = rng.choice(self.comm_coordinators[home])
            recorded = self.later(last, 45)
            self.visit(report_id, city, coordinator, recorded, version)
            events.append((recorded, coordinator, "coordinator", EventAction.VERIFIED.value, every_field, ""))
            version += 1
            last = recorded
        ended_on, end_reason = ended or (None, None)
        if ended_on:
            when = self.at(ended_on)
            events.append((when, None, "migrant", EventAction.ENDED.value, [], end_reason))
            version += 1
            last = max(last, when)
            if tenancy is not None and end_reason != "new_job":
                tenancy["ended_on"] = ended_on
            if employment is not None and end_reason in ("new_job", "deregistered"):
                employment["ended_on"] = ended_on

        row = {
            "id": report_id,
            "receipt": scrambled(report_id, 10, 211),
            "person_id": person_id,
            "submitted_by_id": None,
            "kind": kind,
            "previous_id": previous["id"] if previous else None,
            "place_id": self.comm_id[home],
            **address,
            "room": f"{rng.randint(1, 18)}{rng.randint(1, 6):02d}",
            "housing_type": housing,
            "tenancy_id": tenancy_id,
            "employment_id": employment_id,
            "arrival_date": arrival,
            "stay_count": STAY_PERIODS[intended][0],
            "stay_unit": STAY_PERIODS[intended][1],
            "reason": reason,
            "commuter": False,
            "status": status.value,
            "status_reason": "",
            "changed_on": arrival if previous else None,
            "late": late,
            "ended_on": ended_on,
            "end_reason": end_reason,
            "profile_id": decided.profile_id,
            "decisions": decided.decisions,
            "version": version,
            "created_at": created,
            "updated_at": last,
        }
        self.rows["residence_report"].append(row)
        for at, actor, party, action, fields, why in events:
            self.rows["report_event"].append(
                {
                    "id": self.new_id("report_event"),
                    "report_id": report_id,
                    "at": at,
                    "actor_id": actor,
                    "party": party,
                    "action": action,
                    "fields": fields,
                    "reason": why,
                }
            )

        # A permit: on most reports whose decision allows one, once it does; revoked when the person left.
        permit_from = local_day(created) if decided.permit_outcome == "eligible" else decided.permit_from
        if end_reason == "deregistered":
            if (
                permit_from
                and permit_from <= ended_on - timedelta(days=30)
                and rng.random() < PERMITS["before_leaving"]
            ):
                permit = self.permit(person_id, report_id, decided, home, permit_from, ended_on - timedelta(days=1))
                if permit is not None:
                    permit["revoked_on"], permit["revoked_reason"] = ended_on, "deregistered"
        elif ended_on is None:
            if permit_from and permit_from <= self.today - timedelta(days=20) and rng.random() < PERMITS["apply"]:
                self.permit(person_id, report_id, decided, home, permit_from, self.yesterday)
            if rng.random() < SERVICE_REQUESTS:
                self.service_request(person_id, home, created)
        return row

    def visit(self, report_id: int, city: str, coordinator: int, recorded: datetime, seen_version: int) -> None:
        rng = self.rng
        visit_id = self.new_id("visit")
        # The phone shares a position most times; it is kept only for a coordinator who consented (webapp/privacy).
        shared = rng.random() < 0.9 and coordinator in self.shares_location
        lat, lon = CITY[city]["centre"]
        self.rows["visit"].append(
            {
                "id": visit_id,
                "client_id": f"synthetic-{visit_id:012d}",
                "coordinator_id": coordinator,
                "report_id": report_id,
                "outcome": Outcome.CONFIRMED.value,
                "corrections": {},
                "notes": "",
                "latitude": round(lat + rng.uniform(-0.2, 0.2), 5) if shared else None,
                "longitude": round(lon + rng.uniform(-0.2, 0.2), 5) if shared else None,
                "accuracy_m": round(rng.uniform(5, 80), 1) if shared else None,
                "recorded_at": recorded,
                "received_at": self.later(recorded, 2) if rng.random() < 0.3 else recorded,  # some sent offline
                "seen_version": seen_version,
                "server_version": seen_version,
                "conflict": False,
                "seen": {},
                "server": {},
                "state": "applied",
                "resolved_at": None,
                "resolved_by_id": None,
            }
        )

    def service_request(self, person_id: int, home: int, since: datetime) -> None:
        rng = self.rng
        code = self.service_pick(rng)
        service = self.catalogue[code]
        county = self.comm_county[home]
        created = self.later(since, max(1, (self.now - since).days))
        target = add_working_days(local_day(created), service.target_days)
        if target < self.today:  # past its target: mostly answered, some still open (overdue)
            status = rng.choices((S.COMPLETED, S.REFUSED, S.IN_PROGRESS, S.ACCEPTED, S.SUBMITTED), (70, 8, 10, 5, 7))[0]
        else:
            status = rng.choices((S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED), (40, 30, 25, 5))[0]
        request_id = self.new_id("service_request")
        handled = status != S.SUBMITTED
        self.rows["service_request"].append(
            {
                "id": request_id,
                "reference": scrambled(request_id, 8, 503),
                "person_id": person_id,
                "service_code": code,
                "department": service.department,
                "county_id": county,
                "details": "",
                "documents": [],
                "status": status.value,
                "reason": "不符合条件" if status == S.REFUSED else "",
                "target_date": target,
                "created_at": created,
                "updated_at": self.later(created, 20) if handled else created,
                "handled_by_id": rng.choice(self.officers[(county, service.department)]) if handled else None,
            }
        )
        self.referral(self.rows["service_request"][-1])
