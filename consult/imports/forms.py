"""Forms of the import pages; the column mapping is read field by field by the view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField


class UploadForm(FlaskForm):
    file = FileField(
        "Fichier de réponses (.csv ou .xlsx)",
        validators=[
            FileRequired("Choisissez un fichier."),
            FileAllowed(["csv", "xlsx"], "Envoyez un fichier .csv ou .xlsx."),
        ],
        description="Par exemple un export de LimeSurvey, Framaforms ou KoboToolbox, "
        "une ligne par questionnaire rempli.",
    )
    version_id = SelectField("Questionnaire dont viennent les réponses", coerce=int)


class MappingForm(FlaskForm):
    """CSRF token and the quartier used when the file has no quartier column."""

    # Checked by the import itself: an unknown quartier refuses every row with a message.
    quartier = SelectField(
        "Quartier de toutes les lignes (si le fichier n'a pas de colonne quartier)",
        default="",
        validate_choice=False,
    )
