"""All staff pages in one router: "/staff/me" before "/staff/{id}"."""

from fastapi import APIRouter

from aftersales.staff import views, views_training

router = APIRouter(include_in_schema=False)
for pages in (views_training.router, views.router):
    router.include_router(pages)
