"""Fixtures: ``app``, ``client``, ``runner``, ``session`` and ``auth``, on every database backend.

Every test that uses ``app`` runs on SQLite and, when ``CONSULT_TEST_DATABASE_URL`` points at a
PostgreSQL database, on PostgreSQL too. With ``CONSULT_REQUIRE_POSTGRES=1`` (set by CI) a
missing PostgreSQL is an error, not a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

import consult.models  # noqa: F401
from consult import create_app
from consult.config import QUESTIONNAIRES_DIR
from consult.db import make_engine
from consult.models.base import Base
from consult.services.accounts import create_user
from consult.services.catalog import load_catalog

PG_URL = os.environ.get("CONSULT_TEST_DATABASE_URL", "")
# One schema per run, so that runs sharing the database never see each other's rows.
PG_SCHEMA = f"consult_test_{os.getpid()}"
PASSWORD = "correct horse battery"


def pytest_configure(config) -> None:
    if os.environ.get("CONSULT_REQUIRE_POSTGRES") == "1" and not PG_URL:
        raise pytest.UsageError("CONSULT_REQUIRE_POSTGRES=1 but CONSULT_TEST_DATABASE_URL is unset")


def backends() -> list:
    params = ["sqlite"]
    if PG_URL:
        params.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    return params


def postgres_url(schema: str = PG_SCHEMA) -> str:
    """The test PostgreSQL URL, confined to its own schema (the database is shared)."""
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    """One database per backend for the whole run, its schema created from the models."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if PG_URL:
        urls["postgresql"] = postgres_url()
        reset_schema(PG_SCHEMA)
    for url in urls.values():
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
    yield urls
    if PG_URL:
        drop_schema(PG_SCHEMA)


def reset_schema(schema: str) -> None:
    drop_schema(schema, create=True)


def drop_schema(schema: str, create: bool = False) -> None:
    engine = make_engine(postgres_url("public"))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if create:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()


@pytest.fixture(params=backends())
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, database_urls) -> str:
    return database_urls[backend]


@pytest.fixture
def app(database_url, tmp_path):
    """A fresh app on an emptied database holding the territory and questionnaires."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRES_DIR": QUESTIONNAIRES_DIR,
            "TAG_ON_ARRIVAL": False,  # tests that want it turn it on (it loads spaCy)
        }
    )
    engine = app.extensions["consult.engine"]
    _empty_all_tables(engine)
    with Session(engine) as session, session.begin():
        load_catalog(session, QUESTIONNAIRES_DIR)
    yield app
    engine.dispose()


def _empty_all_tables(engine) -> None:
    tables = Base.metadata.tables
    with engine.begin() as connection:
        # questionnaire and questionnaire_version point at each other: cut that link first.
        connection.execute(tables["questionnaire"].update().values(current_version_id=None))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def session(app, database_url):
    """A session on the app's database, for arranging data and looking at it after requests.

    On SQLite its statements commit one by one, so it never blocks the app (nor reads an old
    snapshot) between requests; on PostgreSQL it reads committed data at each statement.
    """
    engine = make_engine(database_url, sqlite_transactions=False)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, app, client):
        self._app, self._client = app, client

    def create(self, email: str, role: str, quartier_id: str | None = None) -> None:
        with Session(self._app.extensions["consult.engine"]) as session, session.begin():
            create_user(session, email, PASSWORD, role, quartier_id)

    def login(self, email: str = "staff@example.org", role: str = "staff"):
        self.create(email, role)
        return self._client.post("/connexion", data={"email": email, "password": PASSWORD})

    def logout(self):
        return self._client.post("/deconnexion")


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture
def questionnaires_dir() -> Path:
    return QUESTIONNAIRES_DIR
