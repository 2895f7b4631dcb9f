"""Care letters (感谢函, 贺卡) printed as PDF: one page per letter, mail-merged from the
task's text, on the store's letterhead, in the product's Chinese font (pdf_fonts.py)."""

import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.customers import access
from aftersales.customers.care import visible_tasks
from aftersales.customers.care_models import CareTask
from aftersales.customers.models import Customer
from aftersales.org.models import Store
from aftersales.pdf_fonts import cjk_font


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    return {
        "head": ParagraphStyle("h", fontName=font, fontSize=16, leading=22),
        "small": ParagraphStyle("s", fontName=font, fontSize=9, leading=13),
        "body": ParagraphStyle("b", fontName=font, fontSize=12, leading=20, firstLineIndent=24),
    }


def letter_tasks(
    session: Session, *, user: Principal, ids: list[int] | None
) -> list[tuple[CareTask, Customer, str]]:
    access.require(user, "edit")
    stmt = (
        visible_tasks(user)
        .where(CareTask.channel == "letter", CareTask.done_at.is_(None))
        .add_columns(Customer, Store.name)
        .join(Customer, Customer.id == CareTask.customer_id)
        .join(Store, Store.id == CareTask.store_id)
        .order_by(CareTask.due_on, CareTask.id)
    )
    if ids:
        stmt = stmt.where(CareTask.id.in_(ids))
    return [(t, c, s) for t, c, s in session.execute(stmt.limit(500))]


def letters_pdf(rows: list[tuple[CareTask, Customer, str]], *, today: date) -> bytes:
    out, st = io.BytesIO(), _styles()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        title="关怀信函",
    )
    story: list = []
    for i, (task, customer, store) in enumerate(rows):
        if i:
            story.append(PageBreak())
        story += [
            Paragraph(store, st["head"]),
            Paragraph("客户服务部", st["small"]),
            Spacer(1, 14 * mm),
            Paragraph(f"{customer.name}", st["small"]),
            Paragraph(customer.address or "", st["small"]),
            Spacer(1, 10 * mm),
            Paragraph(task.text, st["body"]),
            Spacer(1, 16 * mm),
            Paragraph(f"{store} 客户服务部", st["small"]),
            Paragraph(f"{today:%Y年%m月%d日}", st["small"]),
        ]
    if not story:
        story.append(Paragraph("没有待打印的信函。", st["small"]))
    doc.build(story)
    return out.getvalue()
