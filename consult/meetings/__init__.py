"""Meeting workshops: a Conseil Citoyen meeting and its collective contributions."""

from consult.meetings.routes import bp

__all__ = ["bp"]
