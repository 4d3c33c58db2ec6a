"""Claims a landlord or an employer answers: tenancies in rentals (with landlord accounts) and employments (with
employers: a few large, many small, each with an HR account). Their answer deadlines are the policy engine's."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from stdnum.cn import uscc

from webapp.policy import engine
from webapp.policy.profiles import load_profiles
from webapp.rentals.models import address_key
from webapp.security.crypto import PHONE, blind_index
from webapp.synthetic.base import Base, local_day
from webapp.synthetic.distributions import CITY, EMPLOYERS, HISTORY_DAYS, LINKED_EMPLOYER, NAMES, Pick
from webapp.synthetic.places import rental_address
from webapp.synthetic.writer import DIGITS, scrambled


class Claims(Base):
    def deadline(self, rule: Callable, profile_id: str, created: datetime) -> date:
        """The engine's answer deadline for a claim made at `created` (landlord_report_deadline or
        employer_report_deadline), kept per profile and day: a run has a few profiles and 730 days."""
        day = local_day(created)
        key = (rule, profile_id, day)
        found = self.deadlines.get(key)
        if found is None:
            found = self.deadlines[key] = rule(load_profiles()[profile_id], day)
        return found

    def create_employers(self) -> None:
        """A few employers with hundreds of workers, many with a handful (Pareto sizes), each with an HR account."""
        rng = self.rng
        created = self.at(self.today - timedelta(days=HISTORY_DAYS + 30))
        brands, industries = EMPLOYERS["brands"], EMPLOYERS["industries"]
        self.employers: dict[str, Pick] = {}
        self.employer_info: dict[int, tuple[str, str, int]] = {}  # id -> name, USCC, HR account
        self.employer_home: dict[int, int] = {}  # id -> index of its community
        for city in self.cities:
            migrants = sum(c for c, k in zip(self.community_count, self.comm_city, strict=True) if k == city)
            wanted = max(3, round(migrants * 0.7 * LINKED_EMPLOYER / 15))
            ids, weights = [], []
            for _ in range(wanted):
                employer_id = self.new_id("employer")
                index = self.city_communities[city](rng)
                name = f"{CITY[city]['name']}{rng.choice(brands)}{rng.choice(brands)}{rng.choice(industries)}有限公司"
                body = "91" + self.comm_code[index][:6] + scrambled(employer_id, 9, 7, DIGITS)
                code = body + uscc.calc_check_digit(body)
                self.rows["employer"].append(
                    {
                        "id": employer_id,
                        "name": name,
                        "uscc": code,
                        "place_id": self.comm_id[index],
                        "created_at": created,
                    }
                )
                contact = self.account(self.name(rng.random() < 0.5), created, "employer")
                self.rows["employer_member"].append(
                    {"id": self.new_id("employer_member"), "employer_id": employer_id, "account_id": contact}
                )
                self.employer_info[employer_id] = (name, code, contact)
                self.employer_home[employer_id] = index
                ids.append(employer_id)
                weights.append(min(rng.paretovariate(1.3), 400.0))
            self.employers[city] = Pick(ids, weights)
        self.create_vacancies()
        self.flush()

    def tenancy(
        self, person_id: int, home: int, arrival: date, created: datetime, profile_id: str
    ) -> tuple[dict, int, dict]:
        """A tenancy in a rental of the community (now and then a new one, with a new landlord or not)."""
        rng = self.rng
        city = self.comm_city[home]
        rentals = self.properties.setdefault(home, [])
        if not rentals or rng.random() < 0.3:
            landlords = self.landlords.setdefault(home, [])
            if not landlords or rng.random() < 0.6:
                landlords.append(self.account(self.name(rng.random() < 0.5), created, "landlord"))
            landlord = landlords[-1] if rng.random() < 0.7 else rng.choice(landlords)
            property_id = self.new_id("rental_property")
            address = rental_address(property_id, city)
            # One rental per landlord and address (a unique index): an address the landlord has already goes to another.
            seen = hash((landlord, home, *address.values()))
            if seen in self.rental_addresses:
                landlords.append(self.account(self.name(rng.random() < 0.5), created, "landlord"))
                landlord, seen = landlords[-1], hash((landlords[-1], home, *address.values()))
            self.rental_addresses.add(seen)
            phone = "1" + NAMES["mobile_prefixes"][landlord % 16] + scrambled(landlord, 8, 13, DIGITS)
            self.rows["rental_property"].append(
                {
                    "id": property_id,
                    "landlord_id": landlord,
                    "code": scrambled(property_id, 8, 307),
                    "place_id": self.comm_id[home],
                    **address,
                    "address_key": address_key(**address),
                    # Encrypted by the column's type on insert; the blind index given here.
                    "landlord_phone": phone,
                    "landlord_phone_index": blind_index(PHONE, phone),
                    "created_at": created,
                }
            )
            rental = (property_id, landlord)
            rentals.append(rental)
        else:
            rental = rng.choice(rentals)
        property_id, landlord = rental
        row = {
            "id": self.new_id("tenancy"),
            "person_id": person_id,
            "property_id": property_id,
            "room_id": None,
            "started_on": arrival,
            "ended_on": None,
            "ended_reported_at": None,
            "status": "pending",
            "answer_reason": "",
            "answered_at": None,
            "answer_due": self.deadline(engine.landlord_report_deadline, profile_id, created),
            "created_at": created,
        }
        self.rows["tenancy"].append(row)
        return row, landlord, rental_address(property_id, city)

    def employment(
        self, person_id: int, city: str, arrival: date, created: datetime, profile_id: str
    ) -> tuple[dict, int | None]:
        """A job: with an employer in Xinju (returns its HR account, who answers), or a name only ("unlinked")."""
        rng = self.rng
        if rng.random() < LINKED_EMPLOYER:
            employer_id = self.employers[city](rng)
            name, code, contact = self.employer_info[employer_id]
            code = code if rng.random() < 0.5 else None
        else:
            employer_id, code, contact = None, None, None
            brands = EMPLOYERS["brands"]
            name = rng.choice(brands) + rng.choice(brands) + rng.choice(EMPLOYERS["industries"])
            name += rng.choice(EMPLOYERS["small_businesses"])
        row = {
            "id": self.new_id("employment"),
            "person_id": person_id,
            "employer_id": employer_id,
            "employer_name": name,
            "employer_uscc": code,
            "started_on": arrival,
            "ended_on": None,
            "source": "employer" if contact and rng.random() < 0.15 else "migrant",
            "status": "pending" if contact else "unlinked",
            "answer_reason": "",
            "answered_at": None,
            "answer_due": self.deadline(engine.employer_report_deadline, profile_id, created) if contact else None,
            "created_at": created,
        }
        self.rows["employment"].append(row)
        return row, contact
