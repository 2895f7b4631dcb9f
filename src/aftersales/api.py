"""The REST API under /api/v1: every domain's router in one place."""

from fastapi import APIRouter

from aftersales.auth.api import router as auth_router
from aftersales.claims.api import router as claims_router
from aftersales.claims.policy_api import router as policy_router
from aftersales.complaints.web.api import router as complaints_router
from aftersales.complaints.web.delivery import api_router as compensation_router
from aftersales.customers.api import router as members_router
from aftersales.deadlines.api import router as calendar_router
from aftersales.erasure import api as erasure_router
from aftersales.feedback.api import router as suggestions_router
from aftersales.feedback.enquiries.api import router as enquiries_router
from aftersales.feedback.surveys.api import router as surveys_router
from aftersales.parts.api import router as parts_router
from aftersales.policysets.api import router as policy_versions_router
from aftersales.repairs.api import router as work_orders_router
from aftersales.repairs.visit_api import router as service_orders_router
from aftersales.sales.api import router as sales_router
from aftersales.staff.api import router as staff_router
from aftersales.supervision.inspections.api import router as inspections_router
from aftersales.supervision.reports.api import router as reports_router
from aftersales.supervision.standards.api import router as delivery_rules_router


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    router.include_router(auth_router)
    router.include_router(sales_router)
    router.include_router(complaints_router)
    router.include_router(policy_router)
    router.include_router(policy_versions_router)
    router.include_router(claims_router)
    # Parts before work orders: "/work-orders/{id}/part-reservations" is not a step.
    router.include_router(parts_router)
    # Service orders before the work-order steps: "/work-orders/{id}/{step}" is a repair's.
    router.include_router(compensation_router)
    router.include_router(service_orders_router)
    router.include_router(work_orders_router)
    router.include_router(calendar_router)
    router.include_router(delivery_rules_router)
    router.include_router(staff_router)
    router.include_router(reports_router)
    router.include_router(inspections_router)
    router.include_router(surveys_router)
    router.include_router(members_router)
    router.include_router(erasure_router)
    router.include_router(suggestions_router)
    router.include_router(enquiries_router)
    return router
