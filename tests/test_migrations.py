"""Migrations build the same schema as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import os

import pytest
from alembic import command
from sqlalchemy import inspect

from consult.cli.db import alembic_config
from consult.db import make_engine
from consult.models.base import Base
from tests.conftest import PG_URL, drop_schema, postgres_url, reset_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    if not PG_URL:
        pytest.skip("CONSULT_TEST_DATABASE_URL is not set")
    schema = f"consult_migrations_{os.getpid()}"
    reset_schema(schema)
    yield postgres_url(schema)
    drop_schema(schema)


def test_upgrade_head_on_an_empty_database_matches_the_models(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.check(config)  # raises when models and migrations disagree
    engine = make_engine(empty_database)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_downgrade_to_base_then_upgrade_again(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    command.check(config)
