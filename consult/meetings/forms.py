"""Forms of the meeting pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.models.meetings import MEETING_KINDS
from consult.questionnaire.segments import AGE_BANDS, GENDERS
from consult.reports.labels import AGE_BAND_LABELS, GENDER_LABELS
from consult.services.meetings import CONTRIBUTION_KIND_LABELS, MEETING_KIND_LABELS

COUNT = [Optional(), NumberRange(min=0, message="Un effectif ne peut pas être négatif.")]


def _count_field(label: str) -> IntegerField:
    return IntegerField(label, validators=COUNT, render_kw={"inputmode": "numeric", "min": 0})


class MeetingForm(FlaskForm):
    consultation_id = SelectField("Consultation", coerce=int)
    quartier_id = SelectField("Quartier", validators=[DataRequired("Choisissez le quartier.")])
    held_on = DateField(
        "Date de la réunion", validators=[InputRequired("Indiquez la date de la réunion.")]
    )
    place = StringField(
        "Lieu", validators=[Length(max=200)], description="Par exemple « Centre social »."
    )
    kind = RadioField(
        "Type de réunion",
        choices=[(k, MEETING_KIND_LABELS[k]) for k in MEETING_KINDS],
        default="conseil_citoyen",
    )
    participants = IntegerField(
        "Nombre de participants",
        validators=[InputRequired("Indiquez le nombre de participants (une estimation suffit).")],
        description="Personnes présentes, compté ou estimé. Ce ne sont pas des répondants.",
        render_kw={"inputmode": "numeric", "min": 1},
    )


# Optional breakdown fields, added by name so the template can loop over them.
for _code in GENDERS[:-1]:
    setattr(MeetingForm, f"gender_{_code}", _count_field(GENDER_LABELS[_code]))
for _code in AGE_BANDS[:-1]:
    setattr(MeetingForm, f"age_band_{_code}", _count_field(AGE_BAND_LABELS[_code]))


class ContributionForm(FlaskForm):
    kind = RadioField(
        "Atout ou priorité",
        choices=list(CONTRIBUTION_KIND_LABELS.items()),
        validators=[DataRequired("Choisissez « atout » ou « priorité ».")],
        default="atout",
    )
    # A one-line input, so that Entrée saves the line and the next one can be typed at once.
    text = StringField(
        "Contribution",
        validators=[DataRequired("Écrivez la contribution."), Length(max=2000)],
        description="Une idée du tableau (un post-it). La touche Entrée enregistre la ligne.",
        render_kw={"maxlength": 2000, "autocomplete": "off"},
    )
    votes = IntegerField(
        "Votes (gommettes)",
        validators=[Optional(), NumberRange(min=0, message="Le nombre de votes est positif.")],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    heading = StringField(
        "Regroupement",
        validators=[Length(max=200)],
        description="Le titre sous lequel l'idée est rangée au tableau (facultatif).",
    )


class ConfirmForm(FlaskForm):
    """A button that posts: only the CSRF token."""
