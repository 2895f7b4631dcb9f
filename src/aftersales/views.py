"""The staff console: every domain's pages, and the home page with the user's work."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.views import router as auth_pages
from aftersales.claims.pages import router as claim_pages
from aftersales.claims.policy_views import router as policy_pages
from aftersales.claims.views import router as claim_desk
from aftersales.complaints.web.delivery import router as compensation_pages
from aftersales.complaints.web.public import router as public_pages
from aftersales.complaints.web.views import home_context as complaint_work
from aftersales.complaints.web.views import router as complaint_pages
from aftersales.customers.views import router as customer_pages
from aftersales.erasure import pages as erasure_pages
from aftersales.feedback.enquiries.views import router as enquiry_pages
from aftersales.feedback.surveys.pages import router as survey_pages
from aftersales.feedback.views import router as suggestion_pages
from aftersales.notify.views import router as notification_pages
from aftersales.org.views import router as admin_pages
from aftersales.parts.views import router as parts_pages
from aftersales.policysets.views import router as policy_version_pages
from aftersales.refs import refs
from aftersales.repairs.views import router as work_order_pages
from aftersales.repairs.visit_views import home_context as field_work
from aftersales.repairs.visit_views import router as service_order_pages
from aftersales.sales import service as sales
from aftersales.sales.entry_views import router as sale_entry
from aftersales.sales.views import router as sales_pages
from aftersales.staff.admin_views import router as user_admin_pages
from aftersales.staff.pages import router as staff_pages
from aftersales.supervision.inspections import queries as inspection_queries
from aftersales.supervision.inspections.pages import router as inspection_pages
from aftersales.supervision.reports.views import router as report_pages
from aftersales.supervision.standards.delivery_views import router as delivery_rule_pages
from aftersales.supervision.standards.views import router as standards_pages
from aftersales.warehouse.views import home_context as warehouse_work
from aftersales.warehouse.views import router as warehouse_pages
from aftersales.web.deps import PageUser
from aftersales.web.render import render


def _home(request: Request, db: Db, user: PageUser) -> Response:
    recent = sales.search_receipts(db, user=user, limit=10)
    return render(
        request,
        "home.html",
        recent=recent,
        refs=refs(db),
        work=inspection_queries.waiting_for(db, user=user),
        **complaint_work(request, db, user),
        **field_work(request, db, user),
        **warehouse_work(request, db, user),
    )


def page_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.add_api_route("/home", _home, methods=["GET"])
    # Sale entry before the receipt pages: "/receipts/new" is not a receipt id.
    for pages in (
        auth_pages,
        sale_entry,
        sales_pages,
        customer_pages,
        erasure_pages,
        admin_pages,
        user_admin_pages,
        notification_pages,
    ):
        router.include_router(pages)
    # The desk before the claim pages: "/claims/desk" must not be read as a claim id.
    # Spare parts, the warehouse's to-do and the service-order steps before the work-order
    # page's "/work-orders/{id}/{step}".
    router.include_router(parts_pages)
    router.include_router(warehouse_pages)
    for pages in (
        claim_desk,
        claim_pages,
        compensation_pages,
        service_order_pages,
        work_order_pages,
        policy_pages,
    ):
        router.include_router(pages)
    # Policy set versions, the editor ("/policy/versions/new" before ".../{id}") and replays.
    router.include_router(policy_version_pages)
    # Complaints ("/complaints/new" before "/complaints/{id}" inside), and the customer's
    # own pages, which need no login.
    for pages in (complaint_pages, public_pages):
        router.include_router(pages)
    # Inspections, corrective actions and their templates.
    router.include_router(inspection_pages)
    router.include_router(staff_pages)
    router.include_router(survey_pages)
    router.include_router(report_pages)
    router.include_router(standards_pages)
    router.include_router(delivery_rule_pages)
    # Suggestions ("/suggestions/new" before "/suggestions/{id}" inside) and /suggest.
    router.include_router(suggestion_pages)
    # Hotline questions ("/enquiries/new" before "/enquiries/{id}" inside).
    router.include_router(enquiry_pages)
    return router
