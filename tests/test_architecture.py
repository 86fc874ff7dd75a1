"""The layers of ARCHITECTURE.md hold: each rule reads every module's imports (ast, not grep).

Arrows: views → services → models; views → reports → analysis, models. Services and reports
never import each other; models and analysis know nothing of Flask or of the layers above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ("admin", "api", "auth", "imports", "meetings", "paper", "pwa", "staff", "survey")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules(package: str) -> dict[str, set[str]]:
    folder = ROOT.joinpath(*package.split("."))
    return {module_name(p): imports_of(p) for p in sorted(folder.rglob("*.py"))}


def offenders(package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list:
    def hits(name: str) -> bool:
        within = any(name == f or name.startswith(f + ".") for f in forbidden)
        return within and not any(name == a or name.startswith(a + ".") for a in allowed)

    return sorted(
        (module, name) for module, names in modules(package).items() for name in names if hits(name)
    )


def test_the_rule_sees_an_import_inside_a_function(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("def f():\n    from consult.reports.frames import cached\n")
    assert "consult.reports.frames" in imports_of(source)


def test_services_never_import_reports_nor_views():
    views = tuple(f"consult.{v}" for v in VIEWS)
    allowed = ("consult.auth.permissions",)  # roles and actions: plain data, no Flask
    assert offenders("consult.services", ("consult.reports", *views), allowed) == []


def test_reports_never_import_services_nor_views():
    views = tuple(f"consult.{v}" for v in VIEWS)
    assert offenders("consult.reports", ("consult.services", *views)) == []


@pytest.mark.parametrize("package", ["consult.models", "analysis"])
def test_models_and_analysis_import_no_flask(package):
    assert offenders(package, ("flask", "flask_login", "flask_wtf", "werkzeug")) == []


def test_models_import_only_models():
    assert offenders("consult.models", ("consult",), ("consult.models",)) == []


def test_analysis_imports_nothing_of_the_web_application():
    assert offenders("analysis", ("consult",)) == []


def test_one_module_wires_the_database():
    """Engines and sessions are made in consult/db.py only (and the tests' own fixtures)."""
    makers = ("sqlalchemy.create_engine", "sqlalchemy.orm.sessionmaker")
    found = [
        (module, name)
        for package in ("consult", "analysis")
        for module, names in modules(package).items()
        for name in names
        if name in makers and module != "consult.db"
    ]
    assert found == []
