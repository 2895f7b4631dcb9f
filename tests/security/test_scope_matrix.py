"""The route x role x store matrix, generated from the app's routes (API and console).

Every route with an object in its path is called by each store- and counter-scoped demo role
for an object of ANOTHER store (S2's for the S1 roles, S1's for staff2), with a body that
passes validation (built from the route's own schema), so the only thing left to refuse it
is the scope check: the answer must be 403 or 404, never a 2xx, a redirect or a 500. A new
route whose path object is not in OBJECTS, or is not refused, fails the suite. Routes whose
path holds no store's object are listed in NOT_A_STORES_OBJECT with the reason.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from aftersales import migrate
from aftersales.app import create_app
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo
from aftersales.settings import Settings
from tests.security.routes import api_routes, path_params
from tests.support.pages import login

# The demo's store- and counter-scoped accounts and their store (the group roles see all).
SCOPED = {
    "staff": "S1",
    "counter_manager": "S1",
    "floor_supervisor": "S1",
    "manager_assistant": "S1",
    "technician": "S1",
    "warehouse": "S1",
    "staff2": "S2",
}
OTHER = {"S1": "S2", "S2": "S1"}

# Path parameters that name no store's object, and why the scope check does not apply.
NOT_A_STORES_OBJECT = {
    "day": "a day of the group's business calendar (admin-only edits)",
    "month": "a calendar month: the report is scoped by the user's store, not by the path",
    "lang": "public: the language switch",
    "token": "public: a customer's one-time survey link",
    "member_no": "members.md: any counter's point of sale reads and credits a member "
    "(personal data masked outside the customer's stores)",
    "rule_id": "a group-wide earn rule (administrators)",
    "merge_id": "a merge of two customer records (administrators only)",
    "session_id": "a group-wide training session",
    "attendance_id": "a seat in a group-wide training session: the trainers record the "
    "results of attendees from every store",
    "code": "a group-wide inspection template or a member's voucher (see member_no)",
    "message_id": "an outbox message (administrators' notifications page)",
    "part_id": "a catalogue part, group-wide; its stock is per store and scoped by location",
    "version_id": "a version of the group's policy set (administrators)",
    "replay_id": "a replay of a policy draft over the group's claims (administrators)",
    "/service-standards:action": "group-wide service standards (administrators)",
}

# For each path parameter (by the route's first path segment where the name is shared): the
# SQL that finds an object of the store named :store.
_STORE = "(SELECT id FROM store WHERE code = :store)"
OBJECTS: dict[str, str] = {
    "complaint_id": f"SELECT id FROM complaint WHERE store_id = {_STORE}",
    "attachment_id": "SELECT a.id FROM complaint_attachment a JOIN complaint c ON "
    f"c.id = a.complaint_id WHERE c.store_id = {_STORE} AND c.id = :complaint_id",
    "claim_id": f"SELECT id FROM claim WHERE store_id = {_STORE}",
    "work_order_id": f"SELECT id FROM work_order WHERE store_id = {_STORE}",
    "stock_id": f"SELECT id FROM returned_stock WHERE store_id = {_STORE}",
    "suggestion_id": f"SELECT id FROM suggestion WHERE store_id = {_STORE}",
    "enquiry_id": f"SELECT id FROM enquiry WHERE store_id = {_STORE}",
    "inspection_id": f"SELECT id FROM inspection WHERE store_id = {_STORE}",
    "photo_id": "SELECT id FROM inspection_photo WHERE inspection_id = :inspection_id",
    "action_id": f"SELECT id FROM corrective_action WHERE store_id = {_STORE}",
    "receipt_id": f"SELECT id FROM receipt WHERE store_id = {_STORE}",
    "customer_id": "SELECT customer_id FROM receipt WHERE customer_id IS NOT NULL AND store_id "
    f"= {_STORE} AND customer_id NOT IN (SELECT customer_id FROM receipt WHERE customer_id IS "
    f"NOT NULL AND store_id <> {_STORE}) AND customer_id NOT IN (SELECT customer_id FROM "
    f"complaint WHERE customer_id IS NOT NULL AND store_id <> {_STORE})",
    "person_id": f"SELECT id FROM app_user WHERE store_id = {_STORE} AND role = 'staff'",
    "entry_id": "SELECT m.id FROM management_points m JOIN counter c ON c.id = m.counter_id "
    f"WHERE c.store_id = {_STORE}",
    "/api/v1/discipline-records:record_id": "SELECT d.id FROM discipline_record d JOIN app_user"
    f" u ON u.id = d.staff_id WHERE u.store_id = {_STORE}",
    "/staff/discipline:record_id": "SELECT d.id FROM discipline_record d JOIN app_user u ON "
    f"u.id = d.staff_id WHERE u.store_id = {_STORE}",
    "/staff/monthly:record_id": "SELECT m.id FROM staff_monthly_record m JOIN app_user u ON "
    f"u.id = m.user_id WHERE u.store_id = {_STORE}",
    "/api/v1/complaint-tasks:task_id": f"SELECT id FROM complaint_task WHERE store_id = {_STORE}",
    "/care:task_id": f"SELECT id FROM care_task WHERE store_id = {_STORE}",
    "step": "SELECT 'diagnose'",
    "/work-orders:action": "SELECT 'reserve'",
    "/api/v1/part-stock:stock_id": f"SELECT id FROM part_stock WHERE store_id = {_STORE}",
    "/warehouse/reorder:stock_id": f"SELECT id FROM part_stock WHERE store_id = {_STORE}",
    "reservation_id": "SELECT r.id FROM part_reservation r JOIN work_order w ON "
    f"w.id = r.work_order_id WHERE w.store_id = {_STORE}",
    "wait_id": "SELECT p.id FROM parts_wait p JOIN work_order w ON w.id = p.work_order_id "
    f"WHERE w.store_id = {_STORE}",
    "file_id": "SELECT f.id FROM work_order_file f JOIN work_order w ON w.id = f.work_order_id "
    f"WHERE w.store_id = {_STORE} AND w.id = :work_order_id",
    "/warehouse/tasks:task_id": f"SELECT id FROM complaint_task WHERE store_id = {_STORE}",
    "event_id": f"SELECT id FROM priority_event WHERE store_id = {_STORE}",
    "store_code": "SELECT code FROM store WHERE code = :store",
    "/delivery-rules:action": "SELECT 'preview'",
}
# Rows the demo does not hold in both stores, added for the matrix (copies of a row of the
# other store moved to this one).
_CLONE = {
    "returned_stock": ("store_id", "counter_id"),
    "corrective_action": ("store_id", "counter_id"),
    "complaint_task": ("store_id",),
    "priority_event": ("store_id",),
}


def _key(path: str, name: str) -> str:
    head = path.split("/{")[0]
    return f"{head}:{name}" if f"{head}:{name}" in OBJECTS else name


def _exempt(path: str, name: str) -> bool:
    return name in NOT_A_STORES_OBJECT or f"{path.split('/{')[0]}:{name}" in NOT_A_STORES_OBJECT


def _store_routes(app: Any) -> Iterator[tuple[str, str, APIRoute]]:  # noqa: ANN401
    for method, path, route in api_routes(app.routes):
        names = [p.name for p in path_params(route)]
        if method == "HEAD" or not names:
            continue
        if any(_exempt(path, n) for n in names):
            continue
        yield method, path, route


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'demo.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(session, password="demo", now=utcnow(), receipts=50, customers=20)
        _fill_gaps(session)
    yield engine
    engine.dispose()


def _fill_gaps(session: Any) -> None:  # noqa: ANN401
    """Give both stores the rows the demo keeps in one: a task, a stock return, an action,
    discipline and points, an attachment and an inspection photo."""
    db = session.connection()
    stores = dict(db.execute(text("SELECT code, id FROM store")).all())
    counters = {
        code: db.execute(
            text("SELECT min(id) FROM counter WHERE store_id = :s"), {"s": sid}
        ).scalar_one()
        for code, sid in stores.items()
    }
    for code, sid in stores.items():
        c = db.execute(
            text("SELECT id FROM complaint WHERE store_id = :s ORDER BY id LIMIT 1"), {"s": sid}
        ).scalar_one()
        db.execute(
            text(
                "INSERT INTO complaint_task (complaint_id, role, store_id, title, created_at, "
                "version) VALUES (:c, 'warehouse', :s, '寄送新鞋', :t, 1)"
            ),
            {"c": c, "s": sid, "t": utcnow()},
        )
        db.execute(
            text(
                "INSERT INTO complaint_attachment (complaint_id, kind, filename, content_type, "
                "size, sha256, path, created_at) VALUES (:c, 'photo', 'a.png', 'image/png', 1, "
                "'0', 'missing.png', :t)"
            ),
            {"c": c, "t": utcnow()},
        )
        clerk = db.execute(
            text("SELECT id FROM app_user WHERE store_id = :s AND role = 'staff' LIMIT 1"),
            {"s": sid},
        ).scalar_one()
        db.execute(
            text(
                "INSERT INTO discipline_record (staff_id, kind, reason, created_at, version) "
                "VALUES (:u, 'warning', '接待冷淡', :t, 1)"
            ),
            {"u": clerk, "t": utcnow()},
        )
        db.execute(
            text(
                "INSERT INTO management_points (counter_id, points, reason, created_at)"
                " VALUES (:k, -5, '未按流程处理', :t)"
            ),
            {"k": counters[code], "t": utcnow()},
        )
        insp = db.execute(
            text("SELECT min(id) FROM inspection WHERE store_id = :s"), {"s": sid}
        ).scalar_one()
        db.execute(
            text(
                "INSERT INTO inspection_photo (inspection_id, filename, content_type, size, "
                "sha256, path, created_at) VALUES (:i, 'a.png', 'image/png', 1, '0', "
                "'missing.png', :t)"
            ),
            {"i": insp, "t": utcnow()},
        )
        rule, customer = (
            db.execute(text("SELECT min(id) FROM care_rule")).scalar_one(),
            db.execute(text("SELECT min(id) FROM customer")).scalar_one(),
        )
        db.execute(
            text(
                "INSERT INTO care_task (rule_id, source, source_id, customer_id, store_id, "
                "counter_id, channel, text, due_on, created_at, version) VALUES (:r, 'sale', :s, "
                ":c, :s, :k, 'phone', '回访', '2026-12-01', :t, 1)"
            ),
            {"r": rule, "c": customer, "s": sid, "k": counters[code], "t": utcnow()},
        )
        # Parts rows hang on a work order: copy one onto this store's first work order.
        order = db.execute(
            text("SELECT min(id) FROM work_order WHERE store_id = :s"), {"s": sid}
        ).scalar_one()
        for table in ("part_reservation", "parts_wait"):
            row = dict(db.execute(text(f"SELECT * FROM {table} LIMIT 1")).mappings().one())
            row.pop("id")
            row["work_order_id"] = order
            db.execute(
                text(
                    f"INSERT INTO {table} ({', '.join(row)}) "
                    f"VALUES ({', '.join(':' + k for k in row)})"
                ),
                row,
            )
        db.execute(
            text(
                "INSERT INTO work_order_file (work_order_id, kind, content_type, size, sha256, "
                "path, created_at) VALUES (:w, 'photo', 'image/png', 1, '0', 'missing.png', :t)"
            ),
            {"w": order, "t": utcnow()},
        )
        for table, place in _CLONE.items():
            has = db.execute(
                text(f"SELECT count(*) FROM {table} WHERE store_id = :s"), {"s": sid}
            ).scalar_one()
            if has:
                continue
            row = _a_row_of(db, table, sid)
            row["store_id"] = sid
            if "counter_id" in place:
                row["counter_id"] = counters[code]
            if table == "returned_stock":  # one per claim: this store's claim
                row["claim_id"] = db.execute(
                    text("SELECT max(id) FROM claim WHERE store_id = :s"), {"s": sid}
                ).scalar_one()
            cols = ", ".join(row)
            db.execute(
                text(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + k for k in row)})"),
                row,
            )


def _a_row_of(db: Any, table: str, sid: int) -> dict[str, Any]:  # noqa: ANN401
    """A row of `table` to copy; a small demo may make no stock return (whether a claim
    ends in a refund depends on the day the demo is loaded), so one is made from a claim."""
    found = db.execute(text(f"SELECT * FROM {table} LIMIT 1")).mappings().first()
    if found is None and table == "returned_stock":
        claim = db.execute(
            text("SELECT counter_id, sku FROM claim WHERE store_id = :s LIMIT 1"), {"s": sid}
        ).one()
        found = {"id": None, "counter_id": claim.counter_id, "sku": claim.sku, "qty": 1}
        found["received_at"] = utcnow()
    assert found is not None, f"the demo has no row of {table} to copy"
    row = dict(found)
    row.pop("id")
    return row


def _object(engine: Engine, path: str, route: APIRoute, store: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for param in path_params(route):
        key = _key(path, param.name)
        assert key in OBJECTS, f"{path}: no object of a store for {{{param.name}}} (OBJECTS)"
        with engine.connect() as db:  # no read left open beside the app's writes
            rows = db.execute(text(OBJECTS[key]), {"store": store, **found}).scalars().all()
        value = min(rows, default=None)  # the same object on every run
        assert value is not None, f"{path}: no {param.name} of {store} in the demo"
        found[param.name] = str(value)
    return found


def _sample(schema: dict[str, Any], defs: dict[str, Any]) -> Any:  # noqa: ANN401
    """A smallest value that passes the JSON schema (the request body's own)."""
    if "$ref" in schema:
        return _sample(defs[schema["$ref"].split("/")[-1]], defs)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return _sample(options[0], defs)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _sample(props[k], defs) for k in schema.get("required", []) if k in props}
    if kind == "array":
        return [_sample(schema.get("items", {}), defs) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "string":
        pattern = schema.get("pattern", "")
        choice = re.fullmatch(r"\^\(?([\w|]+)\)?\$", pattern)
        if choice:
            return choice.group(1).split("|")[0]
        if schema.get("format") == "date":
            return "2026-11-20"
        if schema.get("format") == "date-time":
            return "2026-11-20T10:00:00+08:00"
        if schema.get("format") == "binary":
            return None
        return "1" * max(1, schema.get("minLength", 1))
    return "1"


# Fields the schema leaves optional but the route asks for before it reaches the case.
MORE: dict[str, dict[str, Any]] = {
    "deescalate": {"to_level": 1},
    "confirm": {"code": "123456"},
    "override": {"reason": "老顾客照顾换码"},
    "{step}": {"diagnosis": "鞋底开胶"},
    "{task_id}": {"outcome": "reached"},
}


def _body(route: APIRoute) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields, files) for a call that passes the route's validation."""
    if route.body_field is None:  # a console form read as a whole (Posted)
        return dict(MORE.get(route.path.rsplit("/", 1)[-1], {})), {}
    model = route.body_field.field_info.annotation
    schema = model.model_json_schema() if hasattr(model, "model_json_schema") else {}
    if "anyOf" in schema:  # an optional body (StepIn | None)
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    fields = _sample(schema, schema.get("$defs", {})) or {}
    props = schema.get("properties", {})
    files = {
        k: ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")
        for k, p in props.items()
        if "binary" in str(p) or "octet-stream" in str(p)
    }
    fields |= MORE.get(route.path.rsplit("/", 1)[-1], {})
    return {k: v for k, v in fields.items() if k not in files and v is not None}, files


@pytest.fixture(scope="module")
def clients(demo_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One client of the app (one event loop, as a server has); each role's token, session
    cookies and form token, swapped in before its calls."""
    settings = Settings(
        database_url=str(demo_engine.url),
        secret_key="test-secret",
        env="test",
        attachments_dir=Path(tmp_path_factory.mktemp("files")),
    )
    with TestClient(create_app(settings), client=("10.7.0.1", 50000)) as web:
        personas = {}
        for username in SCOPED:
            web.cookies.clear()
            token = web.post(
                "/api/v1/auth/token", json={"username": username, "password": "demo"}
            ).json()["access_token"]
            form_token = login(web, username)
            personas[username] = (
                {"Authorization": f"Bearer {token}"},
                form_token,
                dict(web.cookies.items()),
            )
        yield web, personas


def _call(
    web: TestClient, headers: dict[str, str], token: str, method: str, url: str, route: APIRoute
) -> Any:  # noqa: ANN401
    fields, files = _body(route)
    if "version" in (route.body_field and str(route.body_field.field_info.annotation) or ""):
        fields.setdefault("version", 1)
    if url.startswith("/api/"):
        if files:
            return web.request(method, url, data=fields, files=files, headers=headers)
        return web.request(method, url, json=fields if route.body_field else None, headers=headers)
    if method == "GET":
        return web.get(url, follow_redirects=False)
    form = {k: str(v) for k, v in fields.items()} | {"csrf_token": token, "version": "1"}
    return web.request(method, url, data=form, files=files or None, follow_redirects=False)


def test_every_path_object_is_known_or_listed():
    app = create_app(
        Settings(
            database_url="sqlite:////tmp/aftersales-unused.db", secret_key="test-secret", env="test"
        )
    )
    unknown = {
        _key(path, p.name)
        for _, path, route in api_routes(app.routes)
        for p in path_params(route)
        if _key(path, p.name) not in OBJECTS and not _exempt(path, p.name)
    }
    assert unknown == set(), f"path objects with no scope cell: {sorted(unknown)}"


def test_no_role_reaches_another_stores_object_on_any_route(demo_engine, clients):
    web, personas = clients
    app = web.app
    leaks: list[str] = []
    calls = 0
    for method, path, route in _store_routes(app):
        for role, store in SCOPED.items():
            values = _object(demo_engine, path, route, OTHER[store])
            url = path
            for name, value in values.items():
                url = url.replace("{" + name + "}", value)
            headers, token, cookies = personas[role]
            web.cookies.clear()
            web.cookies.update(cookies)
            answer = _call(web, headers, token, method, url, route)
            calls += 1
            if answer.status_code not in (403, 404):
                leaks.append(
                    f"{role} {method} {url} ({path}) -> {answer.status_code} "
                    + answer.text[:160].replace("\n", " ")
                )
    assert calls > 500  # the matrix was walked
    assert leaks == [], "reached another store's object:\n" + "\n".join(leaks)
