"""The readable page of the copy of one's data (my-data.html in the ZIP): what my-data.json holds, in words.

`page(data, ...)` turns the JSON-ready dict of export.collect into sections with headings, each value under its
label, in the reader's language: codes through the label registry (webapp/labels.py) or the words the other pages
use, dates in words and times in China's time (webapp/i18n/formats.py), an ID number masked as every page shows
it. Nothing of the file is left out: each key of a record is either shown under its label, or said by another
value (an id by the name or number it stands for, a rule's codes by the decision's explanation). A key this module
does not know yet (a column added later) is still shown, under its own name, and named in `Page.unlabelled` so that
a test catches it.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp import labels
from webapp.extensions import db
from webapp.i18n import BRACKETS, HTML_LANG, NATIVE_NAMES, colon, formats, semicolon
from webapp.people.forms import SEXES
from webapp.people.reference import county_label, ethnic_group, mask_id_number
from webapp.places.address import address_line
from webapp.places.models import Place
from webapp.privacy.correction import FIELDS as CORRECTION_FIELDS
from webapp.privacy.correction import STATUS_LABELS as CORRECTION_STATUS
from webapp.privacy.notice import notice_words
from webapp.registrations.labels import correction_line, event_note, profile_name, stay_label
from webapp.registrations.lifecycle import EventAction
from webapp.registrations.models import receipt_display

#: Where a value is missing or empty.
NONE = "—"

SEX_WORDS = dict(SEXES)
REPORT_KINDS = {"initial": _l("First report"), "move": _l("Moved to a new address"), "new_job": _l("Changed job")}
PARTIES = {
    "migrant": _l("You"),
    "landlord": _l("Landlord"),
    "employer": _l("Employer"),
    "coordinator": _l("Coordinator"),
    "officer": _l("Service officer"),
    "system": _l("Xinju"),
}
#: What became of a visit on the report (a visit that arrived after the report changed is checked first).
VISIT_STATES = {
    "applied": _l("Recorded on your report"),
    "conflict": _l("Being checked: your report changed before the visit reached Xinju"),
    "kept": _l("Not recorded: your newer report was kept"),
    "applied_after_review": _l("Recorded on your report after a check"),
}
CLAIM_SOURCES = {"migrant": _l("You"), "employer": _l("The employer"), "visit": _l("A coordinator, at a visit")}
#: Why a permit stopped being valid (permits.service: the kind of application that replaced it, or leaving).
REVOKED_REASONS = {
    "renewal": _l("Replaced by a renewed permit"),
    "replacement": _l("Replaced by a new card"),
    "deregistered": _l("You left the county"),
}
CONSENT_PURPOSES = {"assisted_registration": _l("Registering you in person")}
CONSENT_METHODS = {"spoken": _l("By saying yes"), "signed": _l("On the paper form")}
FILE_TYPES = {
    "image/jpeg": _l("Photo (JPEG)"),
    "image/png": _l("Image (PNG)"),
    "image/webp": _l("Image (WebP)"),
    "application/pdf": _l("PDF document"),
}


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    empty: str = ""
    kind: str = "table"


@dataclass
class Details:
    """A labelled list (a <dl>) under its own heading, inside a record (one visit of a report)."""

    heading: str
    rows: list[tuple[str, str]]
    kind: str = "details"


@dataclass
class Bullets:
    heading: str
    items: list[str]
    kind: str = "bullets"


@dataclass
class Record:
    heading: str
    rows: list[tuple[str, str]]
    parts: list = field(default_factory=list)
    #: A document's file: (its path in the ZIP, whether it is an image to show).
    file: tuple[str, bool] | None = None


@dataclass
class Section:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)
    table: Table | None = None
    #: How many things it holds (shown after the heading), when it is a list.
    count: int | None = None
    empty: str = ""


@dataclass
class Page:
    lang: str
    made: str
    notice: str
    sections: list[Section]
    #: "section.key" of each value shown under its own name: a key this module has no words for yet.
    unlabelled: list[str]


# Values in words ------------------------------------------------------------------------------------------------


def _instant(value: str) -> datetime:
    """An ISO time of the file (UTC: "…Z" since December 2026, without a zone before) as the app's naive UTC."""
    found = datetime.fromisoformat(value)
    return found.astimezone(UTC).replace(tzinfo=None) if found.tzinfo else found


def when(value) -> str:
    """A stored time (ISO, UTC) in China's time, as the other pages write a short date and time."""
    if not value:
        return NONE
    try:
        moment = _instant(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    return formats.datetimeformat(moment, "short")


def moment(value) -> datetime | None:
    """A stored time (ISO, UTC) as a datetime; None when there is none or it cannot be read."""
    try:
        return _instant(value) if isinstance(value, str) else value
    except ValueError:
        return None


def day(value) -> str:
    """A stored date (ISO) in words: "14 July 2026" / "2026年7月14日"; a stored time as its day in China."""
    if not value:
        return NONE
    try:
        if isinstance(value, str):
            found = _instant(value) if "T" in value else date.fromisoformat(value)
        else:
            found = value
    except ValueError:
        return str(value)
    return formats.dateformat(found, "long")


def paren(main, inner) -> str:
    """ "Main (inner)" with the brackets of the page's language (plain text: the template escapes it)."""
    opening, closing = BRACKETS.get(str(get_locale()), BRACKETS["en"])
    return f"{main}{opening}{inner}{closing}"


def yes_no(value) -> str:
    if value is None:
        return NONE
    return _("Yes") if value else _("No")


def text(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return NONE
    return str(value)


def label(kind: str, code) -> str:
    if code in (None, ""):
        return NONE
    return labels.label(kind, code) or NONE


def words(table: dict, code) -> str:
    """A code through one of this module's tables (an unknown code reads as itself, as labels.label does)."""
    if code in (None, ""):
        return NONE
    found = table.get(code)
    return str(found) if found is not None else str(code)


def listed(values) -> str:
    values = [v for v in values if v]
    return formats.listing(values) if values else NONE


def place_name(place_id) -> str:
    """A place by its id, from the city down ("淄博市 张店区 车站街道 和平社区")."""
    place = db.session.get(Place, place_id) if place_id is not None else None
    return " ".join(p.name for p in place.lineage()) if place is not None else ""


def public_security_of(place_id) -> str:
    name = place_name(place_id)
    return _("Public security of %(county)s", county=name) if name else NONE


def id_masked(number) -> str:
    return mask_id_number(number) if number else NONE


def size_text(size) -> str:
    if size is None:
        return NONE
    if size < 1024:
        return ngettext("%(num)d byte", "%(num)d bytes", size)
    return _("%(kb)s KB", kb=formats.number(round(size / 1024, 1)))


def months(count) -> str:
    if count is None:
        return NONE
    return ngettext("%(num)d month", "%(num)d months", count)


# Records --------------------------------------------------------------------------------------------------------


class Fields:
    """One record of the file, read key by key: what is taken is shown (or said by another value); `left()` are the
    keys nobody took, shown under their own names."""

    def __init__(self, section: str, raw: dict, unlabelled: list[str]):
        self.section, self.raw, self.unlabelled = section, raw, unlabelled
        self.taken: set[str] = set()

    def __getitem__(self, key: str):
        self.taken.add(key)
        return self.raw.get(key)

    def said(self, *keys: str) -> None:
        """Keys said by another value (ids, codes explained by words shown elsewhere)."""
        self.taken.update(keys)

    def left(self) -> list[tuple[str, str]]:
        rows = []
        for key, value in self.raw.items():
            if key not in self.taken:
                self.unlabelled.append(f"{self.section}.{key}")
                rows.append((key.replace("_", " "), text(value if not isinstance(value, list | dict) else str(value))))
        return rows


class Reader:
    """Builds the sections of one file; knows its people, reports, permits and documents by id."""

    def __init__(self, data: dict, service_name):
        self.data = data
        self.service_name = service_name
        self.unlabelled: list[str] = []
        self.people = {p.get("id"): p for p in data.get("people") or []}
        self.reports = {r.get("id"): r for r in data.get("residence_reports") or []}
        self.permits = {p.get("id"): p for p in data.get("permits") or []}
        self.documents = {d.get("id"): d for d in data.get("documents") or []}
        self.requests = {r.get("id"): r for r in data.get("service_requests") or []}
        self.tenancies = {t.get("id"): t for t in data.get("tenancies") or []}
        self.employments = {e.get("id"): e for e in data.get("employments") or []}

    def fields(self, section: str, raw: dict) -> Fields:
        return Fields(section, raw, self.unlabelled)

    def record(self, f: Fields, heading: str, rows: list, parts=(), file=None) -> Record:
        return Record(heading, [(str(name), value) for name, value in rows] + f.left(), list(parts), file)

    def person(self, person_id) -> str:
        found = self.people.get(person_id)
        if found is None:
            return NONE
        return _("You") if found.get("is_you") else found.get("name") or NONE

    def report(self, report_id) -> str:
        found = self.reports.get(report_id)
        return receipt_display(found["receipt"]) if found and found.get("receipt") else NONE

    def document(self, document_id) -> str:
        found = self.documents.get(document_id)
        if found is None:
            return NONE
        return paren(labels.label("document", found.get("kind")), found.get("file") or NONE)

    # Sections -----------------------------------------------------------------------------------------------

    def account(self) -> Section:
        f = self.fields("account", self.data.get("account") or {})
        locale = f["locale"]
        passkeys = Table(
            _("Your passkeys"),
            [_("Passkey name"), _("Added"), _("Last used")],
            [],
            empty=_("No passkey."),
        )
        for key in f["passkeys"] or []:
            k = self.fields("passkeys", key)
            row = [text(k["name"]), when(k["created_at"]), when(k["last_used_at"])]
            row[0] += "".join(f" {value}" for _name, value in k.left())
            passkeys.rows.append(row)
        rows = [
            (_("Name on your account"), text(f["display_name"])),
            (_("Account reference"), text(f["reference"])),
            (_("Account made"), when(f["created_at"])),
            (_("Language"), str(NATIVE_NAMES.get(locale, locale)) if locale else _("Your browser's language")),
            (_("Roles"), listed(labels.label("role", r) for r in f["roles"] or [])),
        ]
        return Section("account", _("Your account"), [self.record(f, "", rows)], table=passkeys)

    def household(self) -> Section:
        records = []
        for raw in self.data.get("people") or []:
            f = self.fields("people", raw)
            f.said("id", "is_you", "household_of_id", "id_number_masked")  # who is who: said by the heading
            relation = "self" if f["is_you"] else f["relation"]
            group = ethnic_group(f["ethnicity"]) if f["ethnicity"] else None
            group_name = (group.name_zh if self.chinese else group.name_en) if group else text(f["ethnicity"])
            rows = [
                (_("Full name"), text(f["name"])),
                (_("On your household list as"), label("relation", f["relation"])),
                (_("Sex"), words(SEX_WORDS, f["sex"])),
                (_("Ethnic group"), group_name),
                (_("Date of birth"), day(f["birth_date"])),
                (_("ID number"), id_masked(f["id_number"])),
                (_("Mobile phone number"), text(f["phone"])),
                (_("Household registration (hukou)"), text(county_label(f["hukou_county_code"] or ""))),
                (_("Added"), when(f["created_at"])),
                (_("Last changed"), when(f["updated_at"])),
            ]
            heading = paren(f["name"] or NONE, labels.label("relation", relation))
            records.append(self.record(f, heading, rows))
        return Section("household", _("You and your household"), records, count=len(records), empty=_("Nothing."))

    def residence_reports(self) -> Section:
        records = []
        for raw in self.data.get("residence_reports") or []:
            f = self.fields("residence_reports", raw)
            f.said("id")
            previous = f["previous_id"]
            tenancy = self.tenancies.get(f["tenancy_id"])
            employment = self.employments.get(f["employment_id"])
            address = address_line(
                place_name(f["place_id"]), f["road"] or "", f["number"] or "", f["building"] or "",
                f["unit"] or "", f["room"] or "",
            )  # fmt: skip
            stay = SimpleNamespace(stay_count=f["stay_count"], stay_unit=f["stay_unit"])
            rows = [
                (_("Receipt number"), receipt_display(f["receipt"]) if f["receipt"] else NONE),
                (_("Person"), self.person(f["person_id"])),
                (_("Kind of report"), words(REPORT_KINDS, f["kind"])),
                (_("Follows residence report"), self.report(previous)) if previous else None,
                (_("Address"), address or NONE),
                (_("Kind of place"), label("housing", f["housing_type"])),
                (_("Landlord's answer"), self.claim_status(tenancy, landlord=True)) if tenancy else None,
                (_("Employer"), self.employer(employment)) if employment else None,
                (_("Arrived"), day(f["arrival_date"])),
                (_("Planned stay"), str(stay_label(stay))),
                (_("Why you are here"), label("report_reason", f["reason"])),
                (_("Only here to work, living at your hukou address"), yes_no(f["commuter"])),
                (_("Living in this city since"), day(f["resided_since"])),
                (_("Labour contract or business licence"), label("work_proof", f["work_proof"])),
                (_("Contract or licence since"), day(f["work_proof_since"])),
                (_("Months of social insurance here"), text(f["insurance_months"])),
                (_("Full-time study"), yes_no(f["full_time_study"])),
                (_("Written lease"), yes_no(f["written_lease"])),
                (_("Status"), label("report_status", f["status"])),
                (_("Reason given with the status"), text(f["status_reason"])),
                (_("Date of the change"), day(f["changed_on"])),
                (_("Reported late"), yes_no(f["late"])),
                (_("Your landlord or employer says you left: a coordinator checks"), yes_no(f["left_reported"])),
                (_("Ended"), day(f["ended_on"])),
                (_("Why it ended"), label("end_reason", f["end_reason"])),
                (_("Rules applied"), profile_name(f["profile_id"]) if f["profile_id"] else NONE),
                (_("Sent"), when(f["created_at"])),
                (_("Last changed"), when(f["updated_at"])),
            ]
            f.said("tenancy_id", "employment_id")
            parts = [self.decisions(f["decisions"] or []), self.history(f["history"] or [])]
            parts += [self.visit(visit) for visit in f["visits"] or []]
            heading = _("Residence report %(receipt)s", receipt=receipt_display(f["receipt"] or ""))
            records.append(self.record(f, heading, [row for row in rows if row], parts))
        return Section("reports", _("Residence reports"), records, count=len(records), empty=_("Nothing."))

    def claim_status(self, claim: dict, landlord: bool) -> str:
        if claim.get("status") == "unlinked":
            return _("Landlord not on Xinju yet") if landlord else label("claim", "unlinked")
        return label("claim", claim.get("status"))

    def employer(self, employment: dict) -> str:
        return paren(employment.get("employer_name") or NONE, self.claim_status(employment, landlord=False))

    def decisions(self, decisions: list) -> Bullets:
        items = []
        for raw in decisions:
            f = self.fields("decisions", raw)
            # The rule, its outcome, dates and numbers: all said by the explanation, in words.
            f.said("rule", "outcome", "profile_id", "due", "from_date", "params")
            items.append(f"{label('decision_topic', f['topic'])}{colon()}{text(f['explanation'])}")
            items += [f"{name}{colon()}{value}" for name, value in f.left()]
        return Bullets(_("What the rules say"), items)

    def history(self, events: list) -> Table:
        table = Table(
            _("Who said what"), [_("When"), _("Who"), _("What"), _("Note")], [], empty=_("Nothing.")
        )  # fmt: skip
        for raw in events:
            f = self.fields("history", raw)
            f.said("id", "report_id", "by")  # by: the party again
            about = listed(labels.label("report_field", name) for name in f["fields"] or [])
            what = label("report_event", f["action"])
            what = paren(what, about) if about != NONE else what
            if f["action"] == EventAction.ENDED:
                note = label("end_reason", f["reason"]) if f["reason"] else NONE
            else:
                note = event_note(SimpleNamespace(action=f["action"], reason=f["reason"])) or NONE
            # A correction (at a visit or on request): each detail with what it was before (ReportEvent.changes).
            changed = " ".join(correction_line(change, moment(f["at"])) for change in f["changes"] or [])
            note = f"{changed} {note}" if changed and note != NONE else changed or note
            row = [when(f["at"]), words(PARTIES, f["party"]), what, note]
            extra = semicolon().join(f"{name}{colon()}{value}" for name, value in f.left())
            row[-1] += f" {extra}" if extra else ""
            table.rows.append(row)
        return table

    def visit(self, raw: dict) -> Details:
        f = self.fields("visits", raw)
        f.said("id", "report_id", "conflict")  # conflict: said by the state
        corrections = f["corrections"] or {}
        corrected = semicolon().join(
            f"{labels.label('visit_field', name)}{colon()}{value or _('removed')}"
            for name, value in corrections.items()
        )
        rows = [
            (_("What the coordinator found"), label("visit_outcome", f["outcome"])),
            (_("What was corrected"), corrected or NONE),
            (_("Coordinator's note"), text(f["notes"])),
            (_("Visited"), when(f["recorded_at"])),
            (_("Reached Xinju"), when(f["received_at"])),
            (_("On your report"), words(VISIT_STATES, f["state"])),
            (_("Checked"), when(f["resolved_at"])),
        ]
        heading = _("Visit of %(time)s", time=when(raw.get("recorded_at")))
        return Details(heading, [(str(n), v) for n, v in rows] + f.left())

    def tenancies_section(self) -> Section:
        records = []
        for raw in self.data.get("tenancies") or []:
            f = self.fields("tenancies", raw)
            f.said("id", "property_id", "room_id")  # the landlord's rental: theirs, not in the file
            offered = f["offered_property_id"]
            rows = [
                (_("Person"), self.person(f["person_id"])),
                (_("Landlord's name, as you gave it"), text(f["landlord_name"])),
                (_("Landlord's mobile number, as you gave it"), text(f["landlord_phone"])),
                (_("A landlord joined Xinju with this number"), _("Waiting for you to say whether they are yours"))
                if offered
                else None,
                (_("Started"), day(f["started_on"])),
                (_("Ended"), day(f["ended_on"])),
                (_("End reported"), when(f["ended_reported_at"])),
                (_("Landlord's answer"), self.claim_status(raw, landlord=True)),
                (_("Reason given"), text(f["answer_reason"])),
                (_("Answered"), when(f["answered_at"])),
                (_("Answer due by"), day(f["answer_due"])),
                (_("Recorded"), when(f["created_at"])),
            ]
            f.said("status")
            heading = _("Rented from %(date)s", date=day(raw.get("started_on")))
            records.append(self.record(f, heading, [row for row in rows if row]))
        return Section(
            "tenancies", _("Tenancies: your landlord's confirmation"), records, count=len(records), empty=_("Nothing.")
        )

    def employments_section(self) -> Section:
        records = []
        for raw in self.data.get("employments") or []:
            f = self.fields("employments", raw)
            f.said("id", "employer_id")
            offered = f["offered_employer_id"]
            rows = [
                (_("Person"), self.person(f["person_id"])),
                (_("Employer"), text(f["employer_name"])),
                (_("Unified social credit code"), text(f["employer_uscc"])),
                (_("An employer joined Xinju with this code"), _("Waiting for you to say whether they are yours"))
                if offered
                else None,
                (_("Your name as the employer typed it"), text(f["worker_name"])),
                (_("Started"), day(f["started_on"])),
                (_("Ended"), day(f["ended_on"])),
                (_("Reported by"), words(CLAIM_SOURCES, f["source"])),
                (_("Status"), self.claim_status(raw, landlord=False)),
                (_("Reason given"), text(f["answer_reason"])),
                (_("Answered"), when(f["answered_at"])),
                (_("Answer due by"), day(f["answer_due"])),
                (_("Recorded"), when(f["created_at"])),
            ]
            f.said("status")
            heading = paren(raw.get("employer_name") or NONE, day(raw.get("started_on")))
            records.append(self.record(f, heading, [row for row in rows if row]))
        title = _("Jobs: your employer's confirmation")
        return Section("jobs", title, records, count=len(records), empty=_("Nothing."))

    def permit_applications(self) -> Section:
        records = []
        for raw in self.data.get("permit_applications") or []:
            f = self.fields("permit_applications", raw)
            f.said("id")
            replaces = self.permits.get(f["replaces_id"])
            documents = f["documents"] or {}
            rows = [
                (_("Person"), self.person(f["person_id"])),
                (_("For residence report"), self.report(f["report_id"])),
                (_("Reviewed by"), public_security_of(f["county_id"])),
                (_("Kind of application"), label("application_kind", f["kind"])),
                (_("Permit"), label("permit_type", f["permit_type"])),
                (_("Valid for"), months(f["validity_months"])),
                (_("Rules applied"), profile_name(f["profile_id"]) if f["profile_id"] else NONE),
                (_("Status"), label("application_status", f["status"])),
                (_("Documents you gave"), listed(self.document(i) for i in documents.values())),
                (_("Documents asked for"), listed(labels.label("document", kind) for kind in f["missing"] or [])),
                (_("Reason given by the officer"), text(f["reason"])),
                (_("Sent"), when(f["submitted_at"])),
                (_("Answer due by"), day(f["target_date"])),
                # When the person withdrew it, for one withdrawn (no officer decided it).
                (_("Withdrawn on") if f["status"] == "withdrawn" else _("Decided"), when(f["decided_at"])),
                (_("Replaces permit"), text(replaces.get("number"))) if replaces else None,
            ]
            heading = _("Permit application of %(date)s", date=day(raw.get("submitted_at")))
            records.append(self.record(f, heading, [row for row in rows if row]))
        return Section(
            "permit-applications", _("Permit applications"), records, count=len(records), empty=_("Nothing.")
        )

    def permits_section(self) -> Section:
        records = []
        for raw in self.data.get("permits") or []:
            f = self.fields("permits", raw)
            f.said("id", "application_id")  # said by the permit applications above
            valid_until = day(f["valid_until"]) if f["valid_until"] else _("No end date: endorsed every year")
            rows = [
                (_("Permit number"), text(f["number"])),
                (_("Person"), self.person(f["person_id"])),
                (_("Kind of permit"), label("permit_type", f["permit_type"])),
                (_("Issued by"), public_security_of(f["county_id"])),
                (_("Rules applied"), profile_name(f["profile_id"]) if f["profile_id"] else NONE),
                (_("Photo"), self.document(f["photo_id"])),
                (_("Issued"), day(f["issued_on"])),
                (_("Valid until"), valid_until),
                (_("No longer valid from"), day(f["revoked_on"])),
                (_("Why it is no longer valid"), words(REVOKED_REASONS, f["revoked_reason"])),
                (_("Recorded"), when(f["created_at"])),
            ]
            endorsements = Table(
                _("Permit %(number)s, yearly endorsements", number=raw.get("number") or ""),
                [_("Year of the permit"), _("Endorsed on")],
                [],
                empty=_("None yet."),
            )
            for e in f["endorsements"] or []:
                endorsements.rows.append([text(e.get("year")), day(e.get("endorsed_on"))])
            heading = _("Residence permit %(number)s", number=raw.get("number") or "")
            records.append(self.record(f, heading, rows, [endorsements]))
        return Section("permits", _("Permits"), records, count=len(records), empty=_("Nothing."))

    def service_requests(self) -> Section:
        records = []
        for raw in self.data.get("service_requests") or []:
            f = self.fields("service_requests", raw)
            f.said("id")
            reference = f["reference"] or ""
            shown = f"{reference[:4]}-{reference[4:]}" if reference else NONE
            name = self.service_name(f["service_code"]) or NONE
            messages = Table(
                _("Messages about this request"), [_("When"), _("Sent by"), _("Message")], [], empty=_("No message.")
            )
            for m in f["messages"] or []:
                g = self.fields("messages", m)
                g.said("id", "request_id", "party")
                who = _("You") if g["from_you"] else words(PARTIES, m.get("party"))
                messages.rows.append([when(g["at"]), who, text(g["body"]) + "".join(f" {v}" for _n, v in g.left())])
            rows = [
                (_("Reference"), shown),
                (_("Person"), self.person(f["person_id"])),
                (_("Service"), name),
                (_("Department"), label("department", f["department"])),
                (_("County"), place_name(f["county_id"]) or NONE),
                (_("What you wrote"), text(f["details"])),
                (_("Documents you gave"), listed(self.document(i) for i in f["documents"] or [])),
                (_("Status"), label("request_status", f["status"])),
                (_("Reason given by the officer"), text(f["reason"])),
                (_("Answer due by"), day(f["target_date"])),
                (_("Sent"), when(f["created_at"])),
                (_("Last changed"), when(f["updated_at"])),
            ]
            records.append(self.record(f, paren(name, shown), rows, [messages]))
        return Section("requests", _("Service requests"), records, count=len(records), empty=_("Nothing."))

    def corrections(self) -> Section:
        records = []
        for raw in self.data.get("correction_requests") or []:
            f = self.fields("correction_requests", raw)
            f.said("id", "proposed_id_number")  # shown masked, as "What it should say"
            is_id = f["field"] == "id_number"
            proposed = text(f["proposed"])  # an ID number: masked as stored
            if is_id and f["proposed_id_number"]:
                proposed = id_masked(f["proposed_id_number"])
            rows = [
                (_("Reference"), text(f["reference"])),
                (_("Person"), self.person(f["person_id"])),
                (_("About residence report"), self.report(f["report_id"])),
                (_("Detail"), words(CORRECTION_FIELDS, f["field"])),
                (_("What it should say"), proposed),
                (_("Why"), text(f["why"])),
                (_("Answered by"), label("correction_office", f["office"])),
                (_("Where"), place_name(f["place_id"]) or NONE),
                (_("Status"), words(CORRECTION_STATUS, f["status"])),
                (_("Answer"), text(f["answer"])),
                (_("Asked"), when(f["created_at"])),
                (_("Answered"), when(f["answered_at"])),
            ]
            heading = _("Request to correct: %(detail)s", detail=words(CORRECTION_FIELDS, raw.get("field")))
            records.append(self.record(f, heading, rows))
        return Section(
            "corrections", _("Your requests to correct your details"), records, count=len(records), empty=_("Nothing.")
        )

    def referrals(self) -> Section:
        records = []
        for raw in self.data.get("job_referrals") or []:
            f = self.fields("job_referrals", raw)
            f.said("id", "vacancy_id", "request_id")  # the job and the request, by name and reference below
            reference = f["request"] or ""
            rows = [
                (_("Job"), text(f["job"])),
                (_("Employer"), text(f["employer"])),
                (_("Person"), self.person(f["person_id"])),
                (_("Kind"), label("referral_kind", f["kind"])),
                (_("The employer may see your name and mobile number"), yes_no(f["shared"])),
                (_("Your note"), text(f["note"])),
                (_("Service request"), f"{reference[:4]}-{reference[4:]}" if reference else NONE),
                (_("Asked"), when(f["created_at"])),
            ]
            heading = paren(raw.get("job") or NONE, raw.get("employer") or NONE)
            records.append(self.record(f, heading, rows))
        return Section("referrals", _("Job referrals"), records, count=len(records), empty=_("Nothing."))

    def documents_section(self) -> Section:
        records = []
        for raw in self.data.get("documents") or []:
            f = self.fields("documents", raw)
            f.said("id")
            width, height = f["width"], f["height"]
            rows = [
                (_("Kind"), label("document", f["kind"])),
                (_("Person"), self.person(f["person_id"])),
                (_("File type"), words(FILE_TYPES, f["content_type"])),
                (_("Size"), size_text(f["size"])),
                (_("Width and height"), _("%(width)s × %(height)s pixels", width=width, height=height))
                if width and height
                else (_("Width and height"), NONE),
                (_("Given"), when(f["created_at"])),
                (_("File"), text(f["file"])),
            ]
            image = (raw.get("content_type") or "").startswith("image/")
            file = (raw["file"], image) if raw.get("file") else None
            records.append(self.record(f, label("document", raw.get("kind")), rows, file=file))
        return Section("documents", _("Documents"), records, count=len(records), empty=_("Nothing."))

    def notifications(self) -> Section:
        table = Table(_("Messages from Xinju"), [_("When"), _("Message"), _("Read")], [], empty=_("Nothing."))
        rows = self.data.get("notifications") or []
        for raw in rows:
            f = self.fields("notifications", raw)
            # The message's codes and link: said by its text, as the inbox shows it.
            f.said("id", "kind", "params", "link")
            message = text(f["text"]) if f["text"] else _("A message from Xinju")
            row = [when(f["created_at"]), message, when(f["read_at"]) if f["read_at"] else _("Not read")]
            row[1] += "".join(f" {value}" for _name, value in f.left())
            table.rows.append(row)
        return Section("messages", _("Messages from Xinju"), table=table, count=len(rows))

    def consents(self) -> Section:
        records = []
        for raw in self.data.get("consents") or []:
            f = self.fields("consents", raw)
            f.said("id", "item")  # said by the title
            rows = [
                (_("For"), self.person(f["person_id"]) if f["person_id"] else _("You")),
                (_("Privacy notice"), notice_words(f["notice_version"])),
                (_("Given"), when(f["given_at"])),
                (_("Withdrawn"), when(f["withdrawn_at"]) if f["withdrawn_at"] else _("Not withdrawn")),
            ]
            records.append(self.record(f, text(f["title"]), rows))
        for raw in self.data.get("recorded_consents") or []:
            f = self.fields("recorded_consents", raw)
            f.said("id")
            rows = [
                (_("Person"), self.person(f["person_id"])),
                (_("What for"), words(CONSENT_PURPOSES, f["purpose"])),
                (_("How"), words(CONSENT_METHODS, f["method"])),
                (_("Recorded"), when(f["recorded_at"])),
                (_("Withdrawn"), when(f["withdrawn_at"]) if f["withdrawn_at"] else _("Not withdrawn")),
            ]
            heading = _("Consent a coordinator recorded when registering you in person")
            records.append(self.record(f, heading, rows))
        return Section("consents", _("Your consents"), records, count=len(records), empty=_("Nothing."))

    def access_log(self) -> Section:
        table = Table(_("Who has looked at your information"), [_("When"), _("What happened")], [], empty=_("Nothing."))
        rows = self.data.get("access_log") or []
        for raw in rows:
            f = self.fields("access_log", raw)
            f.said("action", "reason")  # said by the sentence, as the account page shows it
            row = [when(f["at"]), text(f["text"])]
            row[1] += "".join(f" {value}" for _name, value in f.left())
            table.rows.append(row)
        return Section("who-looked", _("Who has looked at your information"), table=table, count=len(rows))

    @property
    def chinese(self) -> bool:
        return str(get_locale()) == "zh"


def page(data: dict, service_name=lambda code: code) -> Page:
    """The readable page of `data` (export.collect's dict) in the current language. `service_name(code)`: a
    service's name (the services package imports privacy, so its catalogue is read by the caller)."""
    reader = Reader(data, service_name)
    top = reader.fields("file", data)
    # The file's own format and version, and the lists below: each read by its section.
    top.said("format", "version", *SECTION_KEYS)
    made, notice = when(top["made_at"]), notice_words(top["notice_version"])
    sections = [
        reader.account(),
        reader.household(),
        reader.residence_reports(),
        reader.tenancies_section(),
        reader.employments_section(),
        reader.permit_applications(),
        reader.permits_section(),
        reader.service_requests(),
        reader.referrals(),
        reader.corrections(),
        reader.documents_section(),
        reader.notifications(),
        reader.consents(),
        reader.access_log(),
    ]
    left = top.left()
    if left:
        sections.append(Section("other", _("Other information"), [Record("", left)]))
    return Page(HTML_LANG.get(str(get_locale()), "en"), made, notice, sections, reader.unlabelled)


SECTION_KEYS = (
    "account",
    "people",
    "residence_reports",
    "tenancies",
    "employments",
    "permit_applications",
    "permits",
    "service_requests",
    "correction_requests",
    "job_referrals",
    "documents",
    "notifications",
    "consents",
    "recorded_consents",
    "access_log",
)
