"""The README tells the truth: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult.cli import cli
from consult.config import SETTINGS

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented_in_the_readme(name):
    assert f"`{name}`" in README


def _commands(group, prefix=""):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


@pytest.mark.parametrize("command", sorted(_commands(cli)))
def test_every_cli_command_is_in_the_readme(command):
    assert f"consult {command}" in README


def test_the_quick_start_has_exactly_the_two_commands_ci_runs():
    quick_start = README.split("## Quick start")[1].split("##")[0]
    commands = [
        line.split("#")[0].strip() for line in quick_start.splitlines() if line.startswith("make ")
    ]
    assert commands == ["make run", "make test"]
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci
