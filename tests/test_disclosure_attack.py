"""The attack of the anonymity review, performed on the demo data through the staff pages and
exports: collect every count they publish, then subtract every published figure from every
other one of a larger group, and add up every partition. Nothing may reveal 1 … k−1 respondents.

Group memberships are computed here from the database, independently of the read side.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from itertools import product

import pandas as pd
import pytest
from sqlalchemy import select

from consult.models import Consultation, Questionnaire, QuestionnaireVersion, Response
from consult.reports.coded import coded_answers_frame
from consult.reports.labels import (
    AGE_BAND_LABELS,
    CHANNEL_LABELS,
    GENDER_LABELS,
    PUBLIC_LABELS,
    theme_labels,
)
from consult.services.demo import DEMO_SLUG
from tests.disclosure_audit import UNKNOWN_AGE, audit
from tests.staff_data import fresh_cache  # noqa: F401

K = 5
BASE = f"/equipe/c/{DEMO_SLUG}"
ALL = "*"
DIMENSIONS = {
    "age_band": AGE_BAND_LABELS,
    "gender": GENDER_LABELS,
    "public": PUBLIC_LABELS,
    "channel": CHANNEL_LABELS,
}
HIDDEN = None  # a published cell that shows « masqué » (or, before, « < 5 »)
ROLES = ("priorites", "atouts")


def text_of(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).replace("\u202f", "").strip()


def number(cell: str) -> int | None:
    value = text_of(cell).split("(")[0].strip()
    if value in ("< 5", "masqué"):
        return HIDDEN
    assert re.fullmatch(r"\d+", value), f"unexpected figure {value!r}"
    return int(value)


class Published:
    """Every figure read from pages and files: ``(measure, group) -> int | HIDDEN``."""

    def __init__(self) -> None:
        self.values: dict[tuple, int | None] = {}

    def add(self, measure: str, group: tuple, value: int | None, where: str) -> None:
        key = (measure, group)
        if key in self.values:
            assert self.values[key] == value, f"{where} disagrees on {key}"
        self.values[key] = value


def read_quartier_page(client, published: Published, quartier: str, dimension=None, code=None):
    query = f"?{dimension}={code}" if dimension else ""
    page = client.get(f"{BASE}/q/{quartier}{query}").get_data(as_text=True)
    group = (quartier, dimension, code)
    lead = re.search(
        r"Répondants : <strong>(.*?)</strong>\s*\(priorités : (.*?), atouts : (.*?)\)", page, re.S
    )
    published.add("respondents", group, number(lead[1]), "quartier page")
    for role, cell in zip(("priorites", "atouts"), (lead[2], lead[3]), strict=True):
        kind = "widened_base" if "base élargie" in cell else "base"
        published.add(f"{kind}:{role}", group, number(cell), "quartier page")
    for theme in re.findall(r'data-theme="([^"]+)"', page):
        row = page.split(f'data-theme="{theme}"')[1].split("</tr>")[0]
        cells = re.findall(r'<td class="num">(.*?)</td>', row)
        published.add(f"theme:priorites:{theme}", group, number(cells[0]), "quartier page")
        published.add(f"theme:atouts:{theme}", group, number(cells[2]), "quartier page")
    labels = (("À classer", "unclassified"), ("Sans avis", "sans_avis"), ("Sans réponse", "blank"))
    for label, measure in labels:
        if label not in page:
            continue
        row = page.split(f'<th scope="row">{label}')[1].split("</tr>")[0]
        cells = re.findall(r'<td class="num">(.*?)</td>', row)
        for role, cell in zip(ROLES, cells, strict=True):
            published.add(f"{measure}:{role}", group, number(cell), "quartier page")


def read_count_tables(page: str, published: Published, names: dict[str, str]) -> None:
    """The overview's respondent tables: quartier rows, segment columns, both totals."""
    by_name = {name: qid for qid, name in names.items()} | {"Total": ALL}
    tables = {
        "table-ages": "age_band",
        "table-genres": "gender",
        "table-canaux": "channel",
        "repondants": "public",
    }
    for table_id, dimension in tables.items():
        table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
        headers = [text_of(h) for h in re.findall(r'<th scope="col" class="num">(.*?)</th>', table)]
        labels = {v: c for c, v in DIMENSIONS.get(dimension, {}).items()}
        for row in re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S):
            group = by_name[text_of(row[0])]
            cells = re.findall(r'<td class="num">(.*?)</td>', row[1])
            for header, cell in zip(headers, cells, strict=True):
                if header == "Total":
                    published.add("respondents", (group, None, None), number(cell), table_id)
                else:
                    code = labels.get(header, header.lower())
                    key = (group, dimension, code)
                    published.add("respondents", key, number(cell), table_id)


def read_matrix_csv(data: bytes, published: Published, role: str, columns: dict[str, tuple]):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    labels = {label: theme for theme, label in theme_labels().items()}
    header = rows[0]
    widened = next(row for row in rows if row[0].startswith("Base élargie"))
    for row in rows[1:]:
        if row is widened:
            continue
        measure = f"base:{role}" if row[0] == "Répondants à la question" else None
        measure = measure or f"theme:{role}:{labels[row[0]]}"
        for name, cell, wide in zip(header[1:], row[1:], widened[1:], strict=True):
            widened_base = measure.startswith("base:") and wide == "oui"
            name_of = f"widened_base:{role}" if widened_base else measure
            published.add(name_of, columns[name], number(cell), "matrix export")


@pytest.fixture
def demo(runner, session, client, auth):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    consultation = session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG))
    names = {q.id: q.name for q in consultation.quartiers}
    session.rollback()
    auth.login()
    return names


def collect(client, names: dict[str, str]) -> Published:
    published = Published()
    for quartier in names:
        read_quartier_page(client, published, quartier)
        for dimension, labels in DIMENSIONS.items():
            for code in labels:
                read_quartier_page(client, published, quartier, dimension, code)
    read_count_tables(client.get(f"{BASE}/").get_data(as_text=True), published, names)
    publics = {"jeune": "Jeunes", "adulte": "Adultes"}
    columns = {name: (qid, None, None) for qid, name in names.items()}
    for (qid, name), (code, label) in product(names.items(), publics.items()):
        columns[f"{name} – {label}"] = (qid, "public", code)
    for role, suffix in product(("priorites", "atouts"), ("", "_jeunes_adultes")):
        data = client.get(f"{BASE}/exports/themes_{role}{suffix}.csv").data
        read_matrix_csv(data, published, role, columns)
    return published


def memberships(session, names: dict[str, str]) -> tuple[dict, dict]:
    """True respondents of every group, and of every measure, from the database."""
    consultation = session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG))
    rows = session.execute(
        select(
            Response.id,
            Response.quartier_id,
            Response.age_band,
            Response.gender,
            Response.public,
            Response.channel,
            Questionnaire.slug,
        )
        .join(QuestionnaireVersion, Response.version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(Response.consultation_id == consultation.id)
    ).all()
    people = pd.DataFrame(rows, columns=["id", "quartier", *DIMENSIONS, "questionnaire"])
    groups = {(ALL, None, None): set(people["id"])}
    for quartier in (*names, ALL):
        here = people if quartier == ALL else people[people["quartier"] == quartier]
        groups[(quartier, None, None)] = set(here["id"])
        for dimension in (*DIMENSIONS, "questionnaire"):
            for code, part in here.groupby(dimension):
                groups[(quartier, dimension, code)] = set(part["id"])
        unknown_age = here[here["age_band"].isna()]
        for public in ("jeune", "adulte"):
            ids = unknown_age.loc[unknown_age["public"] == public, "id"]
            groups[(quartier, UNKNOWN_AGE, public)] = set(ids)
    frame = coded_answers_frame(session, consultation.id)
    everyone = set(people["id"])
    measures = {"respondents": everyone}
    for role, rows in frame.groupby("role"):
        opinion = set(rows.loc[rows["theme"] != "sans_avis", "respondent"])
        no_opinion = set(rows.loc[rows["theme"] == "sans_avis", "respondent"]) - opinion
        unclassified = set(rows.loc[rows["theme"].isna(), "respondent"])
        measures |= {
            f"base:{role}": opinion,
            f"sans_avis:{role}": no_opinion,
            f"unclassified:{role}": unclassified,
            f"_silent:{role}": everyone - opinion - no_opinion,
            f"blank:{role}": everyone - set(rows["respondent"]),
            f"_classified:{role}": opinion - unclassified,
        }
        for theme, tagged in rows.dropna(subset=["theme"]).groupby("theme"):
            if theme != "sans_avis":
                measures[f"theme:{role}:{theme}"] = set(tagged["respondent"])
    session.rollback()
    return groups, measures


def test_no_published_figure_or_difference_of_two_reveals_a_small_group(demo, client, session):
    published = collect(client, demo)
    groups, measures = memberships(session, demo)

    def true(measure: str, group: tuple) -> int:
        return len(groups.get(group, set()) & measures.get(measure, set()))

    shown = {key: v for key, v in published.values.items() if v is not HIDDEN}
    assert len(shown) > 500  # the demo publishes plenty: the attack has material
    assert any(m.startswith("widened_base:") for m, _ in shown)  # and widened bases
    for (measure, group), value in shown.items():
        assert value == 0 or value >= K, f"{measure} {group} = {value}"
        if measure.startswith("widened_base:"):  # from published figures only
            role = measure.split(":")[1]
            parts = [published.values.get((f"{m}:{role}", group)) for m in ("sans_avis", "blank")]
            size = published.values[("respondents", group)]
            assert HIDDEN in parts, f"{measure} {group} widened for nothing"
            # at most what the published figures allow (a masked figure is at least 1 here),
            # never below the exact base: its shares are never above the true ones
            largest = size - sum(1 if p is HIDDEN else p for p in parts)
            assert true(f"base:{role}", group) <= value <= largest, (measure, group)
            continue
        assert value == true(measure, group), f"{measure} {group} is not the true count"

    assert nested_differences(published, groups) == []
    assert partition_remainders(published, groups) == []


def nested_differences(published: Published, groups: dict) -> list:
    """Figure of a group minus the same figure of a group inside it."""
    shown = {key: v for key, v in published.values.items() if v is not HIDDEN}
    nested = [
        (big, small)
        for big, small in product(groups, groups)
        if big != small and groups[small] <= groups[big]
    ]
    leaks = []
    for measure in {measure for measure, _ in published.values}:
        for big, small in nested:
            a, b = shown.get((measure, big)), shown.get((measure, small))
            if a is not None and b is not None and 0 < a - b < K:
                leaks.append((measure, big, small, a - b))
    return leaks


def partition_remainders(published: Published, groups: dict) -> list:
    """A group is the sum of its cuts by one segment: the hidden cuts must add up to 0 or ≥ k."""
    leaks = []
    for (measure, group), total in published.values.items():
        if total is HIDDEN or group[1] is not None:
            continue
        for dimension in DIMENSIONS:
            parts = [key for key in groups if key[0] == group[0] and key[1] == dimension]
            values = [published.values.get((measure, p), HIDDEN) for p in parts]
            hidden_sum = total - sum(v for v in values if v is not HIDDEN)
            if 0 < hidden_sum < K:
                leaks.append((measure, group, dimension, hidden_sum))
    return leaks


def test_the_reviewers_crossing_of_two_segments_is_refused(demo, client):
    page = client.get(f"{BASE}/q/val_saint_martin?gender=femme&public=adulte")
    text = page.get_data(as_text=True)
    assert 'id="filtre-refuse"' in text and "Un seul filtre à la fois" in text
    assert "Segment :" not in text  # the whole quartier is shown instead
    cloud = client.get(f"{BASE}/q/val_saint_martin/nuage-priorites.png?gender=femme&public=adulte")
    assert cloud.status_code == 404


@pytest.fixture
def attack(demo, client, session):
    """What the pages and exports publish on the demo, and the truth to judge it by."""
    published = collect(client, demo)
    groups, measures = memberships(session, demo)

    def true(measure: str, group: tuple) -> int:
        return len(groups.get(group, set()) & measures.get(measure, set()))

    return published, groups, measures, true


def test_no_two_measures_of_a_group_subtract_to_a_small_group(attack):
    """Respondents − base = « sans avis » + blank; minus « sans avis »: blank; base − « à
    classer »: classified. Each, and its difference between nested groups, is 0 or ≥ k."""
    published, groups, _, _true = attack
    derived = Published()
    identities = {f"_not_base:{r}": ("respondents", (f"base:{r}",)) for r in ROLES}
    identities |= {f"_silent:{r}": ("respondents", (f"base:{r}", f"sans_avis:{r}")) for r in ROLES}
    identities |= {f"_classified:{r}": (f"base:{r}", (f"unclassified:{r}",)) for r in ROLES}
    for group in groups:
        for measure, (total, parts) in identities.items():
            values = [published.values.get((m, group), HIDDEN) for m in (total, *parts)]
            if HIDDEN not in values:
                derived.add(measure, group, values[0] - sum(values[1:]), "identity")
    assert {m for m, _ in derived.values} == set(identities)  # the attack has material
    small = {key: v for key, v in derived.values.items() if 0 < v < K}
    assert small == {}
    assert nested_differences(derived, groups) == []


def test_every_hidden_figure_prints_one_label_everywhere(demo, client):
    """« < 5 » and « masqué » side by side told which hidden cells are small."""
    pages = [f"{BASE}/", f"{BASE}/themes", f"{BASE}/bilan", f"{BASE}/exports"]
    pages += [
        f"{BASE}/q/{q}?{d}={c}" for q in demo for d, codes in DIMENSIONS.items() for c in codes
    ]
    texts = [client.get(url).get_data(as_text=True) for url in pages]
    for name in ("themes_priorites", "themes_atouts_jeunes_adultes", "repondants"):
        texts.append(client.get(f"{BASE}/exports/{name}.csv").data.decode("utf-8-sig"))
    for url in (f"{BASE}/exports/tableaux.xlsx", f"{BASE}/bilan.docx"):
        with zipfile.ZipFile(io.BytesIO(client.get(url).data)) as archive:
            texts += [archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")]
    joined = "\n".join(texts)
    assert "masqué" in joined
    assert not re.search(r"(<|&lt;)\s*5\b", joined.replace("&lt;5", "")), "a second label"


def test_no_hidden_figure_can_be_bounded_below_k_nor_pinned_for_a_small_group(attack, demo):
    """Interval audit (linear programming, ``tests/disclosure_audit.py``): for every cell,
    published or not, min and max given all published figures and every identity."""
    published, groups, measures, true = attack
    codes = {d: list(labels) for d, labels in DIMENSIONS.items()}
    themes = {
        role: sorted(m.split(":")[2] for m in measures if m.startswith(f"theme:{role}:"))
        for role in ROLES
    }

    def contains(big: tuple, small: tuple) -> bool:
        return big in groups and groups.get(small, set()) <= groups[big]

    leaks = audit(published.values, true, list(demo), codes, themes, contains, K)
    assert leaks == []


def test_a_small_groups_zeros_do_not_single_out_its_answers_in_the_raw_export(attack, demo, client):
    """A segment of 1 … k−1 people in a quartier: when the quartier's figure for a theme equals
    the sum of the segment's other published cuts, the hidden ones (this segment included)
    are all 0, so its people did not cite the theme; the raw export (quartier, respondent,
    themes) then narrows to their answers."""
    published, groups, _, _true = attack
    data = client.get(f"{BASE}/exports/reponses.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    cited: dict[tuple, set] = {}
    for row in rows:
        role = "priorites" if row["Question"] == "Priorités" else "atouts"
        key = (row["Quartier"], row["N° répondant"])
        cited.setdefault(key, set()).update(
            f"theme:{role}:{t}" for t in row["Codes thèmes"].split(";") if t
        )
    theme_measures = {m for m, _ in published.values if m.startswith("theme:")}
    narrowed = []
    for (quartier, dimension, code), members in groups.items():
        if quartier == ALL or dimension not in DIMENSIONS or not 0 < len(members) < K:
            continue
        others = [g for g in groups if g[:2] == (quartier, dimension) and g[2] != code]
        zeros = set()
        for measure in theme_measures:
            total = published.values.get((measure, (quartier, None, None)))
            parts = [published.values.get((measure, g), HIDDEN) for g in others]
            # the hidden cuts, this one included, add up to 0: each of them is 0 (a zero for
            # the whole quartier says nothing about this group in particular)
            if total and total == sum(v or 0 for v in parts):
                zeros.add(measure)
        name = demo[quartier]
        candidates = [r for (q, r), themes in cited.items() if q == name and not themes & zeros]
        if zeros and len(candidates) < K:
            narrowed.append(((quartier, dimension, code), len(members), len(candidates)))
    assert narrowed == []


def test_a_widened_base_keeps_its_shares_and_says_so(demo, client):
    """Where the exact base would reveal a few « sans avis » or blanks, the page shows a base
    widened by them, its shares, and a note that says why; so do the matrices and the report."""
    for quartier, (dimension, labels) in product(demo, DIMENSIONS.items()):
        for code in labels:
            page = client.get(f"{BASE}/q/{quartier}?{dimension}={code}").get_data(as_text=True)
            if "(base élargie)" in page:
                break
        else:
            continue
        break
    else:
        pytest.fail("no widened base on the demo")
    assert (
        'id="base-elargie"' in page
        and "La base compte donc aussi ceux qui sont masqués" in text_of(page)
    )
    table = page.split('id="table-themes"')[1].split("</table>")[0]
    assert re.search(r"<td class=\"num\">\d+(,\d)?&#8239;%</td>", table)
    matrices = client.get(f"{BASE}/themes").get_data(as_text=True)
    assert "(base élargie)" in matrices and 'id="base-elargie"' in matrices
    assert "la base des pourcentages est élargie" in client.get(f"{BASE}/bilan").get_data(
        as_text=True
    )
