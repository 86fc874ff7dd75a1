"""Pages for politique de la ville staff (login required)."""

from consult.staff.routes import bp

__all__ = ["bp"]
