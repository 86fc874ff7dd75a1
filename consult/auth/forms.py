"""Login and logout forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(
        "Adresse e-mail",
        validators=[DataRequired("Indiquez votre adresse e-mail."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired("Indiquez votre mot de passe."), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class LogoutForm(FlaskForm):
    """Only a CSRF token: logging out is a POST so that a link elsewhere cannot do it."""


class ChangePasswordForm(FlaskForm):
    """The user's own new password (forced after the one-time admin password)."""

    current = PasswordField(
        "Mot de passe actuel",
        validators=[DataRequired("Indiquez votre mot de passe actuel."), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "Nouveau mot de passe",
        description="10 caractères minimum.",
        validators=[
            DataRequired("Choisissez un nouveau mot de passe."),
            Length(min=10, max=200, message="Entre 10 et 200 caractères."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Nouveau mot de passe, une seconde fois",
        validators=[
            DataRequired("Retapez le nouveau mot de passe."),
            EqualTo("new", "Les deux saisies du nouveau mot de passe diffèrent."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
