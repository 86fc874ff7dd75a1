"""Segment codes shared by questionnaires, storage and analysis (ARCHITECTURE.md)."""

AGE_BANDS = ("moins_15", "15_17", "18_25", "26_39", "40_59", "60_plus", "non_renseigne")
GENDERS = ("femme", "homme", "autre", "non_renseigne")
PUBLICS = ("jeune", "adulte")
CHANNELS = ("reunion", "papier", "tablette", "web", "import")
UNKNOWN = "non_renseigne"

# Under 26 counts as "jeune" (ARCHITECTURE.md).
YOUNG_AGE_BANDS = frozenset({"moins_15", "15_17", "18_25"})

ANSWER_ROLES = ("atouts", "priorites")
SEGMENT_ROLES = ("age_band", "gender", "public", "residence", "sector")
ROLES = ANSWER_ROLES + SEGMENT_ROLES + ("comment",)

# Codes a question with a given segment role may offer.
ROLE_CODES = {"age_band": AGE_BANDS, "gender": GENDERS, "public": PUBLICS}


def derive_public(age_band: str, audience: str) -> str:
    """Jeune/adulte from the age band, falling back on the questionnaire's audience."""
    if age_band in YOUNG_AGE_BANDS:
        return "jeune"
    if age_band != UNKNOWN:
        return "adulte"
    return "jeune" if audience == "jeunes" else "adulte"
