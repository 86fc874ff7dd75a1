"""Development set: short answers in the style of QPV residents, with the themes they mean.

The phrases and their expected themes were written by hand, before running the tagger, as
answers to « Quels sont les atouts / les priorités à améliorer de votre quartier ? » (short,
oral, unaccented, SMS style, lists, a few slips). Expectations are what a human coder would
assign, not what the tagger happens to output.

This is a guard against regressions of the default codebook, NOT evidence of its quality on
the held-out set of real resident answers: we wrote both the phrases and the vocabulary, so
scores here are optimistic. The thresholds are those the held-out evaluation asks for.
"""

from __future__ import annotations

from collections import Counter

import pytest

from analysis.codebook import default_codebook

PHRASES: list[tuple[str, set[str]]] = [
    # sécurité
    ("plus de sécurité le soir", {"securite"}),
    ("les rodéos motos tous les soirs", {"securite"}),
    ("le deal en bas de la tour", {"securite"}),
    ("trop de cambriolages", {"securite"}),
    ("on se sent pas en securite la nuit", {"securite"}),
    ("pas assez de police", {"securite"}),
    ("les jeunes qui trainent dans les halls", {"securite"}),
    ("trafic de drogue devant l ecole", {"securite"}),
    # propreté
    ("encombrants partout devant les immeubles", {"proprete"}),
    ("les poubelles debordent", {"proprete"}),
    ("trop de rats", {"proprete"}),
    ("crottes de chien sur les trottoirs", {"proprete"}),
    ("quartier sale", {"proprete"}),
    ("depots sauvages", {"proprete"}),
    ("le quartier est propre", {"proprete"}),
    # aménagement
    ("trottoirs abimés", {"amenagement"}),
    ("pas assez d'eclairage dans les rues", {"amenagement"}),
    ("des bancs pour s assoir", {"amenagement"}),
    ("refaire la place centrale", {"amenagement"}),
    ("aire de jeux cassée", {"amenagement"}),
    ("toilettes publiques", {"amenagement"}),
    ("renovation du quartier", {"amenagement"}),
    # mobilité
    ("bus pas assez souvent", {"mobilite"}),
    ("pas de place pour se garer", {"mobilite"}),
    ("les voitures roulent trop vite", {"mobilite"}),
    ("une piste cyclable", {"mobilite"}),
    ("le tram c'est bien", {"mobilite"}),
    ("metro loin", {"mobilite"}),
    # environnement
    ("parc pour les enfants", {"environnement", "jeunesse"}),
    ("plus d'arbres et de verdure", {"environnement"}),
    ("les espaces verts sont beaux", {"environnement"}),
    ("jardin partagé", {"environnement"}),
    ("pollution des voitures", {"environnement"}),
    ("le parc est tres beau", {"environnement"}),
    # habitat
    ("ascenseur en panne depuis des mois", {"habitat"}),
    ("moisissures dans l appartement", {"habitat"}),
    ("loyers trop chers", {"habitat"}),
    ("le bailleur repond jamais", {"habitat"}),
    ("logements trop petits", {"habitat"}),
    ("chauffage qui marche pas", {"habitat"}),
    # santé
    ("manque de medecins", {"sante"}),
    ("pas de dentiste", {"sante"}),
    ("il faut une maison de sante", {"sante"}),
    ("6 mois pour un rdv chez le specialiste", {"sante"}),
    # emploi
    ("pas de travail pour les jeunes", {"emploi", "jeunesse"}),
    ("aider les gens a trouver du boulot", {"emploi"}),
    ("plus de formations", {"emploi"}),
    ("chomage", {"emploi"}),
    ("la mission locale aide bien", {"emploi"}),
    # commerces
    ("pas assez de commerces", {"commerces"}),
    ("le marché du samedi", {"commerces"}),
    ("une boulangerie", {"commerces"}),
    ("les magasins ferment", {"commerces"}),
    ("que des kebabs et des tabacs", {"commerces"}),
    # lien social
    ("le centre social est top", {"lien_social"}),
    ("les voisins sont solidaires", {"lien_social"}),
    ("bonne ambiance entre voisins", {"lien_social"}),
    ("plus de fetes de quartier", {"lien_social"}),
    ("les assos font du bon travail", {"lien_social"}),
    # citoyenneté
    ("manque de respect", {"citoyennete"}),
    ("les incivilités", {"citoyennete"}),
    ("racisme", {"citoyennete"}),
    ("que les habitants soient ecoutés", {"citoyennete"}),
    ("le vivre ensemble", {"citoyennete"}),
    # éducation
    ("l'ecole est bien", {"education"}),
    ("soutien scolaire", {"education"}),
    ("classes surchargées au college", {"education"}),
    ("cours de francais pour les mamans", {"education"}),
    # parentalité
    ("pas assez de places en creche", {"parentalite"}),
    ("aide pour les parents", {"parentalite"}),
    ("nounou trop chere", {"parentalite"}),
    ("la pmi", {"parentalite"}),
    # jeunesse
    ("rien pour les jeunes", {"jeunesse"}),
    ("un local pour les ados", {"jeunesse"}),
    ("les jeunes s'ennuient", {"jeunesse"}),
    ("plus d activites pour les enfants", {"jeunesse"}),
    ("centre de loisirs", {"jeunesse"}),
    # sport, culture, loisirs
    ("city stade a refaire", {"sport_culture"}),
    ("une piscine", {"sport_culture"}),
    ("pas de cinema", {"sport_culture"}),
    ("la mediatheque", {"sport_culture"}),
    ("salle de sport", {"sport_culture"}),
    ("des concerts", {"sport_culture"}),
    # services publics
    ("la poste a fermé", {"services_publics"}),
    ("mairie annexe", {"services_publics"}),
    ("aide pour les papiers", {"services_publics"}),
    ("caf injoignable", {"services_publics"}),
    ("internet gratuit", {"services_publics"}),
    # solidarité
    ("aide alimentaire", {"solidarite"}),
    ("les personnes agees sont seules", {"solidarite"}),
    ("des sdf dans le quartier", {"solidarite"}),
    ("tout est trop cher", {"solidarite"}),
    ("accessibilite pour les handicapés", {"amenagement", "solidarite"}),
    # lists and slips
    ("securite, proprete", {"securite", "proprete"}),
    ("plus de bus et de commerces", {"mobilite", "commerces"}),
    ("le parc et la mediatheque", {"environnement", "sport_culture"}),
    ("medecins et ecoles", {"sante", "education"}),
    ("les rodeos et les poubelles", {"securite", "proprete"}),
    ("manque de medcins", {"sante"}),
    ("insecuriter", {"securite"}),
    # vague answers: no theme
    ("rien", set()),
    ("tout", set()),
    ("je sais pas", set()),
    ("ça va", set()),
    ("rien de special", set()),
    ("c'est bien", set()),
]


def scores(expected: list[set[str]], predicted: list[set[str]], themes) -> dict:
    """Per-theme precision, recall and F1, then micro- and macro-F1 over ``themes``."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, found in zip(expected, predicted, strict=True):
        tp.update(gold & found)
        fp.update(found - gold)
        fn.update(gold - found)
    per_theme = {}
    for theme in themes:
        p = tp[theme] / (tp[theme] + fp[theme]) if tp[theme] + fp[theme] else 0.0
        r = tp[theme] / (tp[theme] + fn[theme]) if tp[theme] + fn[theme] else 0.0
        per_theme[theme] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    total_tp, total_fp, total_fn = (sum(c[t] for t in themes) for c in (tp, fp, fn))
    micro = 2 * total_tp / (2 * total_tp + total_fp + total_fn)
    macro = sum(f1 for _, _, f1 in per_theme.values()) / len(themes)
    return {"per_theme": per_theme, "micro": micro, "macro": macro}


@pytest.fixture(scope="module")
def result(tagger):
    texts = [text for text, _ in PHRASES]
    predicted = [set(tags.themes) for tags in tagger.tag_many(texts)]
    expected = [themes for _, themes in PHRASES]
    return scores(expected, predicted, default_codebook().theme_ids), predicted


def test_the_dev_set_covers_every_theme_and_has_vague_answers():
    covered = set().union(*(themes for _, themes in PHRASES))
    assert covered == set(default_codebook().theme_ids)
    assert sum(not themes for _, themes in PHRASES) >= 4


def test_micro_and_macro_f1_reach_the_held_out_targets(result):
    score, _ = result
    report = "\n".join(
        f"{theme:16} P={p:.2f} R={r:.2f} F1={f1:.2f}"
        for theme, (p, r, f1) in score["per_theme"].items()
    )
    assert score["micro"] >= 0.75, report
    assert score["macro"] >= 0.65, report


def test_vague_answers_stay_untagged(result):
    _, predicted = result
    tagged = [
        (text, found)
        for (text, gold), found in zip(PHRASES, predicted, strict=True)
        if not gold and found
    ]
    assert tagged == []
