"""Demo accounts for every role, placed in real communities of Zibo and Wenzhou. Safe to load again."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from webapp import clock, labels
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import Role
from webapp.extensions import db
from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place


@dataclass(frozen=True)
class DemoAccount:
    reference: str
    display_name: str
    roles: tuple[tuple[Role, str | None, str | None], ...]  # (role, place code, department)
    locale: str = "zh"


# Real places (webapp/places/data/divisions.csv): 张店区 (370303) in Zibo, with 新华社区 (370303001001) and 胜利桥社区
# (370303001002) of 车站街道; 鹿城区 (330302) in Wenzhou, with 鼓楼社区 (330302006044) of 五马街道.
ZIBO_COMMUNITY = "370303001001"
WENZHOU_COMMUNITY = "330302006044"

DEMO_ACCOUNTS = (
    DemoAccount("XJDMMGRT", "王芳", ((Role.MIGRANT, None, None),)),
    DemoAccount("XJDMMGRW", "何俊", ((Role.MIGRANT, None, None),)),
    DemoAccount("XJDMRENT", "李强", ((Role.LANDLORD, None, None), (Role.MIGRANT, None, None))),
    DemoAccount("XJDMWRKS", "陈静", ((Role.EMPLOYER, None, None),)),
    DemoAccount(
        "XJDMCRDZ", "赵磊", ((Role.COORDINATOR, "370303001001", None), (Role.COORDINATOR, "370303001002", None))
    ),
    DemoAccount("XJDMCRDW", "周敏", ((Role.COORDINATOR, WENZHOU_COMMUNITY, None),)),
    DemoAccount("XJDMSVCE", "孙伟", ((Role.OFFICER, "370303", "public_security"),)),
    DemoAccount("XJDMJOBS", "吴刚", ((Role.OFFICER, "370303", "hrss"),)),
    DemoAccount("XJDMEDUC", "郑红", ((Role.OFFICER, "370303", "education"),)),
    DemoAccount("XJDMADMZ", "刘洋", ((Role.ADMIN, "3703", None),)),
    DemoAccount("XJDMADMW", "黄丽", ((Role.ADMIN, "3303", None),), "en"),
)

DEMO_REFERENCES = {d.reference: d for d in DEMO_ACCOUNTS}


def load_demo() -> int:
    """Load places if missing, then the demo accounts and their records. Returns how many accounts were added."""
    if db.session.scalar(select(Place.id).limit(1)) is None:
        load_places(read_divisions())
    places = {
        p.code: p
        for p in db.session.scalars(
            select(Place).where(Place.code.in_({code for d in DEMO_ACCOUNTS for _, code, _ in d.roles if code}))
        )
    }
    added = 0
    for demo in DEMO_ACCOUNTS:
        if db.session.scalar(select(Account.id).where(Account.reference == demo.reference)):
            continue
        account = Account(reference=demo.reference, display_name=demo.display_name, locale=demo.locale)
        account.grants = [
            RoleGrant(role=role, place=places.get(code) if code else None, department=department)
            for role, code, department in demo.roles
        ]
        db.session.add(account)
        added += 1
    db.session.commit()
    if added:
        load_demo_records()
    from webapp.summaries.counting import refresh_all

    refresh_all()
    return added


def _id_number(region: str, birth: date, sequence: int) -> str:
    from stdnum.cn import ric

    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def load_demo_records() -> None:
    """王芳 rents room 101 from 李强 (who is a migrant too) and works for 陈静's company; her report waits for the
    landlord's and the employer's answers and a visit, her permit application for the public-security officer, her
    requests for a job referral and a school place for her son for the job-services and education officers. 何俊
    lives with relatives in Wenzhou and waits for the Wenzhou coordinator's visit. Each demo role has something to
    do."""
    from webapp.employers.models import Employer, EmployerMember
    from webapp.people.models import Person
    from webapp.registrations import service
    from webapp.rentals.models import RentalProperty, Room

    accounts = {a.reference: a for a in db.session.scalars(select(Account))}
    community = db.session.scalar(select(Place).where(Place.code == ZIBO_COMMUNITY))
    wang = Person(
        account=accounts["XJDMMGRT"],
        name="王芳",
        sex="female",
        ethnicity="01",
        birth_date=date(1995, 5, 17),
        id_number=_id_number("411525", date(1995, 5, 17), 124),
        phone="13800138000",
        hukou_county_code="411525",
    )
    li = Person(
        account=accounts["XJDMRENT"],
        name="李强",
        sex="male",
        ethnicity="01",
        birth_date=date(1980, 8, 2),
        id_number=_id_number("341221", date(1980, 8, 2), 131),
        phone="13912345678",
        hukou_county_code="341221",
    )
    child = Person(
        household_of=wang,
        relation="child",
        name="王小明",
        sex="male",
        ethnicity="01",
        birth_date=date(2018, 9, 1),
        hukou_county_code="411525",
    )
    rental = RentalProperty(
        landlord=accounts["XJDMRENT"],
        place=community,
        road="人民路",
        number="18号",
        building="3栋",
        unit="2单元",
        landlord_phone="13912345678",
        rooms=[Room(name=n) for n in ("101", "102", "201")],
    )
    employer = Employer(name="淄博新居纺织有限公司", uscc="91370303MA3C5QW1PF", place=community)
    employer.members.append(EmployerMember(account=accounts["XJDMWRKS"]))
    db.session.add_all([wang, li, child, rental, employer])
    db.session.commit()
    today = clock.today()
    arrived = today - relativedelta(months=7)
    answers = service.ReportAnswers(
        place=community,
        road=rental.road,
        number=rental.number,
        building=rental.building,
        unit=rental.unit,
        room="101",
        housing_type="rental",
        arrival_date=arrived,
        stay_count=None,
        stay_unit=None,
        reason="work",
        commuter=False,
        employer_name=employer.name,
        employer_uscc=employer.uscc,
        rental=rental,
        rental_room=rental.rooms[0],
        work_proof="labour_contract",
        insurance_months=7,
    )
    # She reported the day after she arrived, seven months ago: the permit's six months of residence have passed.
    with clock.pinned_at(arrived + timedelta(days=1)):  # sent then, as the receipt and the timeline say
        report = service.submit(wang, answers, actor=accounts["XJDMMGRT"], today=clock.today())
    _demo_permit_application(wang, report, accounts["XJDMMGRT"], today)
    _demo_service_requests(wang, report, today)
    _demo_vacancies(employer, accounts, wang, today)
    _demo_wenzhou_resident(accounts["XJDMMGRW"], today)
    # 李强 lives in his own flat in 胜利桥社区, the Zibo coordinator's other community: a report to visit there too.
    own_home = service.ReportAnswers(
        place=db.session.scalar(select(Place).where(Place.code == "370303001002")),
        road="共青团路",
        number="9号",
        building="1栋",
        unit="1单元",
        room="501",
        housing_type="own_home",
        arrival_date=today - relativedelta(months=2),
        reason="business",
        commuter=False,
    )
    service.submit(li, own_home, actor=accounts["XJDMRENT"], today=today - relativedelta(months=2) + timedelta(days=1))


def _demo_service_requests(person, report, today) -> None:
    """王芳 asks for a job referral (job services) and a school place for her son (education)."""
    from webapp.services import service
    from webapp.services.catalogue import service as catalogue_service

    county = next(p for p in report.place.lineage() if p.level == "county")
    for code, details in (
        ("job_referral", "想找纺织或服装厂的白班工作。"),
        ("school_place", "儿子王小明今年秋季上小学二年级。"),
    ):
        service.ask(person, catalogue_service(code), county, details=details, documents=[], today=today)


def _demo_vacancies(employer, accounts, wang, today) -> None:
    """陈静's company has two jobs on the board (one in Wenzhou) and one waiting for 吴刚's review (job services in
    张店区); 王芳 asked for a referral to one and shares her details, so 陈静 sees her."""
    from webapp.vacancies import service as vacancies
    from webapp.vacancies.models import Vacancy

    wenzhou = db.session.scalar(select(Place).where(Place.code == WENZHOU_COMMUNITY))
    common = {"employer": employer, "created_by_id": accounts["XJDMWRKS"].id, "closes_on": today + timedelta(days=30)}
    shown = Vacancy(
        **common,
        title="缝纫工（白班）",
        kind="manufacturing",
        place=employer.place,
        county=vacancies.county_of(employer.place),
        wage_min=4500,
        wage_max=6500,
        hours="每天8小时，每周6天，白班",
        housing=True,
        requirements="会用平车者优先，不会可以学，男女不限",
        how_to_apply="到人民路18号厂区人事部，或打电话0533-2188000",
        status="approved",
    )
    packer = Vacancy(
        **common,
        title="仓库打包员",
        kind="logistics",
        place=wenzhou,
        county=vacancies.county_of(wenzhou),
        wage_min=4000,
        wage_max=5200,
        hours="每天9小时，月休4天",
        housing=False,
        how_to_apply="打电话0577-8866000找陈经理",
        status="approved",
    )
    waiting = Vacancy(
        **common,
        title="质检员",
        kind="manufacturing",
        place=employer.place,
        county=vacancies.county_of(employer.place),
        wage_min=5000,
        wage_max=6000,
        hours="每天8小时，每周5天",
        housing=True,
        requirements="细心，有质检经验优先",
        how_to_apply="发简历到人事部，或当面来厂",
        status="pending",
    )
    db.session.add_all([shown, packer, waiting])
    db.session.commit()
    vacancies.ask(wang, shown, kind="referral", shared=True, note="做过两年服装厂，下周可以上班。", today=today)


def _demo_wenzhou_resident(account, today) -> None:
    """何俊 came to Wenzhou three weeks ago and lives with relatives in 鼓楼社区: his report waits for a visit."""
    from webapp.people.models import Person
    from webapp.registrations import service

    community = db.session.scalar(select(Place).where(Place.code == WENZHOU_COMMUNITY))
    he = Person(
        account=account,
        name="何俊",
        sex="male",
        ethnicity="01",
        birth_date=date(1998, 3, 9),
        id_number=_id_number("361103", date(1998, 3, 9), 153),
        phone="13757712345",
        hukou_county_code="361103",
    )
    db.session.add(he)
    db.session.commit()
    arrived = today - timedelta(days=21)
    answers = service.ReportAnswers(
        place=community,
        road="解放街",
        number="56号",
        building="2幢",
        unit="1单元",
        room="302",
        housing_type="relatives",
        arrival_date=arrived,
        stay_count=1,
        stay_unit="years",
        reason="work",
        commuter=False,
    )
    service.submit(he, answers, actor=account, today=arrived + timedelta(days=2))


def _demo_permit_application(person, report, account, today) -> None:
    """王芳 has applied for a residence permit, so the demo officer has an application to review."""
    import io

    from PIL import Image, ImageDraw

    from webapp.documents.models import Document
    from webapp.documents.processing import clean_image
    from webapp.permits import service as permits

    documents = {}
    for kind, colour in (
        ("photo", (210, 225, 235)),
        ("residence_proof", (250, 245, 230)),
        ("employment_proof", (235, 250, 235)),
    ):
        image = Image.new("RGB", (600, 750) if kind == "photo" else (900, 640), colour)
        ImageDraw.Draw(image).rectangle((40, 40, image.width - 40, image.height - 40), outline=(29, 92, 99), width=6)
        out = io.BytesIO()
        image.save(out, format="PNG")
        document = Document.from_clean(clean_image(out.getvalue()), person=person, kind=kind, uploaded_by=account)
        db.session.add(document)
        db.session.flush()
        documents[kind] = document.id
    permits.apply(person, report, documents, today=today)


def demo_choices() -> list[dict]:
    """For the sign-in page's demo buttons."""
    return [
        {
            "reference": d.reference,
            "display_name": d.display_name,
            # Each role once (a coordinator of two communities is one coordinator), in the language of the page.
            "role_names": " + ".join(labels.label("role", r) for r in dict.fromkeys(r for r, _, _ in d.roles)),
        }
        for d in DEMO_ACCOUNTS
    ]
