"""Every count Consult publishes about a consultation, computed once and suppressed together.

Pages, exports, the report and word clouds read their figures here, so that one suppression
(``analysis.suppression.protect``) covers all of them and no two outputs can be subtracted to
reveal a small group. What is published (the *lattice*):

- groups: the consultation (every quartier, :data:`ALL`), each quartier, and each of them cut
  by **one** segment at a time (age band, gender, public, channel). Crossing two segments
  (young women…) is never published: it is exactly what let a subtraction single out three
  young women. Nor is the questionnaire a cut: it nearly matches jeune/adulte, and the few
  young people who took the adults' questionnaire would be their difference;
- measures per group: respondents, respondents who answered each question (bases), who cited
  each theme, whose answer is « à classer », whose answer is « sans avis ».

Lines tie them: a group is the sum of its cuts by any one segment, the consultation the sum of
its quartiers, and « jeunes » the sum of the young age bands plus the young people of unknown
age (never published). A group whose size is hidden has every figure hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.config import SANS_AVIS
from analysis.intervals import Table
from analysis.suppression import (
    PROTECTS,
    SMALL,
    Figure,
    Hidden,
    Line,
    is_hidden,
    protect,
    upper_bounds,
)
from consult.models import Consultation, Response
from consult.questionnaire.segments import (
    AGE_BANDS,
    ANSWER_ROLES,
    CHANNELS,
    GENDERS,
    PUBLICS,
    UNKNOWN,
    YOUNG_AGE_BANDS,
)
from consult.reports.frames import answers_frame, cached

ALL = "*"  # the whole consultation
DIMENSIONS = {"age_band": AGE_BANDS, "gender": GENDERS, "public": PUBLICS, "channel": CHANNELS}
RESPONDENTS = "respondents"
# Never published: people of unknown age, split by the public derived from their questionnaire.
_UNKNOWN_AGE = "_unknown_age_public"
_INSIDE = "_inside"  # never published: a group minus a smaller group that lies inside it

Group = tuple[str, str | None, str | None]  # (quartier id or ALL, dimension, value)


def base(role: str) -> str:
    """Measure: respondents who answered ``role`` with something else than « sans avis »."""
    return f"base:{role}"


def theme(role: str, theme_id: str) -> str:
    """Measure: respondents who cited ``theme_id`` in ``role``."""
    return f"theme:{role}:{theme_id}"


def no_answer(role: str) -> str:
    """Measure: respondents who left ``role`` blank."""
    return f"sans_reponse:{role}"


def unclassified(role: str) -> str:
    """Measure: respondents with an answer to ``role`` that has no theme yet."""
    return f"unclassified:{role}"


def no_opinion(role: str) -> str:
    """Measure: respondents whose answer to ``role`` is « sans avis / hors sujet »."""
    return f"sans_avis:{role}"


@dataclass(frozen=True)
class Published:
    """Suppressed figures: ``figures[measure][group]``; unknown groups and measures are 0."""

    figures: dict[str, dict[Group, Figure]]
    quartiers: tuple[str, ...]
    k: int
    widened: frozenset[tuple[str, Group]] = frozenset()  # (role, group): see _widen_bases

    def widened_base(self, role: str, quartier: str, dimension=None, value=None) -> bool:
        """True when the base of ``role`` counts the group's masked « sans avis » and « sans
        réponse » too (its exact value would reveal them)."""
        return (role, _group(quartier, dimension, value)) in self.widened

    def get(self, measure, quartier: str, dimension: str | None = None, value=None) -> Figure:
        return self.figures.get(measure, {}).get(_group(quartier, dimension, value), 0)

    def size(self, quartier: str, dimension: str | None = None, value=None) -> Figure:
        return self.get(RESPONDENTS, quartier, dimension, value)

    def shown(self, quartier: str, dimension: str | None = None, value=None) -> bool:
        """True when the group's size, hence its figures, may be shown."""
        return not is_hidden(self.size(quartier, dimension, value))


def _group(quartier: str, dimension: str | None, value) -> Group:
    return (quartier, dimension, value) if dimension else (quartier, None, None)


def published_figures(session: Session, consultation: Consultation, k: int) -> Published:
    """The :class:`Published` figures of ``consultation``, cached until the data changes."""
    return cached(
        session,
        consultation.id,
        f"published:{k}",
        lambda s, cid: _build(s, consultation, k),
    )


def _build(session: Session, consultation: Consultation, k: int) -> Published:
    quartiers = tuple(q.id for q in consultation.quartiers)
    people = respondents_frame(session, consultation.id)
    members = measure_matrix(people, answers_frame(session, consultation.id))
    counts = _lattice_counts(people, members, quartiers, DIMENSIONS)
    nested = _nested_groups(people.join(members), list(members.columns), quartiers, DIMENSIONS)
    for measure, cells in nested.cells.items():
        counts[measure].update(cells)
    people_of = counts[RESPONDENTS]  # a cell's population: its group's respondents
    sizes = _protect(people_of, quartiers, k, nested.lines, people_of)
    small = {g for g, v in sizes.items() if is_hidden(v) and v.reason == SMALL}
    forced = {g: Hidden(PROTECTS, k) for g, v in sizes.items() if is_hidden(v) and g not in small}
    figures, widened = _protect_answering(counts, quartiers, k, nested.lines, sizes)
    # a count never exceeds its group's size, as far as the published sizes bound it
    ceiling = upper_bounds(people_of, _lines_of(people_of, quartiers, nested.lines), sizes, k)
    for measure in members.columns:
        if measure not in figures:
            figures[measure] = _protect(
                counts[measure], quartiers, k, nested.lines, people_of, small, forced, ceiling
            )
    # a size the identities made hide (a last-resort companion) hides its whole group too:
    # hiding more never reveals more
    for group, size in figures[RESPONDENTS].items():
        if is_hidden(size) and not is_hidden(sizes.get(group, 0)):
            for shown in figures.values():
                if group in shown and not is_hidden(shown[group]):
                    shown[group] = Hidden(PROTECTS, k)
    return Published(figures, quartiers, k, frozenset(widened))


def _answering_measures() -> list[str]:
    """Measures tied to a group's size by identities, protected together."""
    per_role = [
        f(role) for role in ANSWER_ROLES for f in (base, no_opinion, no_answer, unclassified)
    ]
    return [RESPONDENTS, *per_role]


def _protect_answering(
    counts: dict[str, dict[Group, int]],
    quartiers,
    k: int,
    nested: list[Line],
    sizes: dict[Group, Figure],
) -> tuple[dict[str, dict[Group, Figure]], set[tuple[str, Group]]]:
    """Sizes, bases, « sans avis », « sans réponse » and « à classer », as one table.

    Besides the lines of the lattice, each group of each question obeys two identities:
    respondents = base + « sans avis » + « sans réponse », and base = « à classer » +
    classified (never published). Protected apart, respondents − base told that 1 … k−1 people
    of a group gave no opinion. Companions are taken among « sans avis », « sans réponse »
    and « à classer » first, then among bases (:func:`_widen_bases` keeps their shares),
    sizes last. Returns the figures and the widened bases."""
    measures = _answering_measures()
    people_of = counts[RESPONDENTS]
    values = {(m, g): counts.get(m, {}).get(g, 0) for m in measures for g in people_of}
    lines = [
        Line((m, line.total), tuple((m, p) for p in line.parts))
        for m in (*measures, *(_classified(r) for r in ANSWER_ROLES))
        for line in _lines_of(people_of, quartiers, nested)
    ]
    for role in ANSWER_ROLES:
        for g in people_of:
            values[(_classified(role), g)] = (
                values[(base(role), g)] - values[(unclassified(role), g)]
            )
            answered = ((base(role), g), (no_opinion(role), g), (no_answer(role), g))
            lines.append(Line((RESPONDENTS, g), answered))
            classified = ((unclassified(role), g), (_classified(role), g))
            lines.append(Line((base(role), g), classified))
    hidden_sizes = {g: v for g, v in sizes.items() if is_hidden(v)}
    forced = {(m, g): v for m in measures for g, v in hidden_sizes.items()}
    unpublished = [
        key
        for key in values
        if key[0].startswith(_CLASSIFIED) or key[1][1] in (_UNKNOWN_AGE, _INSIDE)
    ]
    # sizes dearest; blanks before bases, so that a widened base grows the least
    rank = {RESPONDENTS: 100, **{base(role): _BASE_COST for role in ANSWER_ROLES}}
    rank |= {no_answer(role): _BASE_COST // 2 for role in ANSWER_ROLES}

    def cost(key: tuple[str, Group]) -> int:
        return rank.get(key[0], 0) + _cost(key[1])

    population = {key: people_of[key[1]] for key in values}
    protected = protect(values, lines, k, (), forced, unpublished, cost, population)
    # a size hidden here as a last-resort companion hides its whole group, as everywhere
    for key, figure in list(protected.items()):
        size = protected.get((RESPONDENTS, key[1]))
        if is_hidden(size) and not is_hidden(figure):
            protected[key] = Hidden(PROTECTS, k)
    figures: dict[str, dict[Group, Figure]] = {m: {} for m in measures}
    for (measure, group), figure in protected.items():
        figures[measure][group] = figure
    table = Table(values, lines, k, population, {})
    unknown = {key for key in values if key not in protected or is_hidden(protected[key])}
    # a hidden figure of a group whose size is shown is at least 1; others may be 0
    maybe_zero = {
        key
        for key in values
        if key not in protected or is_hidden(protected.get((RESPONDENTS, key[1])))
    }
    _, high = table.bounds(unknown, maybe_zero)
    return figures, _widen_bases(figures, high)


_CLASSIFIED = "_classified"  # never published: a base minus its « à classer »
_BASE_COST = 10  # of a base as a companion; a blank costs half, a size ten times as much


def _classified(role: str) -> str:
    return f"{_CLASSIFIED}:{role}"


def _widen_bases(figures: dict[str, dict[Group, Figure]], high: dict) -> set[tuple[str, Group]]:
    """Give every hidden base of a published group a value, so that its shares can be shown:
    the largest base the published figures allow (``high``: the adversary's upper bounds; at
    most the group's size minus its published « sans avis » and « sans réponse », minus one
    for each of those hidden, since a hidden figure of a published group is at least 1).
    Anyone can compute it from what is published, so it reveals nothing; it is never below
    the exact base, so shares over it are never above the true ones."""
    widened = set()
    for role in ANSWER_ROLES:
        bases = figures[base(role)]
        for group, size in figures[RESPONDENTS].items():
            if is_hidden(size) or not is_hidden(bases.get(group, 0)):
                continue
            others = (figures[m].get(group, 0) for m in (no_opinion(role), no_answer(role)))
            largest = int(size) - sum(int(n) for n in others if not is_hidden(n))
            bases[group] = int(min(largest, high.get((base(role), group), largest)))
            widened.add((role, group))
    return widened


def respondents_frame(session: Session, consultation_id: int) -> pd.DataFrame:
    """One row per respondent: quartier and the four segments."""
    rows = session.execute(
        select(
            Response.id,
            Response.quartier_id,
            Response.age_band,
            Response.gender,
            Response.public,
            Response.channel,
        ).where(Response.consultation_id == consultation_id)
    ).all()
    columns = ["respondent", "quartier", *DIMENSIONS]
    frame = pd.DataFrame(rows, columns=columns).set_index("respondent")
    for dimension in DIMENSIONS:
        frame[dimension] = frame[dimension].fillna(UNKNOWN)
    return frame


def measure_matrix(people: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """Respondent × measure booleans: who counts in each published measure."""
    pairs = [pd.DataFrame({"respondent": people.index, "measure": [RESPONDENTS] * len(people)})]
    for role in ANSWER_ROLES:
        rows = answers[answers["role"] == role]
        opinion = rows[rows["theme"] != SANS_AVIS]
        pairs.append(_pairs(opinion["respondent"], base(role)))
        silent = rows.loc[rows["theme"] == SANS_AVIS, "respondent"]
        pairs.append(_pairs(silent[~silent.isin(opinion["respondent"])], no_opinion(role)))
        blank = people.index[~people.index.isin(rows["respondent"])]
        pairs.append(_pairs(pd.Series(blank), no_answer(role)))
        pairs.append(_pairs(rows.loc[rows["theme"].isna(), "respondent"], unclassified(role)))
        themed = opinion.dropna(subset=["theme"])
        pairs += [
            _pairs(group["respondent"], theme(role, theme_id))
            for theme_id, group in themed.groupby("theme")
        ]
    long = pd.concat(pairs, ignore_index=True).drop_duplicates()
    long = long[long["respondent"].isin(people.index)]
    matrix = pd.crosstab(long["respondent"], long["measure"]).astype(bool)
    columns = [RESPONDENTS, *(c for c in matrix.columns if c != RESPONDENTS)]
    return matrix.reindex(index=people.index, columns=columns, fill_value=False)


def _pairs(respondents: pd.Series, measure) -> pd.DataFrame:
    return pd.DataFrame(
        {"respondent": respondents.to_numpy(), "measure": [measure] * len(respondents)}
    )


def _lattice_counts(people, members, quartiers, dimensions) -> dict[str, dict]:
    """``{measure: {group: count}}`` over the lattice, and the never-published unknown-age cells."""
    data = people.join(members)
    measures = list(members.columns)
    cuts = {**dimensions, _UNKNOWN_AGE: PUBLICS}
    data[_UNKNOWN_AGE] = data["public"].where(data["age_band"] == UNKNOWN)
    tables = {None: data.groupby("quartier")[measures].sum()}
    for dimension in cuts:
        tables[dimension] = data.groupby(["quartier", dimension])[measures].sum()
    counts: dict[str, dict] = {m: {} for m in measures}
    for dimension, table in tables.items():
        codes = [None] if dimension is None else _codes(cuts[dimension], data[dimension])
        for code in codes:
            for measure in measures:
                column = table[measure]
                cells = {q: int(column.get(q if code is None else (q, code), 0)) for q in quartiers}
                target = counts[measure]
                for q, n in cells.items():
                    target[(q, dimension, code)] = n
                target[(ALL, dimension, code)] = sum(cells.values())
    return counts


@dataclass(frozen=True)
class _Nested:
    cells: dict[str, dict[Group, int]]  # measure -> never-published « inside » differences
    lines: list[Line]


def _nested_groups(data: pd.DataFrame, measures: list[str], quartiers, dimensions) -> _Nested:
    """Cuts by two segments where one group lies inside the other (everyone who took the youth
    questionnaire is « jeune », every 15–17 year old too…): the bigger one is the smaller one
    plus a never-published difference, so that a subtraction of the two is protected like a
    cell. Groups with the same respondents are tied by a one-part line."""
    cells: dict[str, dict[Group, int]] = {m: {} for m in measures}
    lines = []
    for place in (*quartiers, ALL):
        here = data if place == ALL else data[data["quartier"] == place]
        cuts = [
            ((place, dimension, code), set(index))
            for dimension in dimensions
            for code, index in here.groupby(dimension).groups.items()
        ]
        for (inner, members), (outer, others) in permutations(cuts, 2):
            if inner[1] == outer[1] or not members <= others:
                continue
            if members == others:
                if inner < outer:  # one line per pair of equal groups
                    lines.append(Line(outer, (inner,)))
                continue
            cell = (place, _INSIDE, f"{outer[1]}={outer[2]}>{inner[1]}={inner[2]}")
            sums = here.loc[list(others - members), measures].sum()
            for measure in measures:
                cells[measure][cell] = int(sums[measure])
            lines.append(Line(outer, (inner, cell)))
    return _Nested(cells, lines)


def _protect(
    values: dict,
    quartiers,
    k: int,
    nested: list[Line],
    population: dict[Group, int],
    small=(),
    forced=None,
    ceiling=None,
) -> dict[Group, Figure]:
    """:func:`protect` one measure over the lattice; ``population``: respondents per group, so
    that no figure of a group of 1 … k−1 people is pinned, zeros included."""
    lines = _lines_of(values, quartiers, nested)
    unpublished = [g for g in values if g[1] in (_UNKNOWN_AGE, _INSIDE)]
    return protect(values, lines, k, small, forced, unpublished, _cost, population, ceiling=ceiling)


def _lines_of(values: dict, quartiers, nested: list[Line]) -> list[Line]:
    return _lines(values, quartiers) + [
        line for line in nested if all(m in values for m in (line.total, *line.parts))
    ]


def _cost(group: Group) -> int:
    """Give up consultation-wide totals before a quartier's own figures, and a quartier's
    segments before the quartier itself."""
    return (group[0] != ALL) + (group[1] is None)


def _codes(codes, observed: pd.Series) -> list:
    return list(dict.fromkeys([*codes, *observed.dropna().unique()]))


def _lines(values: dict, quartiers) -> list[Line]:
    codes: dict[str, list] = {}
    for group, dimension, code in values:
        if group == ALL and dimension not in (None, _INSIDE):
            codes.setdefault(dimension, []).append(code)
    dimensions = [d for d in codes if d != _UNKNOWN_AGE]
    lines = [Line((ALL, None, None), tuple((q, None, None) for q in quartiers))]
    for dimension in codes:
        for code in codes[dimension]:
            parts = tuple((q, dimension, code) for q in quartiers)
            lines.append(Line((ALL, dimension, code), parts))
    for group in (*quartiers, ALL):
        for dimension in dimensions:
            parts = tuple((group, dimension, code) for code in codes[dimension])
            lines.append(Line((group, None, None), parts))
        lines += _public_lines(group, codes["age_band"])
    return lines


def _public_lines(group: str, age_codes: list[str]) -> list[Line]:
    """« jeunes » and « adultes » are sums of age bands plus people of unknown age."""
    young = tuple((group, "age_band", a) for a in age_codes if a in YOUNG_AGE_BANDS)
    adult = tuple(
        (group, "age_band", a) for a in age_codes if a not in YOUNG_AGE_BANDS and a != UNKNOWN
    )
    unknown = {p: (group, _UNKNOWN_AGE, p) for p in PUBLICS}
    return [
        Line((group, "public", "jeune"), (*young, unknown["jeune"])),
        Line((group, "public", "adulte"), (*adult, unknown["adulte"])),
        Line((group, "age_band", UNKNOWN), tuple(unknown.values())),
    ]
