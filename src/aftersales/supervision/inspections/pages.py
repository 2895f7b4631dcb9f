"""All inspection pages in one router, in the order their paths must be tried:
"/inspections/new" and "/inspections/trends" before "/inspections/{id}"."""

from fastapi import APIRouter

from aftersales.supervision.inspections import (
    views,
    views_actions,
    views_templates,
    views_trends,
)

router = APIRouter(include_in_schema=False)
for pages in (views_templates.router, views_actions.router, views_trends.router, views.router):
    router.include_router(pages)
