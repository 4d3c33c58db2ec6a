"""Permits: an application (with a 1-byte placeholder photo), the permit when approved (renewed where a fixed-term
one ran out), and yearly endorsements where the profile asks for them. Dates come from the policy engine
(anniversaries, endorsement windows) and webapp.permits.rules (the target date)."""

import hashlib
from datetime import date, timedelta

from webapp.permits import rules as permit_rules
from webapp.policy import engine
from webapp.policy.profiles import load_profiles
from webapp.synthetic.base import Base
from webapp.synthetic.decisions import Decided
from webapp.synthetic.distributions import PERMITS
from webapp.synthetic.writer import DIGITS, scrambled

PLACEHOLDER_PHOTO = b"\xff"  # one byte: a Permit needs a photo document
PLACEHOLDER_SHA256 = hashlib.sha256(PLACEHOLDER_PHOTO).hexdigest()


def permit_number(city_code: str, permit_id: int) -> str:
    """As webapp.permits.models.new_permit_number writes them (the city's 4 digits and 8 more), but the 8 are a
    one-to-one function of the id instead of random ones: the same seed gives the same numbers, and they never
    collide."""
    return city_code[:4] + scrambled(permit_id, 8, 41, DIGITS)


class Permits(Base):
    def permit(self, person_id, report_id, decided: Decided, home, start: date, until: date) -> dict | None:
        """An application from `start`, with a permit when approved by `until` (its latest renewal, for a
        fixed-term permit that was renewed). Returns the permit's row."""
        rng = self.rng
        county = self.comm_county[home]
        room = (until - start).days
        if room < 3:
            return None
        submitted_day = start + timedelta(days=min(room - 2, int(rng.expovariate(1 / 30))))
        decided_day = submitted_day + timedelta(days=rng.randint(1, 14))
        if decided_day > until:
            status = "submitted"
        else:
            status = "approved" if rng.random() < PERMITS["approve"] else rng.choice(("refused", "refused", "missing"))
        document_id = self.new_id("document")
        self.rows["document"].append(
            {
                "id": document_id,
                "person_id": person_id,
                "kind": "photo",
                "content_type": "image/jpeg",
                "size": len(PLACEHOLDER_PHOTO),
                "width": 1,
                "height": 1,
                "sha256": PLACEHOLDER_SHA256,
                "data": PLACEHOLDER_PHOTO,
                "uploaded_by_id": None,
                "created_at": self.at(submitted_day),
            }
        )
        months = decided.validity_months
        kind, issued = "new", decided_day
        if status == "approved" and months:
            # A fixed-term permit that ran out was mostly renewed: the current one is then the latest renewal.
            while engine.anniversary(issued, months // 12) <= until and rng.random() < PERMITS["renew"]:
                issued = engine.anniversary(issued, months // 12) - timedelta(days=rng.randint(0, 25))
                kind = "renewal"
            if kind == "renewal":
                submitted_day = issued - timedelta(days=rng.randint(1, 10))
        decided_by = (
            rng.choice(self.officers[(county, "public_security")]) if status in ("approved", "refused") else None
        )
        application_id = self.new_id("permit_application")
        documents = {"photo": document_id, "residence_proof": document_id, "employment_proof": document_id}
        self.rows["permit_application"].append(
            {
                "id": application_id,
                "person_id": person_id,
                "report_id": report_id,
                "county_id": county,
                "kind": kind,
                "permit_type": decided.permit_type,
                "validity_months": months,
                "profile_id": decided.profile_id,
                "status": status,
                "documents": documents,
                "missing": ["employment_or_study_proof"] if status == "missing" else [],
                "reason": {"refused": "不符合申领条件", "missing": "请补充材料"}.get(status, ""),
                "submitted_at": self.at(submitted_day),
                "target_date": permit_rules.target_date(submitted_day),
                "decided_at": self.at(issued) if decided_by else None,
                "decided_by_id": decided_by,
                "replaces_id": None,
            }
        )
        if status != "approved":
            return None
        permit_id = self.new_id("permit")
        permit = {
            "id": permit_id,
            "number": permit_number(self.comm_code[home], permit_id),
            "person_id": person_id,
            "application_id": application_id,
            "county_id": county,
            "permit_type": decided.permit_type,
            "profile_id": decided.profile_id,
            "photo_id": document_id,
            "issued_on": issued,
            "valid_until": engine.anniversary(issued, months // 12) - timedelta(days=1) if months else None,
            "revoked_on": None,
            "revoked_reason": "",
            "created_at": self.at(issued),
        }
        self.rows["permit"].append(permit)
        if months is None:
            self.endorsements(permit_id, decided.profile_id, issued, until)
        return permit

    def endorsements(self, permit_id: int, profile_id: str, issued: date, until: date) -> None:
        """Yearly endorsements: most in their window; a missed one lapses the permit, and none follow."""
        rng = self.rng
        profile = load_profiles()[profile_id]
        if profile.params["permit"]["scheme"] != "residence_and_condition":
            return
        year = 1
        while True:
            first, last = engine.endorsement_window(profile, issued, year)
            if first > until:
                return
            if last <= until:
                if rng.random() >= PERMITS["endorse"]:
                    return  # missed: the permit has lapsed
                closes = last
            else:  # the window is open: endorsed so far, or not yet
                closes = until
                if rng.random() >= 0.6 * ((until - first).days + 1) / ((last - first).days + 1):
                    return
            self.rows["endorsement"].append(
                {
                    "id": self.new_id("endorsement"),
                    "permit_id": permit_id,
                    "year": year,
                    "endorsed_on": first + timedelta(days=rng.randint(0, (closes - first).days)),
                }
            )
            year += 1
