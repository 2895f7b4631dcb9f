"""Sales in the shape of the contract, with unique numbers per call."""

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

_seq = itertools.count(1)


def sale_body(**overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    body = {
        "receipt_no": f"T-{uuid.uuid4().hex[:12]}-{n}",
        "store": "S1",
        "counter": "S1-F1-C01",
        "sold_at": (datetime.now(UTC) - timedelta(days=3)).isoformat(),
        "staff": "staff",
        "customer": {"name": "张三", "phone": "138 1234 5678"},
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
    body.update(overrides)
    return body
