"""Factories that make records for tests: call them with only what the test is about."""

import itertools
from datetime import date

from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.places.models import Place

_counter = itertools.count(1)


def create_place(code: str, name: str | None = None, level: str | None = None, parent: Place | None = None) -> Place:
    """Create a place and, when missing, its ancestors (codes nest: 4, 6, 9, 12 digits)."""
    existing = db.session.scalar(db.select(Place).where(Place.code == code))
    if existing:
        return existing
    levels = {4: "city", 6: "county", 9: "township", 12: "community"}
    if parent is None and len(code) > 4:
        parent_code = code[: {6: 4, 9: 6, 12: 9}[len(code)]]
        parent = create_place(parent_code)
    place = Place(code=code, name=name or f"place {code}", level=level or levels[len(code)], parent=parent)
    db.session.add(place)
    db.session.commit()
    return place


def create_account(
    *roles,
    display_name: str | None = None,
    place: Place | None = None,
    department: str | None = None,
    locale: str | None = None,
) -> Account:
    """create_account("migrant", "landlord") or create_account("coordinator", place=community)."""
    account = Account(display_name=display_name or f"Person {next(_counter)}", locale=locale)
    account.grants = [
        RoleGrant(
            role=str(role),
            place=place if str(role) in {"coordinator", "officer", "admin"} else None,
            department=department if str(role) == "officer" else None,
        )
        for role in (roles or ("migrant",))
    ]
    db.session.add(account)
    db.session.commit()
    return account


def id_number(birth: date, region: str = "411525", sequence: int = 123) -> str:
    """A valid resident ID number for that birth date (the 17th digit odd: male)."""
    from stdnum.cn import ric

    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def create_person(account=None, *, name="王芳", birth=None, hukou="411525", **fields):
    from datetime import date

    from webapp.people.models import Person

    birth = birth or date(1995, 5, 17)
    person = Person(
        account=account,
        name=name,
        sex=fields.pop("sex", "female"),
        ethnicity=fields.pop("ethnicity", "01"),
        birth_date=birth,
        id_number=fields.pop("id_number", id_number(birth, hukou, next(_counter) % 1000)),
        phone=fields.pop("phone", "13800000000"),
        hukou_county_code=hukou,
        **fields,
    )
    db.session.add(person)
    db.session.commit()
    return person


def create_rental(landlord, place, rooms=("101", "102"), phone="13912345678"):
    """人民路18号 3栋 2单元; the landlord's next rental in the same place at 19号, 20号, … (one rental per landlord
    and address: a unique index)."""
    from webapp.rentals.models import RentalProperty, Room, address_key

    taken = set(
        db.session.scalars(
            db.select(RentalProperty.address_key).where(
                RentalProperty.landlord_id == landlord.id, RentalProperty.place_id == place.id
            )
        )
    )
    number = next(f"{n}号" for n in itertools.count(18) if address_key("人民路", f"{n}号", "3栋", "2单元") not in taken)
    rental = RentalProperty(
        landlord=landlord,
        place=place,
        road="人民路",
        number=number,
        building="3栋",
        unit="2单元",
        landlord_phone=phone,
        rooms=[Room(name=r) for r in rooms],
    )
    db.session.add(rental)
    db.session.commit()
    return rental


def create_employer(account=None, name="温州鞋业有限公司", uscc="91110000600037341L"):
    from webapp.employers.models import Employer, EmployerMember

    employer = Employer(name=name, uscc=uscc)
    if account is not None:
        employer.members.append(EmployerMember(account=account))
    db.session.add(employer)
    db.session.commit()
    return employer


def create_vacancy(employer, community, *, title="包装工", status="approved", days_open=20, **fields):
    """A posting of this employer in this community (approved: on the board)."""
    from datetime import timedelta

    from webapp.vacancies.models import Vacancy

    vacancy = Vacancy(
        employer=employer,
        created_by_id=employer.members[0].account_id if employer.members else None,
        title=title,
        kind=fields.pop("kind", "manufacturing"),
        place=community,
        county=community.parent.parent,
        wage_min=fields.pop("wage_min", 4000),
        wage_max=fields.pop("wage_max", 5000),
        hours=fields.pop("hours", "8 hours a day"),
        housing=fields.pop("housing", True),
        how_to_apply=fields.pop("how_to_apply", "Call 0533-1234567"),
        closes_on=clock.today() + timedelta(days=days_open),
        status=status,
        **fields,
    )
    db.session.add(vacancy)
    db.session.commit()
    return vacancy


def bare_person(name: str | None = None):
    """A person without an account, not yet added to the session (for bulk lists): a unique placeholder ID number
    (not a valid one: no form reads it), named `name` or p<n>."""
    from webapp.people.models import Person

    i = next(_counter)
    return Person(
        name=name or f"p{i}",
        sex="female",
        ethnicity="01",
        birth_date=date(1990, 1, 1),
        id_number=f"{i:018d}",
        hukou_county_code="411525",
    )


def create_reports(
    place,
    n,
    *,
    status="verified",
    late=False,
    kind="initial",
    ended=None,
    employer=None,
    created=None,
    number=lambda i: "1号",
):
    """n residence reports of n new people in one place (bulk, without the forms); `number(i)` spreads them over
    buildings."""

    from webapp.employers.models import Employment
    from webapp.registrations.models import ResidenceReport

    rows = []
    for k in range(n):
        person = bare_person()
        report = ResidenceReport(
            person=person,
            place=place,
            road="路",
            number=number(k),
            housing_type="own_home",
            arrival_date=clock.today(),
            stay_count=None,
            reason="work",
            status=status,
            late=late,
            kind=kind,
            ended_on=ended,
            profile_id="shandong-2018",
            decisions=[],
            created_at=created or clock.utcnow(),
        )
        if employer:
            report.employment = Employment(
                person=person,
                employer=employer,
                employer_name=employer.name,
                started_on=clock.today(),
                source="migrant",
                status="confirmed",
            )
        rows.append(report)
    db.session.add_all(rows)
    db.session.commit()
    # One SELECT loads them again (the commit expired them): otherwise each report, and its person, is reloaded on
    # first use, one by one (a 2,000-report test spent 40 s so).
    from sqlalchemy import inspect, select
    from sqlalchemy.orm import joinedload

    db.session.scalars(
        select(ResidenceReport)
        .where(ResidenceReport.id.in_([inspect(report).identity[0] for report in rows]))
        .options(joinedload(ResidenceReport.person))
    ).all()
    return rows


def create_permit(
    report, *, issued=None, number="370300000001", profile="national-2016", valid_until=None, revoked=None
):
    """A permit issued on that report (a one-pixel photo; its application already approved)."""
    from webapp.documents.models import Document
    from webapp.permits.models import Permit, PermitApplication

    issued = issued or clock.today()
    county = report.place.parent.parent
    application = PermitApplication(
        person=report.person,
        report=report,
        county=county,
        permit_type="standard",
        profile_id=profile,
        target_date=issued,
        status="approved",
    )
    photo = Document(
        person=report.person, kind="photo", content_type="image/jpeg", size=1, width=1, height=1, sha256="x", data=b"x"
    )
    permit = Permit(
        number=number,
        person=report.person,
        application=application,
        county=county,
        permit_type="standard",
        profile_id=profile,
        photo=photo,
        issued_on=issued,
        valid_until=valid_until,
        revoked_on=revoked,
    )
    db.session.add_all([photo, permit])
    db.session.commit()
    return permit


def jpeg(colour=(200, 120, 60), size=(160, 120)) -> bytes:
    """A small JPEG photo, as a document upload."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


PERMIT_DOCUMENTS = ("photo", "residence_proof", "employment_proof")


def apply_for_permit(post_form, **files: bytes):
    """The signed-in person's permit application through its form, with these documents (kind=image bytes; by
    default a photo and both proofs, each a small JPEG). Returns the response; the application is made once
    nothing is missing."""
    import io

    files = files or {kind: jpeg() for kind in PERMIT_DOCUMENTS}
    data = {kind: (io.BytesIO(content), f"{kind}.jpg") for kind, content in files.items()}
    return post_form("/me/permit/apply", data, content_type="multipart/form-data")


def permit_and_request_cases(post_form):
    """The signed-in person's permit application (photo and both proofs) and a service request to another
    department (work-injury insurance, human resources) with a document that only that request holds:
    (application, request, that document)."""
    import io

    from webapp.documents.models import Document
    from webapp.permits.models import PermitApplication
    from webapp.services.models import ServiceRequest

    apply_for_permit(post_form)
    application = db.session.scalar(db.select(PermitApplication))
    post_form(
        "/me/services/insurance_enrolment/ask",
        {"details": "参加工伤保险", "upload_employment_proof": (io.BytesIO(jpeg((1, 2, 3))), "other.jpg")},
        content_type="multipart/form-data",
    )
    request = db.session.scalar(db.select(ServiceRequest))
    [own] = [db.session.get(Document, i) for i in request.documents]
    assert own.id not in application.documents.values()
    return application, request, own
