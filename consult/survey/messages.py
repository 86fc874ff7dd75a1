"""The translated wording the questionnaire's script needs (errors, counter, thanks).

The page embeds it as JSON, so that the script works offline in the respondent's language;
``%(count)s``, ``%(length)s`` and ``%(limit)s`` are filled in by the script.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from consult.i18n import translate
from consult.questionnaire.answers import FIXED_MESSAGES, NOTHING_ANSWERED, REQUIRED, TOO_LONG
from consult.templating import french_typography


def script_messages(target, language: str, tu: bool) -> dict:
    """Messages by name, in the page's language, « tu » on youth pages."""
    audience = target.questionnaire.audience
    messages = {
        "nothing": translate(NOTHING_ANSWERED, tu),
        "required": translate(REQUIRED, tu),
        "too_long": translate(TOO_LONG, tu),
        "remaining": _("Il reste %(count)s caractères."),
        "near": _("Attention : il ne reste que %(count)s caractères."),
        "over": _("Ta réponse dépasse la limite de %(limit)s caractères.")
        if tu
        else _("Votre réponse dépasse la limite de %(limit)s caractères."),
        "summary_one": _("Une réponse est à corriger"),
        "summary_many": _("%(count)s réponses sont à corriger"),
        "error_prefix": _("Erreur :"),
        "language_offline": _(
            "Cette langue n'est pas enregistrée sur cet appareil, et il n'y a pas de connexion. "
            "Tes réponses restent ici."
        )
        if tu
        else _(
            "Cette langue n'est pas enregistrée sur cet appareil, et il n'y a pas de connexion. "
            "Vos réponses restent ici."
        ),
        **_idle(tu),
        "thanks_kiosk": _thanks_kiosk(tu),
        "thanks_offline": _thanks_offline(tu),
    }
    messages = {name: french_typography(text) for name, text in messages.items()}
    messages["thanks_url"] = url_for("survey.thanks", audience=audience, lang=language)
    # The API answers in French: the script shows these in the page's language instead.
    messages["known"] = {str(m): french_typography(translate(m, tu)) for m in FIXED_MESSAGES}
    return messages


def _idle(tu: bool) -> dict[str, str]:
    """The shared tablet's « still there? » dialog (kiosk.js); ``%(time)s`` is the countdown."""
    if tu:
        title = _("Tu es toujours là ?")
        text = _(
            "Sans réponse, tes réponses seront effacées dans %(time)s, "
            "pour que la personne suivante ne les voie pas."
        )
    else:
        title = _("Vous êtes toujours là ?")
        text = _(
            "Sans réponse, les réponses en cours seront effacées dans %(time)s, "
            "pour que la personne suivante ne les voie pas."
        )
    return {
        "idle_title": title,
        "idle_text": text,
        "idle_continue": _("Continuer"),
        "idle_reset": _("Effacer et recommencer"),
        "second_one": _("%(count)s seconde"),
        "second_many": _("%(count)s secondes"),
    }


def _thanks_kiosk(tu: bool) -> str:
    if tu:
        return _(
            "Merci ! Tes réponses sont bien enregistrées. "
            "Le questionnaire est prêt pour la personne suivante."
        )
    return _(
        "Merci ! Vos réponses sont bien enregistrées. "
        "Le questionnaire est prêt pour la personne suivante."
    )


def _thanks_offline(tu: bool) -> str:
    if tu:
        return _(
            "Merci ! Tes réponses sont gardées sur cet appareil et seront envoyées "
            "dès que la connexion revient."
        )
    return _(
        "Merci ! Vos réponses sont gardées sur cet appareil et seront envoyées "
        "dès que la connexion revient."
    )
