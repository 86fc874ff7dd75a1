"""Forms of the administration pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DeviceForm(FlaskForm):
    name = StringField(
        "Nom de la tablette",
        validators=[DataRequired("Donnez un nom à la tablette."), Length(max=100)],
        description="Par exemple « Tablette animateurs Voltaire ».",
    )
    quartiers = CheckboxesField(
        "Quartiers où elle recueille des réponses",
        validators=[DataRequired("Choisissez au moins un quartier.")],
    )
    questionnaire = SelectField(
        "Questionnaire", default="", description="Laisser « Tous » sauf besoin précis."
    )


class OutboxFileForm(FlaskForm):
    file = FileField(
        "Fichier des réponses non envoyées (.json)",
        validators=[FileRequired("Choisissez un fichier.")],
    )


class ConfirmForm(FlaskForm):
    """A button that posts: only the CSRF token."""
