"""Quotes never print a name (after a civility, a title, « famille », or found by the entity
recogniser), an e-mail, a phone number or a street address."""

import pytest

from analysis.masking import mask_personal_details, mask_quotes


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
        ("mme dupont nous aide", "mme [nom] nous aide"),
        ("MME DUPONT EST SUPER", "MME [nom] EST SUPER"),
        ("merci à M.Durand", "merci à M.[nom]"),
        ("la famille Benali fait du bruit", "la famille [nom] fait du bruit"),
        ("Monsieur le maire Dupont ne fait rien", "Monsieur le maire [nom] ne fait rien"),
        ("merci madame la directrice Morel", "merci madame la directrice [nom]"),
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
        "Madame la maire a dit non",
        "merci monsieur pour tout",
        "Monsieur le maire",
        "les familles monoparentales",
        "le maître nageur de la piscine",
    ],
)
def test_ordinary_answers_are_left_as_they_are(text):
    assert mask_personal_details(text) == text


def test_representative_quotes_are_masked():
    import pandas as pd

    from analysis.quotes import representative_quotes

    texts = [f"Mme Martin aide les jeunes du quartier avec Karim, merci {i}" for i in range(5)]
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
    assert all("Karim" not in text and "avec [nom]" in text for text in quotes["text"])


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mon voisin Karim aide tout le monde", "mon voisin [nom] aide tout le monde"),
        ("Merci à Fatima et Jean-Pierre pour le club", "Merci à [nom] et [nom] pour le club"),
        ("il faut que Nadia revienne", "il faut que [nom] revienne"),
        ("Mme Dupont et Kevin nous aident", "Mme [nom] et [nom] nous aident"),
    ],
)
def test_first_names_written_alone_are_masked_in_published_quotes(text, masked):
    assert mask_quotes([text]) == [masked]


@pytest.mark.parametrize(
    "text",
    [
        "aider a trouver un emploi",  # the small model calls « aider » a person
        "Madame la maire fait du bon travail",
        "La mairie annexe et la Maison France Services",
        "le quartier Voltaire est calme",
        "DES POUBELLES PARTOUT",
        "Plus de sécurité le soir",
    ],
)
def test_published_quotes_keep_ordinary_words_and_places(text):
    assert mask_quotes([text]) == [text]


def test_place_names_of_the_territory_are_kept():
    assert mask_quotes(["Longwy est sale"]) == ["[nom] est sale"]  # unknown: masked
    assert mask_quotes(["Longwy est sale"], keep=["Longwy"]) == ["Longwy est sale"]
