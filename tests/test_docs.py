"""The README tells the truth: every setting and every CLI command is documented."""

from __future__ import annotations

import os
import subprocess
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


def _quick_start() -> str:
    return README.split("## Quick start")[1].split("\n## ")[0]


def test_the_quick_start_has_the_three_commands_a_newcomer_and_ci_run():
    commands = [
        line.split("#")[0].strip()
        for line in _quick_start().splitlines()
        if line.strip().startswith("make ")
    ]
    assert commands == ["make run", "make demo", "make test"]
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci


@pytest.mark.parametrize("target", ["run", "demo", "test"])
def test_every_quick_start_command_is_a_make_target(target):
    dry_run = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", target],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        env={key: v for key, v in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))},
    )
    assert dry_run.returncode == 0, dry_run.stderr
    expected = {"run": "consult serve", "demo": "consult demo load", "test": "pytest"}[target]
    assert expected in dry_run.stdout


def test_the_quick_start_names_no_fixed_port_and_says_how_to_remove_the_demo():
    quick_start = _quick_start()
    assert "5000" not in quick_start and "PORT=" in quick_start
    assert "consult demo remove" in quick_start
    assert "Espace équipe" in quick_start
    assert "instance/make.log" in quick_start
