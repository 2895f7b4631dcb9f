"""A member's points statement (积分对账单) as a PDF: who, tier, balance, and every ledger
entry of the chosen period with its running balance, in the product's Chinese font. The
statement shows the member's name and phone as the reader's role may see them; an unmasked
copy is a view of personal data and is logged."""

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.customers import directory, members, profile
from aftersales.customers.errors import MemberNotFound
from aftersales.customers.models import Member, PointEntry, TierRule
from aftersales.customers.present import customer_json
from aftersales.deadlines import DEFAULT_TZ
from aftersales.errors import InvalidInput
from aftersales.org.models import Group, Store
from aftersales.pdf_fonts import cjk_font

MAX_ROWS = 5000
TIER_NAMES = {"standard": "普通会员", "silver": "银卡", "gold": "金卡"}
REASONS = {
    "sale": "消费积分",
    "return": "退货扣回",
    "redeem": "积分兑换",
    "expire": "积分过期",
    "adjust": "人工调整",
    "referral": "推荐奖励",
    "merge": "账户合并",
    "refund_deduction": "退款抵扣",
}


@dataclass(frozen=True, slots=True)
class Statement:
    name: str
    phone: str
    member: Member
    tier: str
    start: date
    end: date
    opening: int
    entries: list[PointEntry]


def _bounds(start: date, end: date, tz: str) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidInput("The period ends before it starts", field="end")
    if (end - start).days > 366 * 10:
        raise InvalidInput("At most ten years", field="start")
    zone = ZoneInfo(tz)
    return (
        datetime.combine(start, time.min, zone),
        datetime.combine(end + timedelta(days=1), time.min, zone),
    )


def member_statement(
    session: Session,
    *,
    customer_id: int,
    user: Principal,
    start: date,
    end: date,
) -> Statement:
    """The member's points between two local days of the group's default zone: the member
    programme is the group's, not one store's."""
    customer = directory.get_customer(session, user=user, customer_id=customer_id)
    member = members.member_of(session, customer.id)
    if member is None:
        raise MemberNotFound(field="member_no")
    since, until = _bounds(start, end, DEFAULT_TZ)
    entries = list(
        session.scalars(
            select(PointEntry)
            .where(PointEntry.member_id == member.id, PointEntry.at >= since, PointEntry.at < until)
            .order_by(PointEntry.id)  # the order of entry, which the balances follow
            .limit(MAX_ROWS)
        )
    )
    opening = (
        entries[0].balance - entries[0].delta if entries else _balance_at(session, member, since)
    )
    shown = customer_json(customer, user) or {}
    profile.log_personal_data_view(
        session, user=user, customer_id=customer.id, where="points_statement"
    )
    tier = session.scalar(select(TierRule.name_zh).where(TierRule.code == member.tier))
    return Statement(
        shown["name"],
        shown["phone"],
        member,
        tier or TIER_NAMES.get(member.tier, member.tier),
        start,
        end,
        opening,
        entries,
    )


def _balance_at(session: Session, member: Member, at: datetime) -> int:
    """The balance after the newest entry before `at` (0 before the first)."""
    last = session.scalar(
        select(PointEntry.balance)
        .where(PointEntry.member_id == member.id, PointEntry.at < at)
        .order_by(PointEntry.id.desc())
        .limit(1)
    )
    return last or 0


def letterhead(session: Session, user: Principal) -> str:
    """The reader's store, or the group for a group role."""
    if user.store_id is not None:
        name = session.scalar(select(Store.name).where(Store.id == user.store_id))
        if name:
            return name
    return session.scalar(select(Group.name).order_by(Group.id).limit(1)) or ""


def statement_pdf(st: Statement, *, store: str, today: date) -> bytes:
    font = cjk_font()
    head = ParagraphStyle("h", fontName=font, fontSize=16, leading=22)
    small = ParagraphStyle("s", fontName=font, fontSize=9, leading=13)
    cell = ParagraphStyle("c", fontName=font, fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title="会员积分对账单"
    )
    closing = st.entries[-1].balance if st.entries else st.opening
    story: list = [
        Paragraph(f"{store} 会员积分对账单", head),
        Paragraph(f"会员：{st.name}（{st.phone}） 会员号：{st.member.member_no}", small),
        Paragraph(
            f"等级：{st.tier} 入会日期：{st.member.since} 当前积分：{st.member.points}",
            small,
        ),
        Paragraph(
            f"期间：{st.start} 至 {st.end} 期初积分：{st.opening} 期末积分：{closing}", small
        ),
        Spacer(1, 6 * mm),
    ]
    zone = ZoneInfo(DEFAULT_TZ)
    rows = [[Paragraph(h, cell) for h in ("时间", "摘要", "小票号", "积分", "余额")]]
    rows += [
        [
            Paragraph(f"{e.at.astimezone(zone):%Y-%m-%d %H:%M}", cell),
            Paragraph(REASONS.get(e.reason, e.reason), cell),
            Paragraph(e.receipt_no or "", cell),
            Paragraph(f"{e.delta:+d}", cell),
            Paragraph(str(e.balance), cell),
        ]
        for e in st.entries
    ]
    table = Table(
        rows, repeatRows=1, hAlign="LEFT", colWidths=[34 * mm, 28 * mm, 50 * mm, 22 * mm, 22 * mm]
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
            ]
        )
    )
    story += [table] if st.entries else [Paragraph("本期间没有积分变动。", small)]
    story += [Spacer(1, 8 * mm), Paragraph(f"{store} 客户服务部 {today:%Y年%m月%d日}", small)]
    doc.build(story)
    return out.getvalue()
