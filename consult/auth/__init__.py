"""Staff login and logout."""

from consult.auth.routes import bp

__all__ = ["bp"]
