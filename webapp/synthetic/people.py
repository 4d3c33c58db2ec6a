"""People: migrants' names, phones and unique valid ID numbers; accounts and role grants; the staff (coordinators
per township, officers per county and department)."""

import hashlib
from datetime import date, datetime, timedelta

from sqlalchemy import select
from stdnum.cn import ric

from webapp.people.models import Person
from webapp.people.reference import mask_id_number
from webapp.privacy.notice import NOTICE_VERSION
from webapp.security.crypto import ID_NUMBER, PHONE, blind_index
from webapp.services.catalogue import DEPARTMENTS
from webapp.synthetic.base import Base
from webapp.synthetic.distributions import COORDINATOR_LOAD, HISTORY_DAYS, NAMES
from webapp.synthetic.writer import scrambled


class People(Base):
    def name(self, male: bool) -> str:
        rng = self.rng
        given = NAMES["male_given"] if male else NAMES["female_given"]
        surname = self.surname(rng)
        return surname + rng.choice(given) + (rng.choice(given) if rng.random() < 0.7 else "")

    def phone(self) -> str:
        return "1" + self.rng.choice(NAMES["mobile_prefixes"]) + f"{self.rng.randrange(10**8):08d}"

    def account(self, display_name: str, created: datetime, role: str | None, place_id=None, department=None) -> int:
        account_id = self.new_id("account")
        self.rows["account"].append(
            {
                "id": account_id,
                "reference": scrambled(account_id, 8, 101),
                "display_name": display_name,
                "user_handle": hashlib.sha256(b"xinju-synthetic-account:%d" % account_id).digest(),
                "locale": None,
                "created_at": created,
                "deactivated_at": None,
            }
        )
        if role:
            self.grant(account_id, role, created, place_id, department)
        return account_id

    def grant(self, account_id: int, role: str, created: datetime, place_id=None, department=None) -> None:
        self.rows["role_grant"].append(
            {
                "id": self.new_id("role_grant"),
                "account_id": account_id,
                "role": role,
                "place_id": place_id,
                "department": department,
                "granted_by_id": None,
                "created_at": created,
            }
        )

    def existing_id_buckets(self) -> dict[tuple[str, int], int]:
        """People already in the table, per (county, birth year): new ID numbers take the places after theirs. The
        numbers are encrypted: read (decrypted) and counted here."""
        buckets: dict[tuple[str, int], int] = {}
        for (number,) in self.conn.execute(select(Person.id_number).where(Person.id_number.is_not(None))):
            if number[6:10].isdigit():
                key = (number[:6], int(number[6:10]))
                buckets[key] = buckets.get(key, 0) + 1
        self.conn.commit()
        return buckets

    def id_number(self, county: str, year: int, male: bool) -> tuple[str, date]:
        """A unique ID number and its birth date, for a person from `county` born in `year`.

        The n-th person of a (county, year) gets the day of the year and the sequence number from n, one to one
        (n below 182,500): numbers never repeat, and no set of used numbers is kept."""
        key = (county, year)
        n = self.id_buckets.get(key, 0)
        self.id_buckets[key] = n + 1
        if n >= 365 * 500:
            raise RuntimeError(f"more than {365 * 500} people from {county} born in {year}")
        spread = int(county) * 31 + year
        day_of_year = (n * 149 + spread) % 365  # 149 is coprime with 365
        sequence = ((n // 365) * 37 + spread) % 500 * 2 + (1 if male else 0)  # the last digit odd for men
        birth = date(year, 1, 1) + timedelta(days=day_of_year)
        body = f"{county}{birth:%Y%m%d}{sequence:03d}"
        # python-stdnum computes the check digit of a whole number: its last character (here a placeholder) is skipped.
        return body + ric.calc_check_digit(body + "?"), birth

    def create_staff(self) -> None:
        rng = self.rng
        start = self.at(self.today - timedelta(days=HISTORY_DAYS + 60))
        # Coordinators: per township, one per 400-700 of its migrants. Each takes the next communities in code order
        # up to its share of the migrants; a community across a cut is shared.
        townships: dict[int, list[int]] = {}
        for index, township in enumerate(self.comm_township):
            townships.setdefault(township, []).append(index)
        self.comm_coordinators: list[list[int]] = [[] for _ in self.comm_id]
        #: Coordinators who consented to keep their position with a visit (webapp/privacy): only theirs have one.
        self.shares_location: set[int] = set()
        for township in sorted(townships, key=lambda t: self.township_code[t]):
            members = townships[township]
            migrants = sum(self.community_count[i] for i in members)
            if migrants == 0:
                continue
            wanted = max(1, round(migrants / rng.uniform(*COORDINATOR_LOAD)))
            share = migrants / wanted
            accounts = [self.account(self.name(rng.random() < 0.4), start, None) for _ in range(wanted)]
            for account_id in accounts:
                if account_id % 5 < 3:  # 3 in 5 (by id: no draw, so the rest of the data stays as it was)
                    self.location_consent(account_id, start)
            seen = 0
            for index in members:
                count = self.community_count[index]
                first = min(wanted - 1, int(seen / share))
                last = min(wanted - 1, int((seen + max(count, 1) - 1) / share))
                for k in range(first, last + 1):
                    self.comm_coordinators[index].append(accounts[k])
                    self.grant(accounts[k], "coordinator", start, place_id=self.comm_id[index])
                seen += count
        # Officers: in every county, one per department and a second for public security (permits).
        self.officers: dict[tuple[int, str], list[int]] = {}
        for county in self.counties:
            for department in (*DEPARTMENTS, "public_security"):
                officer = self.account(self.name(rng.random() < 0.5), start, "officer", county, department)
                self.officers.setdefault((county, department), []).append(officer)
        self.flush()

    def location_consent(self, account_id: int, given: datetime) -> None:
        """The coordinator's separate consent to keep their position with the visits they record (given on their
        first day, under the current notice), as visits/record.py requires before it keeps one."""
        self.rows["privacy_consent"].append(
            {
                "id": self.new_id("privacy_consent"),
                "account_id": account_id,
                "person_id": None,
                "item": "visit_location",
                "notice_version": NOTICE_VERSION,
                "given_at": given,
                "withdrawn_at": None,
            }
        )
        self.shares_location.add(account_id)

    def person(self, city: str, arrival: date, first_day: date) -> tuple[tuple[int, date, str], datetime]:
        """A migrant from another province, first known on `first_day`: ((id, birth date, hukou county), when)."""
        rng = self.rng
        male = rng.random() < 0.56
        age = 16 + int(rng.betavariate(2.0, 3.5) * 50) if rng.random() < 0.98 else rng.randint(66, 74)
        hukou = self.hukou[city](rng)
        id_number, birth = self.id_number(hukou, arrival.year - age, male)
        phone = self.phone()
        person_id = self.new_id("person")
        created = self.at(first_day)
        self.rows["person"].append(
            {
                "id": person_id,
                "account_id": None,
                "name": self.name(male),
                "sex": "male" if male else "female",
                "ethnicity": "01" if rng.random() < NAMES["han"] else rng.choice(NAMES["other_ethnicities"]),
                "birth_date": birth,
                # Core inserts encrypt through the columns' type; the blind indexes are given here.
                "id_number": id_number,
                "id_number_index": blind_index(ID_NUMBER, id_number),
                "id_number_masked": mask_id_number(id_number),
                "phone": phone,
                "phone_index": blind_index(PHONE, phone),
                "hukou_county_code": hukou,
                "household_of_id": None,
                "relation": "self",
                "created_at": created,
                "updated_at": created,
            }
        )
        return (person_id, birth, hukou), created
