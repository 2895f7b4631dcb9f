"""The shipped course catalogue (seed 001 §7): service skills and service attitude. The
migration loads it; admins add courses later. (code, area, 中文, English, certificate months)."""

SHIPPED = [
    ("product_knowledge", "skills", "商品知识", "Product knowledge", 12),
    ("selling", "skills", "销售技巧", "Selling skills", 12),
    (
        "communication",
        "skills",
        "沟通技巧（倾听、表达、提问、反馈）",
        "Communication (listening, speaking, asking, feedback)",
        12,
    ),
    ("complaint_handling", "skills", "投诉处理技巧", "Complaint handling", 12),
    ("ethics", "attitude", "职业道德", "Professional ethics", None),
    ("teamwork", "attitude", "团队合作", "Teamwork", None),
    ("customer_orientation", "attitude", "客户导向", "Customer orientation", None),
]
