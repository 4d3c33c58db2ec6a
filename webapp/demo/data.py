"""Demo accounts for every role, placed in real communities of Zibo and Wenzhou. Safe to load again."""

from dataclasses import dataclass

from sqlalchemy import select

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


# Real places: 张店区 (370303) in Zibo and 鹿城区 (330302) in Wenzhou.
DEMO_ACCOUNTS = (
    DemoAccount("XJDMMGRT", "王芳", ((Role.MIGRANT, None, None),)),
    DemoAccount("XJDMRENT", "李强", ((Role.LANDLORD, None, None), (Role.MIGRANT, None, None))),
    DemoAccount("XJDMWRKS", "陈静", ((Role.EMPLOYER, None, None),)),
    DemoAccount(
        "XJDMCRDZ", "赵磊", ((Role.COORDINATOR, "370303001001", None), (Role.COORDINATOR, "370303001002", None))
    ),
    DemoAccount("XJDMCRDW", "周敏", ((Role.COORDINATOR, "330302001001", None),)),
    DemoAccount("XJDMSVCE", "孙伟", ((Role.OFFICER, "370303", "public_security"),)),
    DemoAccount("XJDMADMZ", "刘洋", ((Role.ADMIN, "3703", None),)),
    DemoAccount("XJDMADMW", "黄丽", ((Role.ADMIN, "3303", None),), "en"),
)

DEMO_REFERENCES = {d.reference: d for d in DEMO_ACCOUNTS}


def load_demo() -> int:
    """Load places if missing, then the demo accounts. Returns how many accounts were added."""
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
    return added


def demo_choices() -> list[dict]:
    """For the sign-in page's demo buttons."""
    from webapp.accounts.roles import role_label

    return [
        {
            "reference": d.reference,
            "display_name": d.display_name,
            "role_names": " + ".join(role_label(r) for r, _, _ in dict.fromkeys(d.roles)),
        }
        for d in DEMO_ACCOUNTS
    ]
