"""Quotes never print a name after a civility, an e-mail, a phone number or a street address."""

import pytest

from analysis.masking import mask_personal_details


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Mme Martin du 3e est super", "Mme [nom] du 3e est super"),
        ("merci monsieur Ben Salah pour le club", "merci monsieur [nom] pour le club"),
        ("écrire à jean.dupont@mail.fr", "écrire à [e-mail]"),
        ("appelez le 06 12 34 56 78 svp", "appelez le [téléphone] svp"),
        ("tel: +33 6 12 34 56 78", "tel: [téléphone]"),
        ("les jeunes au 12 rue Voltaire, le soir", "les jeunes au [adresse], le soir"),
        ("le 4 bis allée des Tilleuls est sale", "le [adresse] est sale"),
        ("au 3 Rue du Général Leclerc ça craint", "au [adresse] ça craint"),
        ("au 8 rue voltaire le soir", "au [adresse] le soir"),
    ],
)
def test_identifying_details_are_masked(text, masked):
    assert mask_personal_details(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "plus de sécurité le soir",
        "le city stade du Val est top",
        "3 bus par jour c'est pas assez",
        "La mairie annexe et la Maison France Services",
        "en 2024 rien n'a changé",
    ],
)
def test_ordinary_answers_are_left_as_they_are(text):
    assert mask_personal_details(text) == text


def test_representative_quotes_are_masked():
    import pandas as pd

    from analysis.quotes import representative_quotes

    texts = [f"Mme Martin aide les jeunes du quartier, merci {i}" for i in range(5)]
    frame = pd.DataFrame(
        {
            "answer_id": range(5),
            "respondent": range(5),
            "quartier": "voltaire",
            "role": "atouts",
            "theme": "lien_social",
            "text": texts,
        }
    )
    quotes = representative_quotes(frame, "atouts", k=5)
    assert len(quotes) == 3
    assert all(text.startswith("Mme [nom] aide") for text in quotes["text"])
