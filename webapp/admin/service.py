"""Writing staff changes within an administrator's area, each written to the audit log. Each function commits once.

Who may be managed, and where, is decided in staff.py; the views check it before calling these."""

from sqlalchemy import update

from webapp.accounts.models import RoleGrant
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.enrolment.models import LinkPurpose, OneTimeLink
from webapp.extensions import db


def deactivate(account, actor) -> None:
    """The account can no longer sign in (its history stays), and the invitations and recovery links it made that
    nobody has used yet stop working (they expire now): what someone no longer trusted handed out goes with them. A
    claim link stays: it is the registered person's own way to their record."""
    now = utcnow()
    account.deactivated_at = now
    ended = db.session.execute(
        update(OneTimeLink)
        .where(
            OneTimeLink.created_by_id == account.id,
            OneTimeLink.purpose.in_((LinkPurpose.ENROL, LinkPurpose.RECOVER)),
            OneTimeLink.used_at.is_(None),
            OneTimeLink.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    audit.record("staff.deactivated", actor=actor, subject=account, links_ended=ended)
    db.session.commit()


def unassign(account, grant: RoleGrant, actor) -> bool:
    """Take a coordinator off one community. Not their last one (False): to stop their work, deactivate them."""
    if len(account.grants_for(Role.COORDINATOR)) <= 1:
        return False
    place = grant.place
    db.session.delete(grant)
    audit.record("staff.unassigned", actor=actor, subject=account, place=place.code)
    db.session.commit()
    return True


def assign(account, community, actor) -> None:
    """The coordinator covers this community too (nothing changes when they already do)."""
    if any(g.role == Role.COORDINATOR and g.place_id == community.id for g in account.grants):
        return
    account.grants.append(RoleGrant(role=Role.COORDINATOR.value, place=community, granted_by_id=actor.id))
    audit.record("staff.assigned", actor=actor, subject=account, place=community.code)
    db.session.commit()


def exported(actor, **details) -> None:
    """A CSV download, in the audit log before it is sent."""
    audit.record("export.csv", actor=actor, **details)
    db.session.commit()
