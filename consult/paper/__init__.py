"""Paper questionnaires: printable numbered sheets, keyed entry and second keying."""

from consult.paper.routes import bp

__all__ = ["bp"]
