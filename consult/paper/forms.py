"""Forms of the paper pages (the questionnaire itself is built by ``consult.survey.forms``)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange

from consult.services.paper import MAX_SHEETS


class PrintForm(FlaskForm):
    """Read from the query string: printing changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    quartier = SelectField("Quartier imprimé sur les feuilles", default="")
    sheets = IntegerField(
        "Nombre de feuilles",
        default=20,
        validators=[
            InputRequired("Indiquez le nombre de feuilles."),
            NumberRange(1, MAX_SHEETS, f"Entre 1 et {MAX_SHEETS} feuilles à la fois."),
        ],
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_SHEETS},
    )
    first = StringField(
        "Premier numéro",
        default="1",
        validators=[InputRequired("Indiquez le numéro de la première feuille.")],
        description="Reprenez après le dernier numéro déjà imprimé : "
        "deux feuilles n'ont jamais le même.",
    )


class ReviewForm(FlaskForm):
    """Staff choice between two keyings: the radios are per question (``choix-<clé>``)."""
