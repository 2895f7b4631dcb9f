"""Page dependencies: the logged-in user, with the form's CSRF token read first."""

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from aftersales.admission import admit
from aftersales.auth.deps import current_user
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden


async def page_user(request: Request) -> Principal:
    if request.method == "POST":
        form = await request.form()  # Starlette caches it for the route's own Form fields
        request.state.csrf_form = form.get("csrf_token")
    await admit(request)
    return await run_in_threadpool(current_user, request)  # reads the database


PageUser = Annotated[Principal, Depends(page_user)]


def require_page_role(*roles: str):  # noqa: ANN201 - FastAPI dependency factory
    async def check(request: Request) -> Principal:
        user = await page_user(request)
        if user.role not in roles:
            raise Forbidden()
        return user

    return check


# The admin pages (stores and counters, users).
AdminPage = Annotated[Principal, Depends(require_page_role(Role.admin))]
