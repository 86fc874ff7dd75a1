"""The catalogues in consult/translations/ are complete, compiled and up to date with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "consult" / "translations"
LOCALES = ["en", "ar", "fr@falc"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def ids(messages) -> set:
    return {m.id for m in messages if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated_with_the_same_placeholders(locale):
    found = catalog(locale)
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        assert ids(found) == ids(read_po(handle))
    for message in found:
        if not message.id:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), singular
        if not isinstance(message.id, tuple):
            assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(singular))
        assert not message.fuzzy, singular


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_catalogue_matches_its_source(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == {_key(m.id): _key(m.string) for m in catalog(locale) if m.id}


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def test_the_template_holds_every_string_of_the_code(tmp_path):
    """`pybabel extract` (as in the README) finds nothing that the template lacks."""
    output = tmp_path / "messages.pot"
    command = [
        str(Path(sys.executable).parent / "pybabel"),
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "N_",
        "--no-location",
        "--sort-output",
        "-o",
        str(output),
        ".",
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with output.open("rb") as fresh, (TRANSLATIONS / "messages.pot").open("rb") as stored:
        assert ids(read_po(fresh)) == ids(read_po(stored))
