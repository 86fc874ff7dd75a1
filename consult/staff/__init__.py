"""Pages for politique de la ville staff (login required)."""

from consult.staff import coding, exports, matrices, quartier  # noqa: F401  (add their views)
from consult.staff.routes import bp

__all__ = ["bp"]
