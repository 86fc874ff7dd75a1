"""Forms of the staff pages: segment filters (GET) and theme codings (POST, CSRF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from consult.reports.labels import SEGMENT_LABELS

ALL = ""


def _segment_choices(dimension: str) -> list[tuple[str, str]]:
    return [(ALL, "Tous")] + list(SEGMENT_LABELS[dimension][1].items())


class SegmentFilterForm(FlaskForm):
    """Filters of the quartier page, read from the query string (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    age_band = SelectField("Tranche d'âge", choices=_segment_choices("age_band"), default=ALL)
    gender = SelectField("Genre", choices=_segment_choices("gender"), default=ALL)
    public = SelectField("Public", choices=_segment_choices("public"), default=ALL)
    channel = SelectField("Canal", choices=_segment_choices("channel"), default=ALL)

    def filters(self) -> dict[str, str]:
        """The chosen segment values; an unknown value is ignored (the form shows « Tous »)."""
        chosen = {}
        for name in SEGMENT_LABELS:
            field = getattr(self, name)
            if field.data and field.data in dict(field.choices):
                chosen[name] = field.data
            else:
                field.data = ALL
        return chosen


class CodingForm(FlaskForm):
    """One coding decision on one answer: confirm, remove or add a theme."""

    answer_id = HiddenField(validators=[DataRequired()])
    theme = HiddenField()
    action = HiddenField(validators=[DataRequired()])
