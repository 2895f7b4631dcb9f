"""A fresh clerk per test, so a discipline ladder never carries another test's records."""

import itertools
import uuid

from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User
from aftersales.staff import service
from aftersales.staff.schemas import UserForm

_seq = itertools.count(1)


def new_clerk(session: Session, counter: str = "S1-F1-C01") -> User:
    name = f"clerk{next(_seq)}_{uuid.uuid4().hex[:6]}"
    return service.create_user(
        session,
        data=UserForm(
            username=name,
            display_name=f"新员工{name[-4:]}",
            role=Role.staff,
            counter=counter,
            email=f"{name}@demo.aftersales.local",
            password="demo",
        ),
        actor=None,
    )
