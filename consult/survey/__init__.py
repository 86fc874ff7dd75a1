"""Respondent pages (server-rendered, work without JavaScript)."""

from consult.survey.routes import bp

__all__ = ["bp"]
