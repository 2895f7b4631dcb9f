"""POST /api/v1/sales with one line at concurrency 1, 8 and 32, on SQLite and PostgreSQL.

python bench/sales_post.py [--seconds 20] [--db sqlite|postgresql|both]
"""

from harness import post_bench

BODY = {
    "receipt_no": "B-{{n}}",
    "store": "S1",
    "counter": "S1-F2-C07",
    "sold_at": "2026-01-31T15:20:00+08:00",
    "staff": "staff",
    "customer": {"name": "张三", "phone": "13812345678"},
    "lines": [
        {
            "sku": "JK-1001",
            "name": "男士棉袄",
            "category": "apparel",
            "qty": 1,
            "tag_price": "1437.00",
            "paid": "1006.00",
        }
    ],
}


if __name__ == "__main__":
    post_bench("sales", "/api/v1/sales", BODY)
