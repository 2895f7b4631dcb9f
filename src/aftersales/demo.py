"""`aftersales demo`: a deterministic demo data set (seeded), loaded once.

A group with stores S1 and S2, three floors each and eight counters a floor, 12 brands,
300 products across all categories, members and customers, 20,000 receipts over the last
12 months, ten open complaints from different channels, and one account per role
(password `demo` or AFTERSALES_DEMO_PASSWORD).
"""

import random
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from aftersales import refs
from aftersales.audit import service as audit
from aftersales.auth.models import Role, User
from aftersales.auth.passwords import hash_password
from aftersales.customers import demo as member_demo
from aftersales.customers.models import Customer
from aftersales.feedback import demo as suggestion_demo
from aftersales.feedback.enquiries import demo as enquiry_demo
from aftersales.org.models import Brand, Counter, Floor, Group, Store
from aftersales.parts import demo as parts_demo
from aftersales.policysets import demo as policy_demo
from aftersales.repairs import demo as service_demo
from aftersales.sales.models import Category, Product, Receipt, ReceiptLine
from aftersales.supervision.inspections import demo as supervision_demo

SEED = 20261122
CATEGORIES = [
    ("apparel", "服装", "Apparel"),
    ("knitwear", "针织", "Knitwear"),
    ("footwear", "鞋类", "Footwear"),
    ("appliance", "家电", "Appliances"),
    ("mobile_phone", "手机", "Mobile phones"),
    ("general", "百货", "General goods"),
]
# Categories the 三包 rules know that the demo counters sell no products of yet: a sale of
# one can still be entered at the counter and claimed at the desk.
MORE_CATEGORIES = [
    ("fixed_phone", "固定电话", "Fixed-line phones"),
    ("computer", "电脑", "Computers"),
    ("audio_visual", "家用视听", "Home audio-visual"),
]
BRANDS = [
    "雅戈尔",
    "海澜之家",
    "鄂尔多斯",
    "百丽",
    "红蜻蜓",
    "李宁",
    "安踏",
    "海尔",
    "美的",
    "格力",
    "华为",
    "小米",
]
PRODUCT_NAMES = {
    "apparel": (
        ["男士棉袄", "女士风衣", "羊毛大衣", "西装外套", "牛仔裤", "衬衫", "连衣裙"],
        199,
        2999,
    ),
    "knitwear": (["羊绒衫", "针织开衫", "毛衣", "针织裙"], 299, 1999),
    "footwear": (["真皮短靴", "运动鞋", "高跟鞋", "休闲皮鞋", "童鞋", "帆布鞋"], 159, 1599),
    "appliance": (["彩色电视机", "电冰箱", "洗衣机", "空调", "微波炉", "吸尘器"], 699, 8999),
    "mobile_phone": (["智能手机", "手机电池", "充电器", "耳机"], 49, 6999),
    "general": (["保温杯", "床上四件套", "行李箱", "餐具套装"], 39, 999),
}
# The brands of each floor's eight counters, the same in both stores, laid out for the
# demo's cases: shoes at F1-C01, cashmere at F1-C02, a fridge at F2-C01, a rice cooker at
# F3-C05.
FLOORS = {
    1: ["红蜻蜓", "鄂尔多斯", "百丽", "华为", "李宁", "小米", "安踏", "雅戈尔"],
    2: ["海尔", "海澜之家", "雅戈尔", "格力", "安踏", "华为", "美的", "小米"],
    3: ["美的", "百丽", "海尔", "李宁", "美的", "格力", "鄂尔多斯", "红蜻蜓"],
}
# What each brand makes, by category: a product is named and branded by one of its makers.
BRAND_LINES = {
    "雅戈尔": {"apparel": ["西装外套", "衬衫", "羊毛大衣", "男士棉袄"]},
    "海澜之家": {"apparel": ["男士棉袄", "牛仔裤", "衬衫", "女士风衣"], "knitwear": ["毛衣"]},
    "鄂尔多斯": {"knitwear": ["羊绒衫", "针织开衫", "羊绒围巾", "针织裙"]},
    "百丽": {"footwear": ["真皮短靴", "高跟鞋", "休闲皮鞋"]},
    "红蜻蜓": {"footwear": ["休闲皮鞋", "真皮短靴", "童鞋"]},
    "李宁": {"footwear": ["运动鞋", "跑步鞋", "帆布鞋"]},
    "安踏": {"footwear": ["运动鞋", "篮球鞋", "童鞋"]},
    "海尔": {"appliance": ["电冰箱", "洗衣机", "彩色电视机"]},
    "美的": {"appliance": ["空调", "微波炉", "洗衣机", "电饭煲"]},
    "格力": {"appliance": ["空调"]},
    "华为": {"mobile_phone": ["智能手机", "手机电池", "充电器", "耳机"]},
    "小米": {
        "mobile_phone": ["智能手机", "充电器", "耳机"],
        "general": ["保温杯", "行李箱", "床上四件套"],
    },
}
MAKERS = {
    code: [brand for brand in BRANDS if code in BRAND_LINES[brand]] for code, _, _ in CATEGORIES
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆"
DEMO_USERS = [
    ("admin", "系统管理员", Role.admin, None),
    ("staff", "王小明", Role.staff, "S1-F1-C01"),
    ("counter_manager", "李店长", Role.counter_manager, "S1-F1-C01"),
    ("floor_supervisor", "张主管", Role.floor_supervisor, "S1"),
    ("manager_assistant", "赵助理", Role.manager_assistant, "S1"),
    ("dept_manager", "陈经理", Role.dept_manager, None),
    ("complaint_station", "投诉站刘", Role.complaint_station, None),
    ("technician", "维修孙师傅", Role.technician, "S1"),
    ("warehouse", "仓管周", Role.warehouse, "S1"),
    ("inspector", "督导吴", Role.inspector, None),
    ("staff2", "郑小红", Role.staff, "S2-F1-C01"),
]
RECEIPTS = 20_000
CUSTOMERS = 6_000


def is_loaded(session: Session) -> bool:
    return session.execute(select(func.count()).select_from(Store)).scalar_one() > 0


def _org(session: Session) -> dict[str, int]:
    group = Group(code="G1", name="百盛零售集团")
    session.add(group)
    session.flush()
    brands = [Brand(code=f"B{i + 1:02d}", name=name) for i, name in enumerate(BRANDS)]
    session.add_all(brands)
    counters: dict[str, int] = {}
    for store_code, store_name in (("S1", "一号店（南京路）"), ("S2", "二号店（人民广场）")):
        store = Store(group_id=group.id, code=store_code, name=store_name)
        session.add(store)
        session.flush()
        counters[store_code] = store.id
        for f in (1, 2, 3):
            floor = Floor(store_id=store.id, code=f"F{f}", name=f"{f}楼")
            session.add(floor)
            session.flush()
            for c, brand_name in enumerate(FLOORS[f], start=1):
                brand = next(b for b in brands if b.name == brand_name)
                counter = Counter(
                    store_id=store.id,
                    floor_id=floor.id,
                    brand_id=brand.id,
                    code=f"{store_code}-F{f}-C{c:02d}",
                    name=f"{brand.name}专柜",
                )
                session.add(counter)
                session.flush()
                counters[counter.code] = counter.id
    return counters


def _users(session: Session, password: str, codes: dict[str, int]) -> None:
    hashed = hash_password(password)
    for username, name, role, where in DEMO_USERS:
        counter = session.get(Counter, codes[where]) if where and "-" in where else None
        store_id = counter.store_id if counter else (codes[where] if where else None)
        session.add(
            User(
                username=username,
                display_name=name,
                role=role,
                store_id=store_id,
                counter_id=counter.id if counter else None,
                password_hash=hashed,
                email=f"{username}@demo.aftersales.local",
            )
        )


def _catalogue(session: Session, rng: random.Random) -> list[tuple[int, str, str, int, Decimal]]:
    categories = {}
    for code, zh, en in CATEGORIES + MORE_CATEGORIES:
        category = Category(code=code, name_zh=zh, name_en=en)
        session.add(category)
        session.flush()
        categories[code] = category.id
    brand_ids = dict(session.execute(select(Brand.name, Brand.id)).tuples().all())
    products = []
    for i in range(300):
        code = CATEGORIES[i % len(CATEGORIES)][0]
        names, low, high = PRODUCT_NAMES[code]
        makers = MAKERS[code]
        brand = makers[(i // len(CATEGORIES)) % len(makers)]
        own = BRAND_LINES[brand][code]
        # Drawn over the category's names, so the demo's later draws do not depend on
        # how many names a brand has.
        name = f"{brand}{own[rng.randrange(len(names)) % len(own)]}"
        price = Decimal(rng.randrange(low, high))
        product = Product(
            sku=f"{code[:2].upper()}-{1000 + i}",
            name=name,
            category_id=categories[code],
            tag_price=price,
            brand_id=brand_ids[brand],
        )
        session.add(product)
        products.append(product)
    session.flush()
    return [(p.id, p.sku, p.name, p.category_id, p.tag_price, p.brand_id) for p in products]


def _customers(session: Session, rng: random.Random, count: int) -> list[int]:
    rows, phones = [], set()
    rows.append({"name": "张三", "phone": "13812345678", "member_no": "M000001", "version": 1})
    phones.add("13812345678")
    while len(rows) < count:
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        if phone in phones:
            continue
        phones.add(phone)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        member = f"M{len(rows) + 1:06d}" if rng.random() < 0.4 else None
        rows.append({"name": name, "phone": phone, "member_no": member, "version": 1})
    session.execute(insert(Customer), rows)
    return list(session.scalars(select(Customer.id).order_by(Customer.id)))


def _receipts(
    session: Session,
    rng: random.Random,
    now: datetime,
    counters: list[Counter],
    products: list,
    customer_ids: list[int],
    staff_ids: dict[int, int],
    count: int,
) -> None:
    receipts, lines, seq = [], [], 0
    made_by: dict[int, list] = {}
    for product in products:
        made_by.setdefault(product[5], []).append(product)
    for n in range(count):
        # The first receipt is 张三's at S1-F1-C01 so that the demo journeys have a known sale.
        counter = counters[0] if n == 0 else counters[rng.randrange(len(counters))]
        sold_at = now - timedelta(
            days=1 if n == 0 else rng.uniform(0, 364), minutes=rng.randrange(600)
        )
        seq += 1
        local = sold_at + timedelta(hours=8)
        number = f"{counter.code[:2]}-{local:%Y%m%d}-{seq:06d}"
        # A counter sells its brand's goods (the draw over the whole catalogue, as for any
        # counter, keeps the later draws independent of the brand's range).
        own = made_by[counter.brand_id]
        picks = [rng.randrange(len(products)) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        items = [own[j % len(own)] for j in picks]
        total = Decimal(0)
        for i, (pid, sku, name, cat, price, _) in enumerate(items, start=1):
            discount = Decimal(rng.choice(("1", "0.9", "0.8", "0.7")))
            paid = (price * discount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            total += paid
            lines.append(
                {
                    "receipt_no": number,
                    "line_no": i,
                    "product_id": pid,
                    "sku": sku,
                    "name": name,
                    "category_id": cat,
                    "qty": 1,
                    "tag_price": price,
                    "paid": paid,
                }
            )
        customer = (
            customer_ids[0]
            if n == 0
            else (customer_ids[rng.randrange(len(customer_ids))] if rng.random() < 0.8 else None)
        )
        receipts.append(
            {
                "receipt_no": number,
                "store_id": counter.store_id,
                "counter_id": counter.id,
                "staff_id": staff_ids.get(counter.id),
                "customer_id": customer,
                "sold_at": sold_at,
                "total_paid": total,
                "created_at": sold_at,
            }
        )
    session.execute(insert(Receipt), receipts)
    ids = dict(session.execute(select(Receipt.receipt_no, Receipt.id)).tuples().all())
    for line in lines:
        line["receipt_id"] = ids[line.pop("receipt_no")]
    session.execute(insert(ReceiptLine), lines)


DEMO_COMPLAINTS = [
    ("walk_in", "service", "S1-F1-C01", "导购态度冷淡，不愿意介绍商品", "apology", 3),
    ("phone", "product", "S1-F1-C01", "新买的皮鞋穿了两周就开胶", "exchange", 30),
    ("hotline", "product", "S1-F1-C02", "羊绒衫洗后严重起球", "refund", 50),
    ("email", "service", "S1-F2-C03", "收银多收了一件商品的钱", "refund", 2),
    ("online", "product", "S1-F3-C05", "网购的电饭煲收到时外壳破损", "exchange", 80),
    ("letter", "facilities", None, "三楼洗手间长时间没有热水", "vent", 100),
    ("media", "special", None, "记者询问专柜价格标签不一致的情况", "respect", 6),
    ("consumer_association", "product", "S1-F2-C01", "冰箱维修两次后仍然不制冷", "refund", 400),
    ("walk_in", "product", "S2-F1-C01", "吊牌价与结账价格不一致", "compensation", 20),
    ("opinion_box", "service", "S2-F2-C02", "专柜店长不在，无人处理退换货", "respect", 200),
]


def _complaints(session: Session, now: datetime) -> None:
    """A few open complaints at different ages: some have already passed their first
    deadline, so the worker escalates them as soon as it runs."""
    from aftersales.complaints import service as complaints
    from aftersales.complaints.schemas import ComplaintCreate

    for i, (channel, kind, counter, title, wants, hours_ago) in enumerate(DEMO_COMPLAINTS):
        store = counter[:2] if counter else "S1"
        at = now - timedelta(hours=hours_ago)
        data = ComplaintCreate.model_validate(
            {
                "channel": channel,
                "type": kind,
                "store": store,
                "counter": counter,
                "customer": {"name": "张三" if i == 0 else f"顾客{i}", "phone": f"1391234{i:04d}"},
                "title": title,
                "description": title,
                "wants": wants,
                "occurred_at": at.isoformat(),
            }
        )
        complaints.register_complaint(session, data=data, actor=None, now=at)


# Open complaints whose customer has heard back (答复顾客): (title, hours after
# registration the proposal went out, or None: "after the reply was due, one day late").
DEMO_REPLIES = [
    ("新买的皮鞋穿了两周就开胶", 6),
    ("网购的电饭煲收到时外壳破损", 8),
    ("冰箱维修两次后仍然不制冷", None),
]


def _replies(session: Session, now: datetime) -> None:
    """Two demo complaints replied to in time and one late; the newest one is acknowledged
    and still waits for its reply, due later today or tomorrow."""
    from aftersales.auth.principal import Principal
    from aftersales.complaints import service as complaints
    from aftersales.complaints.models import Complaint
    from aftersales.complaints.schemas import OutcomeIn

    actor = Principal.of(session.scalars(select(User).where(User.username == "admin")).one())
    for title, hours in DEMO_REPLIES:
        c = session.scalars(select(Complaint).where(Complaint.title == title)).one()
        complaints.acknowledge(
            session, complaint_id=c.id, actor=actor, now=c.created_at + timedelta(hours=1)
        )
        late = (c.reply_by or c.created_at) + timedelta(days=1)
        at = c.created_at + timedelta(hours=hours) if hours else late
        offer = OutcomeIn(kind="exchange", cost=Decimal("0"), note="更换同款新品")
        complaints.propose(
            session, complaint_id=c.id, outcomes=[offer], actor=actor, now=min(at, now)
        )
    waiting = session.scalars(
        select(Complaint).where(Complaint.title == DEMO_COMPLAINTS[0][3])
    ).one()
    complaints.acknowledge(
        session, complaint_id=waiting.id, actor=actor, now=waiting.created_at + timedelta(hours=1)
    )


def _claim_turned_into_complaint(session: Session, now: datetime) -> None:
    """A pair of shoes that pinch after wear: the 三包 decision refuses it, the customer is
    not satisfied and the clerk turns the claim into a complaint (linked both ways)."""
    from aftersales.auth.principal import Principal
    from aftersales.claims.open import open_claim
    from aftersales.claims.present import complaint_suggestion
    from aftersales.claims.schemas import ClaimCreate
    from aftersales.complaints import service as complaints
    from aftersales.complaints.schemas import ComplaintCreate

    staff = session.scalars(select(User).where(User.username == "staff")).first()
    footwear = session.scalars(select(Category.id).where(Category.code == "footwear")).first()
    if staff is None or footwear is None:
        return
    line = session.scalars(
        select(ReceiptLine)
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .where(ReceiptLine.category_id == footwear, Receipt.counter_id == staff.counter_id)
        .where(Receipt.sold_at <= now - timedelta(days=20))
        .order_by(Receipt.sold_at.desc())
    ).first()
    if line is None:
        return
    receipt = session.get(Receipt, line.receipt_id)
    assert receipt is not None
    actor = Principal.of(staff)
    data = ClaimCreate.model_validate(
        {
            "receipt_no": receipt.receipt_no,
            "sku": line.sku,
            "problem": "size_fit",
            "condition": ["worn"],
            "material": "children" if "童" in line.name else "leather",
            "remedy": "return",
            "evidence": [],
        }
    )
    claim = open_claim(session, data=data, actor=actor, now=now)
    kind, cause = complaint_suggestion(claim.problem, ["worn"])
    complaint = ComplaintCreate.model_validate(
        {
            "channel": "walk_in",
            "type": kind,
            "cause": cause,
            "counter": refs.refs(session).counter_codes.get(claim.counter_id),
            "receipt_no": receipt.receipt_no,
            "title": f"尺码 / 合脚：{claim.item_name}",
            "description": "鞋子穿了几天挤脚，要求退货；三包政策不予退货，顾客不满意。",
            "wants": "退货",
            "product": f"{claim.item_name}（{claim.sku}）",
            "claim_id": claim.id,
            "occurred_at": now.isoformat(),
        }
    )
    complaints.register_complaint(session, data=complaint, actor=actor, now=now)


def load_demo(
    session: Session,
    *,
    password: str,
    now: datetime,
    receipts: int = RECEIPTS,
    customers: int = CUSTOMERS,
    with_complaints: bool = True,
) -> bool:
    """Load the demo set into an empty database; answer False (and change nothing) otherwise."""
    if is_loaded(session):
        return False
    rng = random.Random(SEED)
    codes = _org(session)
    _users(session, password, codes)
    products = _catalogue(session, rng)
    customer_ids = _customers(session, rng, customers)
    session.flush()
    counters = list(session.scalars(select(Counter).order_by(Counter.id)))
    staff_ids = {u.counter_id: u.id for u in session.scalars(select(User)) if u.counter_id}
    _receipts(session, rng, now, counters, products, customer_ids, staff_ids, receipts)
    member_demo.load_members(session, now=now)  # members and their ledgers
    suggestion_demo.load_suggestions(session, now=now)
    enquiry_demo.load_enquiry_demo(session, now=now)  # a month of hotline questions
    # technicians' and a driver's day tomorrow: installations, deliveries, a visit
    service_demo.load_service_orders(session, password=password, now=now)
    if with_complaints:
        _complaints(session, now)
        _replies(session, now)
        _claim_turned_into_complaint(session, now)
        # Four months of handled complaints and claims for the statistics pages.
        from aftersales.supervision.reports.demo import add_report_history

        add_report_history(session, now=now)
    # inspections, corrective actions, training, discipline, surveys
    supervision_demo.load_supervision_demo(session, now=now, full=with_complaints)
    # spare parts and stock; in the full demo, repairs waiting for parts
    parts_demo.load_parts_demo(session, now=now, full=with_complaints)
    policy_demo.load_policy_demo(session, now=now)  # the policy set in force and a draft
    after = {"receipts": receipts, "customers": customers}
    audit.record(session, "demo", 1, "demo_loaded", actor=None, after=after)
    refs.changed(session)
    return True
