"""The survey pages in one router: "/survey/thanks" before "/survey/{token}"."""

from fastapi import APIRouter

from aftersales.feedback.surveys import views, views_console

router = APIRouter(include_in_schema=False)
router.include_router(views_console.router)
router.include_router(views.router)
