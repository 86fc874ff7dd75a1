"""French labels of segment codes, channels and answer roles, for pages and files."""

from __future__ import annotations

from analysis.codebook import default_codebook

AGE_BAND_LABELS = {
    "moins_15": "Moins de 15 ans",
    "15_17": "15 à 17 ans",
    "18_25": "18 à 25 ans",
    "26_39": "26 à 39 ans",
    "40_59": "40 à 59 ans",
    "60_plus": "60 ans et plus",
    "non_renseigne": "Non renseigné",
}
GENDER_LABELS = {
    "femme": "Femmes",
    "homme": "Hommes",
    "autre": "Autre",
    "non_renseigne": "Non renseigné",
}
PUBLIC_LABELS = {"jeune": "Jeunes (moins de 26 ans)", "adulte": "Adultes"}
CHANNEL_LABELS = {
    "reunion": "Réunion",
    "papier": "Papier",
    "tablette": "Tablette",
    "web": "Internet",
    "import": "Import",
}
ROLE_LABELS = {"priorites": "Priorités", "atouts": "Atouts"}
SEGMENT_LABELS = {
    "age_band": ("Tranche d'âge", AGE_BAND_LABELS),
    "gender": ("Genre", GENDER_LABELS),
    "public": ("Public", PUBLIC_LABELS),
    "channel": ("Canal", CHANNEL_LABELS),
}
UNCLASSIFIED_LABEL = "À classer"


def segment_label(dimension: str, code: str) -> str:
    return SEGMENT_LABELS[dimension][1].get(code, code)


def theme_labels() -> dict[str, str]:
    """Theme id -> French label, in codebook order (the default codebook of ``analysis``)."""
    return {theme.id: theme.label for theme in default_codebook().themes}


# How a report names a priority theme, in the style of the Contrat de Ville annex.
PRIORITY_PHRASES = {
    "emploi": "Favoriser l'emploi, l'insertion et la formation",
    "commerces": "Maintenir les commerces et les services de proximité",
    "securite": "Renforcer la sécurité et la tranquillité publique",
    "proprete": "Améliorer la propreté du quartier",
    "amenagement": "Améliorer l'aménagement urbain et les équipements",
    "mobilite": "Faciliter les déplacements et le stationnement",
    "environnement": "Développer la nature et les espaces verts",
    "habitat": "Améliorer l'habitat et les logements",
    "sante": "Faciliter l'accès aux soins",
    "lien_social": "Redynamiser la vie associative et le lien social",
    "citoyennete": "Renforcer le respect et le vivre-ensemble",
    "education": "Soutenir l'éducation et la réussite scolaire",
    "parentalite": "Accompagner les familles et la petite enfance",
    "jeunesse": "Développer les activités pour les jeunes",
    "sport_culture": "Développer le sport, la culture et les loisirs",
    "services_publics": "Rapprocher les services publics et l'accès aux droits",
    "solidarite": "Renforcer la solidarité face à la précarité",
}


def priority_phrase(theme: str, label: str) -> str:
    return PRIORITY_PHRASES.get(theme, label)
