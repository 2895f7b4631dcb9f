"""Who may see and change a customer or a member.

A customer is visible to a role only where that role's counter or store sold to them or
holds a case of theirs (a claim or a complaint), the same scope receipts have; group roles
see everyone. Services raise on these answers; pages ask them what to show."""

from typing import Any

from sqlalchemy import Select, exists, or_, select

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_ROLES, level_of, scope_of, scoped, sees_pii
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers.models import Customer
from aftersales.errors import Forbidden
from aftersales.sales.models import Receipt

# Roles that serve customers (the escalation ladder's) and may change their record.
EDITORS = LADDER_ROLES | {Role.admin}
# Points are redeemed where the member buys: not at the complaint station.
REDEEMERS = EDITORS - {Role.complaint_station}
ADJUST_LEVEL = 3  # a floor supervisor (现场主管) and above adjust a balance


def customer_scope(user: Principal, customer_id: Any) -> Any:
    """The SQL condition 'this user may see customer `customer_id`' (a column or a value)."""
    return or_(
        *(
            exists(
                scoped(
                    select(t.id).where(t.customer_id == customer_id),
                    user,
                    store=t.store_id,
                    counter=t.counter_id,
                )
            )
            for t in (Receipt, Claim, Complaint)
        )
    )


def visible_customers(user: Principal) -> Select[tuple[Customer]]:
    stmt = select(Customer)
    if scope_of(user.role) == "group" or user.role == Role.admin:
        return stmt
    return stmt.where(customer_scope(user, Customer.id))


def can(user: Principal, action: str, _obj: object = None) -> bool:
    """`action` is one of view, edit, consent, enrol, redeem, adjust, rules, export."""
    role = Role(user.role)
    if action == "view":
        return True
    if action in ("edit", "consent", "enrol"):
        return role in EDITORS
    if action == "redeem":
        return role in REDEEMERS
    if action == "adjust":
        return role == Role.admin or level_of(user) >= ADJUST_LEVEL  # type: ignore[arg-type]
    if action in ("rules", "export"):
        return role == Role.admin
    return False


def require(user: Principal, action: str, obj: object = None) -> None:
    if not can(user, action, obj):
        raise Forbidden()


def shows_pii(user: Principal | None) -> bool:
    return user is None or sees_pii(user)  # type: ignore[arg-type]
