"""Every mapped class, imported here so that ``Base.metadata`` is complete for Alembic."""

from consult.models.accounts import Device, User, device_quartiers
from consult.models.audit import AuditEvent
from consult.models.coding import (
    ANSWER_TAG_COLUMNS,
    ANSWER_TAG_FIELDS,
    Codebook,
    QuoteDecision,
    ThemeTag,
)
from consult.models.consultation import Consultation, consultation_quartiers
from consult.models.learning import LearnedModel
from consult.models.login_throttle import LoginThrottle
from consult.models.meetings import Contribution, Meeting
from consult.models.questionnaires import Questionnaire, QuestionnaireVersion
from consult.models.refused_submissions import RefusedSubmissions
from consult.models.responses import Answer, Response, SubmissionConflict
from consult.models.secrets import InstallationSecret
from consult.models.territory import Commune, Quartier, Sector, Territory

__all__ = [
    "ANSWER_TAG_COLUMNS",
    "ANSWER_TAG_FIELDS",
    "Answer",
    "AuditEvent",
    "Codebook",
    "Commune",
    "Consultation",
    "Contribution",
    "Device",
    "InstallationSecret",
    "LearnedModel",
    "LoginThrottle",
    "Meeting",
    "Quartier",
    "Questionnaire",
    "QuestionnaireVersion",
    "QuoteDecision",
    "RefusedSubmissions",
    "Response",
    "Sector",
    "SubmissionConflict",
    "Territory",
    "ThemeTag",
    "User",
    "consultation_quartiers",
    "device_quartiers",
]
