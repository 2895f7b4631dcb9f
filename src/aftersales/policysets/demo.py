"""Demo policy versions: the shipped set in force, and a draft the administrator is
weighing (rubber and sports shoes: three months instead of two), ready to replay."""

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.policysets import service
from aftersales.policysets.models import PolicySetVersion, VersionStatus

NOTE = "胶鞋、运动鞋三包期由两个月延长至三个月（征求意见稿）"
_RUBBER = re.compile(r'^(rubber\s*=\s*)"2 months"', re.MULTILINE)


def demo_draft_files(files: dict[str, str]) -> dict[str, str]:
    """The shipped files with the rubber footwear periods at three months."""
    draft = dict(files)
    draft["footwear.toml"] = _RUBBER.sub(r'\1"3 months"', files["footwear.toml"])
    return draft


def load_policy_demo(session: Session, *, now: datetime) -> None:
    service.ensure_shipped(session, now=now - timedelta(days=120))
    if session.scalars(
        select(PolicySetVersion).where(PolicySetVersion.status == VersionStatus.draft)
    ).first():
        return
    admin = session.scalars(select(User).where(User.role == Role.admin).order_by(User.id)).first()
    active = service.active_row(session)
    if admin is None or active is None:
        return
    files = demo_draft_files(active.files)
    if files == active.files:  # the shipped footwear file no longer has that line
        return
    service.save_draft(
        session, files=files, note=NOTE, actor=Principal.of(admin), now=now - timedelta(days=2)
    )
