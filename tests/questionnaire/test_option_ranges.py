"""No option list of any questionnaire offers two ranges that share a value (« 1 à 5 ans » /
« 5 à 10 ans »): a respondent who has lived there 5 years could tick either."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from consult.config import QUESTIONNAIRES_DIR
from consult.questionnaire.validation import read_yaml

NUMBER = r"\b(\d+|un|une|a|one|سنة)\b"
WORDS = {"un": 1, "une": 1, "a": 1, "one": 1, "سنة": 1}


@dataclass(frozen=True)
class Range:
    low: float
    low_closed: bool
    high: float
    high_closed: bool

    def overlaps(self, other: Range) -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return self.high_closed and other.low_closed
        if other.high == self.low:
            return other.high_closed and self.low_closed
        return True


def closed(a, b):
    return Range(a, True, b, True)


def half_open(a, b):
    return Range(a, True, b, False)


def below(b):
    return Range(0, True, b, False)


def above(a):
    return Range(a, False, math.inf, False)


def from_on(a):
    return Range(a, True, math.inf, False)


# (pattern, builder) in the order they are tried; the first match wins. N stands for a number.
PATTERNS = [
    (r"de (?P<a>N) (?:ans? )?à moins de (?P<b>N)", half_open),
    (r"(?P<a>N) (?:ans? )?à moins de (?P<b>N)", half_open),
    (r"(?P<a>N) (?:years? )?to under (?P<b>N)", half_open),
    (r"(?P<a>N) (?:ans? )?(?:à|to|-) (?P<b>N)", closed),
    (r"من (?P<a>N) (?:سنوات |سنة )?(?:إلى|الى) أقل من (?P<b>N)", half_open),
    (r"من (?P<a>N) (?:سنوات |سنة )?(?:إلى|الى) (?P<b>N)", closed),
    (r"(?:moins d'|moins de |under |less than |أقل من )(?P<b>N)", below),
    (r"(?:plus de |more than |over |أكثر من )(?P<a>N)", above),
    (r"(?P<a>N) (?:ans? |years? )?(?:et plus|ou plus|or (?:more|over)|and over)", from_on),
    (r"(?P<a>N) (?:سنة|سنوات) ?(?:فأكثر|أو أكثر)", from_on),
]


def parse_range(label: str) -> Range | None:
    """The numeric range a choice label names, or ``None`` when it names none."""
    text = " ".join(label.lower().replace("\u202f", " ").replace("\u00a0", " ").split())
    for pattern, build in PATTERNS:
        match = re.search(pattern.replace("N", NUMBER), text)
        if match:
            values = {k: WORDS.get(v) or int(v) for k, v in match.groupdict().items()}
            return build(**values)
    return None


def overlapping_pairs(labels: list[str]) -> list[tuple[str, str]]:
    ranges = [(label, parse_range(label)) for label in labels]
    ranges = [(label, r) for label, r in ranges if r is not None]
    return [
        (first, second)
        for i, (first, a) in enumerate(ranges)
        for second, b in ranges[i + 1 :]
        if a.overlaps(b)
    ]


def option_lists(root: Path):
    """(file, question key, language, labels) for every choice question of every file."""
    for path in sorted(root.rglob("*.yaml")):
        document, _ = read_yaml(path)
        if not isinstance(document, dict) or document.get("kind") != "questionnaire":
            continue
        for question in document["questions"]:
            choices = question.get("choices") or []
            languages = {lang for c in choices for lang in c["label"]}
            for language in sorted(languages):
                labels = [c["label"].get(language) or c["label"]["fr"] for c in choices]
                yield f"{path.name}:{question['key']}:{language}", labels


def test_every_questionnaire_has_choice_lists_to_check():
    assert sum(1 for _ in option_lists(QUESTIONNAIRES_DIR)) >= 20


@pytest.mark.parametrize(
    "labels",
    [pytest.param(labels, id=place) for place, labels in option_lists(QUESTIONNAIRES_DIR)],
)
def test_no_option_list_offers_overlapping_ranges(labels):
    assert overlapping_pairs(labels) == []


@pytest.mark.parametrize(
    "labels",
    [
        ["Moins d'un an", "1 à 5 ans", "5 à 10 ans", "Plus de 10 ans"],
        ["Less than a year", "1 to 5 years", "5 to 10 years"],
        ["من سنة إلى 5 سنوات", "من 5 إلى 10 سنوات"],
        ["Moins de 15 ans", "15 à 17 ans", "17 ans et plus"],
        ["1 à 5 ans", "Plus de 4 ans"],
    ],
)
def test_overlapping_ranges_are_found(labels):
    assert overlapping_pairs(labels) != []


@pytest.mark.parametrize(
    "labels",
    [
        ["Moins d'un an", "De 1 an à moins de 5 ans", "De 5 à moins de 10 ans", "10 ans ou plus"],
        ["Less than a year", "1 to under 5 years", "5 to under 10 years", "10 years or more"],
        ["Moins de 15 ans", "15 à 17 ans", "18 à 25 ans", "60 ans et plus"],
        ["Moins d'1 an", "1 à 5 ans", "Plus de 5 ans", "Je n'habite pas ici"],
        ["أقل من 15 سنة", "من 15 إلى 17 سنة", "60 سنة فأكثر"],
    ],
)
def test_ranges_that_only_touch_at_an_open_end_do_not_overlap(labels):
    assert overlapping_pairs(labels) == []


def test_labels_are_read_as_the_ranges_they_name():
    assert parse_range("1 à 5 ans") == Range(1, True, 5, True)
    assert parse_range("Moins d'un an") == Range(0, True, 1, False)
    assert parse_range("Plus de 10 ans") == Range(10, False, math.inf, False)
    assert parse_range("60 ans et plus") == Range(60, True, math.inf, False)
    assert parse_range("De 5 ans à moins de 10 ans") == Range(5, True, 10, False)
    assert parse_range("من سنة إلى 5 سنوات") == Range(1, True, 5, True)
    assert parse_range("Une femme") is None
