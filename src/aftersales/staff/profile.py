"""Who employs a person: the store, or the brand of a concession counter (联营专柜)."""

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden, check_version
from aftersales.staff.models import Employer, StaffProfile


def profile_of(session: Session, user_id: int) -> StaffProfile:
    """The stored profile, or the default (employed by the store) when none was recorded."""
    return session.get(StaffProfile, user_id) or StaffProfile(
        user_id=user_id, employer=Employer.store
    )


def set_employer(
    session: Session,
    *,
    user_id: int,
    employer: Employer,
    brand_id: int | None,
    version: int | None,
    actor: Principal,
) -> StaffProfile:
    if actor.role != Role.admin:
        raise Forbidden()
    row = session.get(StaffProfile, user_id, with_for_update=True)
    if row is None:
        row = StaffProfile(user_id=user_id, employer=employer)
        session.add(row)
    else:
        check_version(row.version, version)
    row.employer = employer
    row.brand_id = brand_id if employer == Employer.brand else None
    session.flush()
    after = {"employer": employer, "brand_id": row.brand_id}
    audit.record(session, "staff_profile", user_id, "employer_set", actor=actor, after=after)
    return row
