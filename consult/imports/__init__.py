"""Import answers collected with another tool (CSV or XLSX)."""

from consult.imports.routes import bp

__all__ = ["bp"]
