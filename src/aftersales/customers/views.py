"""Console pages: customer search and the customer's purchases."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.customers import service
from aftersales.customers.models import Customer
from aftersales.errors import NotFound
from aftersales.refs import refs
from aftersales.sales import service as sales
from aftersales.sales.present import customer_json
from aftersales.web.deps import PageUser
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/customers")
def customers_page(request: Request, db: Db, user: PageUser, q: str = "") -> Response:
    rows = service.search_customers(db, q=q) if q.strip() else []
    return render(request, "customers/list.html", q=q, rows=[customer_json(c, user) for c in rows])


@router.get("/customers/{customer_id}")
def customer_page(request: Request, customer_id: int, db: Db, user: PageUser) -> Response:
    customer = db.scalars(select(Customer).where(Customer.id == customer_id)).one_or_none()
    if customer is None:
        raise NotFound(field="id")
    receipts = sales.search_receipts(db, user=user, phone=customer.phone, limit=100)
    return render(
        request,
        "customers/detail.html",
        customer=customer_json(customer, user),
        receipts=receipts,
        refs=refs(db),
        events=audit.history(db, entity="customer", entity_id=customer.id),
    )
