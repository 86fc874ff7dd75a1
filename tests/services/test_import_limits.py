"""Files built to exhaust memory are read within bounds or refused with a French message."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from consult.questionnaire.xlsform import XLSFormError, convert_xlsform
from consult.services.imports import MAX_COLUMNS, UnreadableFile, read_table
from tests.factories import current_version_id

BOMB_DIMENSION = '<dimension ref="A1:XFD1048576"/>'


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheets(data: bytes, change) -> bytes:
    """The same workbook with ``change`` applied to the XML of every worksheet."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def with_bomb_dimension(data: bytes) -> bytes:
    """The issue's bomb: a declared size of A1:XFD1048576 and one cell in the last row."""
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'

    def change(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", BOMB_DIMENSION, xml)
        return xml.replace("</sheetData>", last + "</sheetData>")

    return rewrite_sheets(data, change)


def answers_bomb() -> bytes:
    rows = [["Quartier", "atouts"], ["Voltaire", "Le parc"]]
    return with_bomb_dimension(workbook_bytes({"Réponses": rows}))


def xlsform_bomb() -> bytes:
    survey = [["type", "name", "label::Français (fr)"], ["text", "atouts", "Vos atouts"]]
    return with_bomb_dimension(workbook_bytes({"survey": survey}))


def test_a_declared_size_of_a_billion_cells_is_ignored_under_a_memory_limit(tmp_path):
    """Before, openpyxl yielded a million rows, each padded to 16 384 columns."""
    (tmp_path / "answers.xlsx").write_bytes(answers_bomb())
    (tmp_path / "form.xlsx").write_bytes(xlsform_bomb())
    assert len(answers_bomb()) < 10_000
    script = textwrap.dedent(
        f"""
        import resource
        from pathlib import Path
        from consult.questionnaire.xlsform import XLSFormError, convert_xlsform
        from consult.services.imports import UnreadableFile, read_table

        limit = 1536 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        folder = Path({str(tmp_path)!r})
        try:
            read_table("answers.xlsx", (folder / "answers.xlsx").read_bytes())
        except UnreadableFile as exc:
            print(exc)
        try:
            convert_xlsform(folder / "form.xlsx", slug="bombe")
        except XLSFormError as exc:
            print(exc)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == [
        "La feuille « Réponses » dépasse 50000 lignes : découpez-la.",
        f"{tmp_path / 'form.xlsx'} : La feuille « survey » dépasse 5000 lignes : découpez-la.",
    ]


def test_too_many_columns_are_refused_while_reading():
    wide_csv = ";".join(f"c{i}" for i in range(60_000)).encode() + b"\n" + b"x\n"
    with pytest.raises(UnreadableFile, match=f"dépasse {MAX_COLUMNS} colonnes"):
        read_table("wide.csv", wide_csv)
    wide_row = ["Quartier", "atouts"] + [None] * MAX_COLUMNS + ["loin"]
    wide_xlsx = workbook_bytes({"Réponses": [["Quartier", "atouts"], wide_row]})
    with pytest.raises(UnreadableFile, match=f"dépasse {MAX_COLUMNS} colonnes"):
        read_table("wide.xlsx", wide_xlsx)


def test_rows_are_counted_while_reading_even_when_the_file_skips_them():
    """One cell on row 1 048 576: the rows before it count, so reading stops early."""
    data = workbook_bytes({"Réponses": [["Quartier", "atouts"], ["Voltaire", "Le parc"]]})
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = rewrite_sheets(data, lambda xml: xml.replace("</sheetData>", far))
    with pytest.raises(UnreadableFile, match="dépasse 50000 lignes"):
        read_table("far.xlsx", data)


def test_a_workbook_that_inflates_past_the_limit_is_refused_before_opening():
    data = workbook_bytes({"Réponses": [["Quartier", "atouts"], ["Voltaire", "Le parc"]]})
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (65 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(UnreadableFile, match="décompressé dépasse 64 Mo"):
        read_table("zip.xlsx", out.getvalue())


def test_an_xlsform_past_the_limits_is_refused_in_french(tmp_path):
    survey = [["type", "name", "label"]] + [["text", f"q{i}", "Q"] for i in range(5_001)]
    path = tmp_path / "long.xlsx"
    path.write_bytes(workbook_bytes({"survey": survey}))
    with pytest.raises(XLSFormError, match="dépasse 5000 lignes"):
        convert_xlsform(path)


def test_an_upload_over_the_size_limit_gets_a_french_413_page(client, auth, session, app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path)
    auth.login()
    vid = current_version_id(session, "concertation-citoyenne", "adultes")
    session.rollback()
    big = b"atouts\n" + b"Le parc\n" * 200_000  # 1.6 MB
    response = client.post(
        "/equipe/imports/",
        data={"file": (io.BytesIO(big), "export.csv"), "version_id": str(vid)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.get_data(as_text=True)
    assert list(Path(tmp_path).iterdir()) == []
