"""Shared fixtures: databases (SQLite and a real PostgreSQL), the app, personas."""

import itertools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from aftersales import migrate
from aftersales.app import create_app
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo
from aftersales.settings import Settings
from tests.support.postgres import PostgresServer

DEMO_RECEIPTS = 400
# Settings refuse to start without a secret; tests (and the servers they spawn) share this one.
os.environ.setdefault("AFTERSALES_SECRET_KEY", "test-secret-for-the-suite-only-0123456789")

# Property tests: a few examples while working, the full count in CI (.ci/run selects it).
_PROPERTIES = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=40, **_PROPERTIES)
settings.register_profile("ci", max_examples=200, **_PROPERTIES)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if os.environ.get("AFTERSALES_TEST_PG_URL"):
        pytest.skip("using an outside PostgreSQL")
    server = PostgresServer().start()
    yield server
    server.stop()


def _prepare(url: str) -> Engine:
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        # No demo complaints: the sweep and queue tests count exactly what they register.
        load_demo(
            session,
            password="demo",
            now=utcnow(),
            receipts=DEMO_RECEIPTS,
            customers=200,
            with_complaints=False,
        )
    return engine


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


# Every test that touches a database gets its own copy of one prepared database, so no test
# sees another's rows or depends on the order tests run in. The copy is cheap (a file copy on
# SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL); preparing (migrations, demo) is done
# once per run.
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(tmp_path_factory.mktemp("template")) / "template.db"
    _prepare(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    # Beside the test's tmp_path, not in it: tests look at what their tmp_path holds.
    path = Path(tmp_path_factory.mktemp("db")) / "test.db"
    _copy_sqlite(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def shared_sqlite_engine(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One copy for a whole module or session: live servers started once, and the modules
    whose tests read what a module fixture wrote (they say so by asking for this)."""
    path = Path(tmp_path_factory.mktemp("shared")) / "shared.db"
    _copy_sqlite(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_template(postgres: PostgresServer) -> str:
    """The prepared database that every test's copy is made from; nothing else connects to
    it (CREATE DATABASE ... TEMPLATE refuses a template in use)."""
    url = postgres.create_database("aftersales_template")
    _prepare(url).dispose()
    return "aftersales_template"


_pg_copies = itertools.count(1)


@pytest.fixture
def pg_url(postgres: PostgresServer, pg_template: str) -> Iterator[str]:
    name = f"aftersales_test_{next(_pg_copies)}"
    postgres.create_database(name, template=pg_template)
    yield postgres.url(name)
    postgres.drop_database(name)


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Service tests run on both databases."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, commits included."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    """A committing session factory, for code that manages its own transactions."""
    return make_session_factory(engine)


def make_client(url: str) -> TestClient:
    settings = Settings(database_url=url, secret_key="test-secret", env="test")
    return TestClient(create_app(settings))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """API tests run through the real app on both databases."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    engine = request.getfixturevalue(name)
    with make_client(str(engine.url.render_as_string(hide_password=False))) as test_client:
        yield test_client


@pytest.fixture
def sqlite_client(sqlite_engine: Engine) -> Iterator[TestClient]:
    with make_client(str(sqlite_engine.url)) as test_client:
        yield test_client


def token_for(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": "demo"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def as_user(client: TestClient):  # noqa: ANN201
    cache: dict[str, dict[str, str]] = {}

    def headers(username: str) -> dict[str, str]:
        if username not in cache:
            cache[username] = token_for(client, username)
        return cache[username]

    return headers
