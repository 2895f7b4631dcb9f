"""Customers and members as JSON and page rows, masked for roles that don't need the data."""

from typing import Any

from aftersales.auth.principal import Principal
from aftersales.auth.scope import mask_name, mask_phone, sees_pii
from aftersales.customers.access import shows_pii
from aftersales.customers.models import Customer, Member


def person_json(
    customer: Customer, user: Principal | None, *, visible: bool = True
) -> dict[str, Any]:
    show = visible and shows_pii(user)
    return {
        "name": customer.name if show else mask_name(customer.name),
        "phone": customer.phone if show else mask_phone(customer.phone),
    }


def member_json(
    member: Member, customer: Customer, user: Principal | None, *, visible: bool
) -> dict[str, Any]:
    return {
        "member_no": member.member_no,
        "customer": person_json(customer, user, visible=visible),
        "tier": member.tier,
        "points": member.points,
        "birthday": customer.birthday.isoformat() if customer.birthday else None,
        "since": member.since.isoformat(),
    }


def customer_json(customer: Customer | None, user: Principal | None) -> dict[str, Any] | None:
    if customer is None:
        return None
    show = user is None or sees_pii(user)
    return {
        "id": customer.id,
        "name": customer.name if show else mask_name(customer.name),
        "phone": customer.phone if show else mask_phone(customer.phone),
        "member_no": customer.member_no,
        "version": customer.version,  # sent back with an erasure or a merge
    }
