"""Forms of the staff pages: segment filters (GET) and theme codings (POST, CSRF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from consult.reports.labels import SEGMENT_LABELS

ALL = ""


def _segment_groups() -> dict[str, list[tuple[str, str]]]:
    """Choices grouped by dimension (``<optgroup>``): « Tout le quartier », then each value."""
    groups = {"": [(ALL, "Tout le quartier")]}
    for dimension, (title, labels) in SEGMENT_LABELS.items():
        groups[title] = [(f"{dimension}:{code}", label) for code, label in labels.items()]
    return groups


class SegmentFilterForm(FlaskForm):
    """The segment filter of the quartier page, read from the query string (GET: no CSRF).

    One segment at a time (``?public=jeune``): crossings such as « femmes de 18 à 25 ans » are
    never published, since subtracting them from « femmes » could single out a small group
    (see ``consult.reports.published``). A crossing or an unknown value is refused with a
    message and the whole quartier is shown.
    """

    class Meta:
        csrf = False

    segment = SelectField("Segment", default=ALL)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.segment.choices = _segment_groups()
        self.refused: str | None = None

    def filters(self, args) -> dict[str, str]:
        """The chosen segment of the query ``args``, at most one (``segment=public:jeune`` from
        the form, or ``public=jeune`` in a link); ``refused`` says why a request was not
        followed."""
        asked = [tuple(v.split(":", 1)) if ":" in v else ("", v) for v in args.getlist("segment")]
        asked = [a for a in asked if a[1]]
        asked += [(d, args[d]) for d in SEGMENT_LABELS if args.get(d)]
        known = [(d, v) for d, v in asked if d in SEGMENT_LABELS and v in SEGMENT_LABELS[d][1]]
        if len(asked) > 1:
            self.refused = (
                "Un seul filtre à la fois : croiser deux segments pourrait révéler, par "
                "soustraction, un groupe trop petit pour être publié. Tout le quartier est affiché."
            )
        elif asked and not known:
            self.refused = "Ce segment n'existe pas : tout le quartier est affiché."
        if self.refused or not known:
            self.segment.data = ALL
            return {}
        dimension, value = known[0]
        self.segment.data = f"{dimension}:{value}"
        return {dimension: value}


class CodingForm(FlaskForm):
    """One coding decision on one answer: confirm, remove or add a theme."""

    answer_id = HiddenField(validators=[DataRequired()])
    theme = HiddenField()
    action = HiddenField(validators=[DataRequired()])


class QuoteForm(FlaskForm):
    """Publish or set aside one quote (the button pressed says which; CSRF only)."""
