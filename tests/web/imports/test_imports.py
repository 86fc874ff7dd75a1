"""Import of answers collected elsewhere: CSV and XLSX, page and command line."""

from __future__ import annotations

import csv
import io
import os
import stat
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from consult.models import AuditEvent, Response
from consult.services.imports import UnreadableFile, import_table, read_table
from tests.factories import current_version_id

SLUG = "concertation-citoyenne"
HEADER = [
    "ID",
    "Quartier",
    "Quels sont les atouts de votre quartier ?",
    "Vos priorités",
    "Âge",
    "Genre",
]
ROWS = [
    ["k1", "Voltaire", "Le centre social", "La sécurité", "26_39", "Une femme"],
    ["k2", "concorde", "", "Stationnement", "60 ans et plus", "homme"],
    ["k3", "Val Saint-Martin", "Le marché", "", "40_59", ""],
    ["k4", "Atlantis", "La plage", "", "", ""],  # unknown quartier
    ["k5", "Voltaire", "x" * 2100, "", "", ""],  # too long
    ["k6", "Voltaire", "", "Le bruit", "vieux", ""],  # not a choice
]
MAPPING = {
    "ID": "id",
    "Quartier": "quartier",
    "Quels sont les atouts de votre quartier ?": "atouts",
    "Vos priorités": "priorites",
    "Âge": "age_band",  # a segment: resolved to the question with that role
    "Genre": "genre",
}


def csv_bytes(rows=ROWS, header=HEADER, delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_file(path: Path, rows=ROWS, header=HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def version_id(session) -> int:
    found = current_version_id(session, SLUG, "adultes")
    session.commit()
    return found


def count(session) -> int:
    n = session.scalar(select(func.count(Response.id)).where(Response.channel == "import"))
    session.commit()
    return n


def test_valid_rows_are_imported_and_each_rejected_row_says_why(session):
    table = read_table("export.csv", csv_bytes())
    report = import_table(session, version_id(session), table, MAPPING, filename="export.csv")
    session.commit()

    assert (report.created, len(report.rejected)) == (3, 3)
    assert [(r.line, r.message) for r in report.rejected] == [
        (5, "quartier inconnu « Atlantis »"),
        (6, "« atouts » : Votre réponse fait 2100 caractères ; la limite est de 2000 caractères."),
        (7, "« vieux » n'est pas une réponse possible à la question « age »"),
    ]
    stored = session.scalars(select(Response).order_by(Response.id)).all()
    assert [(r.quartier_id, r.channel, r.age_band, r.gender) for r in stored] == [
        ("voltaire", "import", "26_39", "femme"),
        ("concorde", "import", "60_plus", "homme"),
        ("val_saint_martin", "import", "40_59", "non_renseigne"),
    ]
    event = session.scalar(select(AuditEvent).filter_by(action="import"))
    assert event.details["importees"] == 3 and event.details["refusees"] == 3


def test_importing_the_same_file_twice_imports_nothing_new(session):
    data = csv_bytes()
    import_table(session, version_id(session), read_table("a.csv", data), MAPPING)
    session.commit()
    again = import_table(session, version_id(session), read_table("a.csv", data), MAPPING)
    session.commit()
    assert (again.created, again.duplicate) == (0, 3)
    assert count(session) == 3


def test_a_longer_export_of_the_same_survey_adds_only_its_new_rows(session):
    import_table(session, version_id(session), read_table("a.csv", csv_bytes(ROWS[:2])), MAPPING)
    session.commit()
    longer = read_table("b.csv", csv_bytes(ROWS[:3]))
    report = import_table(session, version_id(session), longer, MAPPING)
    session.commit()
    assert (report.created, report.duplicate) == (1, 2)
    assert count(session) == 3


def test_identical_rows_without_an_id_are_distinct_people_yet_reimport_stays_idempotent(session):
    rows = [["Voltaire", "Le parc"], ["Voltaire", "Le parc"]]
    data = csv_bytes(rows, header=["quartier", "atouts"], delimiter=",")
    mapping = {"quartier": "quartier", "atouts": "atouts"}
    first = import_table(session, version_id(session), read_table("c.csv", data), mapping)
    session.commit()
    second = import_table(session, version_id(session), read_table("c.csv", data), mapping)
    session.commit()
    assert (first.created, second.created, second.duplicate) == (2, 0, 2)


def test_xlsx_files_are_read_like_csv(session, tmp_path):
    path = xlsx_file(tmp_path / "kobo.xlsx")
    table = read_table(path.name, path.read_bytes())
    report = import_table(session, version_id(session), table, MAPPING)
    session.commit()
    assert (report.created, len(report.rejected)) == (3, 3)


def test_a_fixed_quartier_replaces_a_missing_quartier_column(session):
    data = csv_bytes([["Le parc"]], header=["atouts"])
    report = import_table(
        session,
        version_id(session),
        read_table("d.csv", data),
        {"atouts": "atouts"},
        quartier_id="voltaire",
    )
    session.commit()
    assert report.created == 1


def test_bad_files_and_mappings_are_refused_with_a_message(session):
    with pytest.raises(UnreadableFile, match="Format non pris en charge"):
        read_table("notes.pdf", b"%PDF")
    with pytest.raises(UnreadableFile, match="Deux colonnes portent le même nom"):
        read_table("e.csv", b"a;a\n1;2\n")
    with pytest.raises(UnreadableFile, match="illisible"):
        read_table("f.xlsx", b"not a workbook")
    table = read_table("g.csv", csv_bytes())
    with pytest.raises(UnreadableFile, match="ni une question ni un segment"):
        import_table(session, version_id(session), table, {"Vos priorités": "nimporte"})
    with pytest.raises(UnreadableFile, match="colonne du quartier"):
        import_table(session, version_id(session), table, {"Vos priorités": "priorites"})


# --- page and command line -------------------------------------------------------------


def test_upload_map_check_then_import_through_the_pages(client, auth, session, app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path)
    auth.login()
    vid = version_id(session)
    upload = client.post(
        "/equipe/imports/",
        data={"file": (io.BytesIO(csv_bytes()), "framaforms.csv"), "version_id": str(vid)},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    mapping_url = upload.headers["Location"]
    page = client.get(mapping_url).get_data(as_text=True)
    assert "Le centre social" in page  # preview
    assert '<option value="quartier" selected>' in page  # guessed from the column name
    form = {f"col-{i}": MAPPING[column] for i, column in enumerate(HEADER)}
    check = client.post(mapping_url, data=form | {"action": "check"})
    html = check.get_data(as_text=True)
    assert "Ligne 5 : quartier inconnu" in html, html[html.find("<main") :][:3000]
    assert "3 ligne(s) à importer" in html
    assert count(session) == 0
    client.post(mapping_url, data=form | {"action": "import"})
    assert count(session) == 3
    # The uploaded file is deleted once imported: importing again means uploading again.
    assert list(tmp_path.iterdir()) == []
    gone = client.post(mapping_url, data=form | {"action": "import"})
    assert gone.status_code == 404 and "supprimé après" in gone.get_data(as_text=True)
    upload = client.post(
        "/equipe/imports/",
        data={"file": (io.BytesIO(csv_bytes()), "framaforms.csv"), "version_id": str(vid)},
        content_type="multipart/form-data",
    )
    again = client.post(upload.headers["Location"], data=form | {"action": "import"})
    assert "3 déjà importée(s)" in again.get_data(as_text=True)
    assert count(session) == 3


def test_uploads_are_private_to_the_app_and_abandoned_ones_expire(
    client, auth, session, app, tmp_path
):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path)
    auth.login()
    vid = version_id(session)
    abandoned = tmp_path / ("0" * 64 + ".csv")
    abandoned.write_bytes(b"atouts\nLe parc\n")
    os.utime(abandoned, (time.time() - 2 * 24 * 3600,) * 2)
    upload = client.post(
        "/equipe/imports/",
        data={"file": (io.BytesIO(csv_bytes()), "framaforms.csv"), "version_id": str(vid)},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    (stored,) = tmp_path.iterdir()  # the abandoned upload is gone
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_collectors_cannot_import(client, auth):
    auth.login("benevole@example.org", "collector")
    assert client.get("/equipe/imports/").status_code == 403


def test_the_command_line_imports_with_a_mapping_file(runner, session, tmp_path):
    source = xlsx_file(tmp_path / "limesurvey.xlsx")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "".join(f'"{column}": {target}\n' for column, target in MAPPING.items()), encoding="utf-8"
    )
    args = [
        "import",
        "answers",
        str(source),
        "--questionnaire",
        f"{SLUG}/adultes",
        "--mapping",
        str(mapping),
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 1  # some rows were refused
    assert "ligne 5 : quartier inconnu « Atlantis »" in result.output
    assert "3 ligne(s) importées" in result.output
    assert count(session) == 3
    again = runner.invoke(args=args)
    assert "0 ligne(s) importées, 3 déjà importée(s)" in again.output
    assert count(session) == 3
    unknown = runner.invoke(args=[*args[:3], "--questionnaire", "nope", "--mapping", str(mapping)])
    assert unknown.exit_code == 2 and "questionnaire « nope » introuvable" in unknown.output
