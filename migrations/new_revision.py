"""Autogenerate a revision against a scratch SQLite database upgraded to head.

Usage: python migrations/new_revision.py "message"
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from consult.cli.db import alembic_config

with tempfile.TemporaryDirectory() as scratch:
    config = alembic_config(f"sqlite:///{Path(scratch) / 'scratch.db'}")
    command.upgrade(config, "head")
    command.revision(config, message=sys.argv[1], autogenerate=True)
