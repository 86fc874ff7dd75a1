"""The « Bilan de la concertation »: printable HTML and DOCX, with the small-group rule."""

from __future__ import annotations

import io

import docx

from tests.staff_data import fresh_cache, voltaire_data  # noqa: F401

BASE = "/equipe/c/concertation-citoyenne"


def test_the_report_reads_like_the_contrat_de_ville_annex(client, auth, session):
    voltaire_data(session)
    auth.login()
    page = client.get(f"{BASE}/bilan").get_data(as_text=True)
    assert "Note de méthode" in page and "Règle des petits effectifs" in page
    assert "Voici les priorités ressorties par les habitants" in page
    assert "Renforcer la sécurité et la tranquillité publique" in page
    assert "Moins de 5 répondants : aucun résultat" in page  # Concorde
    assert "Le stationnement" not in page
    assert "Développer les activités pour les jeunes" not in page  # jeunesse: cited by 3 only
    # No quote before staff have read and published it (masking is not perfect).
    assert "Plus de sécurité le soir" not in page


def test_the_report_opens_with_what_residents_say(client, auth, session):
    voltaire_data(session)
    auth.login()
    page = client.get(f"{BASE}/bilan").get_data(as_text=True)
    opening = page.split('id="constats"')[1].split('id="methode"')[0]
    assert "Ce que disent les habitants" in opening
    # Concorde (2) hides the consultation total; Voltaire's own figures are published.
    assert "<strong>Voltaire</strong> : Sécurité et tranquillité publique (100" in opening
    assert "Concorde" not in opening


def test_the_docx_report_has_the_same_content(client, auth, session):
    voltaire_data(session)
    auth.login()
    response = client.get(f"{BASE}/bilan.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Note de méthode" in text
    assert "Voici les priorités ressorties par les habitants :" in text
    assert "Renforcer la sécurité et la tranquillité publique (11 répondants, 100 %)" in text
    assert "Le stationnement" not in text and "pour les jeunes" not in text
    assert len(document.inline_shapes) >= 1  # a word cloud for Voltaire
