"""Theme tagging quality on the dev sets the project can see, genre by genre.

    .venv/bin/python bench/themes_eval.py [--data ../shared/data/paris-budget-participatif]
        [--context ../shared/context/contrat-de-ville-extraits.md] [--codebook FILE]
        [--set titles|descriptions|residents|annex] [--per-theme] [--misses N]

For each set it prints precision, recall, micro- and macro-F1 and themes per answer (predicted,
and expected by the gold labels):

- ``titles``: the 1 336 Paris participatory-budget titles (short; one official label);
- ``descriptions``: the 545 Paris descriptions (long texts, several sentences; one official
  label): the proxy for long answers, where precision and themes per answer matter most;
- ``residents``: the resident-style phrases of ``tests/analysis/test_resident_phrases.py``;
- ``annex``: the residents' words quoted in annex 3 of the Contrat de Ville (the project's seed
  document), read from the shared context file and cut at commas, each fragment coded by hand
  below (``ANNEX_GOLD``, in file order).

A gold row is a list of *slots*, each a set of accepted alternatives (Paris: one slot, e.g.
{education, jeunesse}). A predicted theme inside a slot is a true positive, one in no slot a false
positive, a slot with no predicted theme a false negative. Use it to find gaps in the method,
never to fit a rule to one row.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import load_codebook  # noqa: E402
from analysis.tagging import Tagger  # noqa: E402
from tests.analysis.test_resident_phrases import PHRASES  # noqa: E402

# ../shared next to the checkout (or two levels up from a worktree in wt/).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT / "shared")
DEFAULT_DATA = SHARED / "data" / "paris-budget-participatif"
DEFAULT_CONTEXT = SHARED / "context" / "contrat-de-ville-extraits.md"

# Themes of each quoted fragment of annex 3, in the order they appear (bullets without a quote
# count as one fragment: their heading). Coded by reading the fragment alone, as a staff coder.
ANNEX_GOLD: list[set[str]] = [
    # Gouraincourt
    {"lien_social"},
    {"jeunesse"},
    {"environnement", "jeunesse"},
    {"proprete"},
    {"citoyennete"},
    {"securite"},
    # Voltaire
    {"securite"},
    {"mobilite"},
    {"amenagement"},
    {"amenagement", "proprete"},
    {"citoyennete"},
    {"citoyennete"},
    {"citoyennete"},
    {"citoyennete"},
    {"proprete"},
    # Concorde
    {"mobilite"},
    {"lien_social"},
    {"jeunesse"},
    {"jeunesse"},
    {"citoyennete"},
    {"parentalite"},
    # Val Saint-Martin
    {"securite"},
    {"securite"},
    {"securite"},
    {"citoyennete"},
    {"parentalite"},
    {"citoyennete"},
    {"amenagement", "jeunesse"},
    {"sport_culture"},
]


@dataclass(frozen=True)
class DevSet:
    name: str
    texts: list[str]
    gold: list[list[set[str]]]  # per text: slots of accepted alternatives


def paris_set(data: Path, field: str) -> DevSet:
    rows = pd.read_csv(data / "laureats.csv", dtype=str, keep_default_na=False)
    rows = rows[rows[field].str.strip() != ""]
    gold = [[set(value.split(";"))] for value in rows["themes_accepted"]]
    name = "titles" if field == "text" else "descriptions"
    return DevSet(name, rows[field].tolist(), gold)


def residents_set() -> DevSet:
    return DevSet("residents", [t for t, _ in PHRASES], [[{t} for t in g] for _, g in PHRASES])


def annex_fragments(context: Path) -> list[str]:
    """Residents' words quoted in annex 3: quotes cut at commas and colons, else the heading."""
    annex = context.read_text(encoding="utf-8").split("## Annexe 3", 1)[1]
    fragments = []
    for line in annex.splitlines():
        if not line.startswith("- ") or line.startswith("- **"):
            continue
        quote = re.search(r"«(.*?)»", line)
        if quote is None:
            fragments.append(line[2:].strip())
            continue
        parts = re.split(r"[,:]|\.\.\.|…", quote.group(1))
        fragments += [part.strip() for part in parts if part.strip()]
    return fragments


def annex_set(context: Path) -> DevSet:
    fragments = annex_fragments(context)
    if len(fragments) != len(ANNEX_GOLD):
        raise SystemExit(f"annex: {len(fragments)} fragments in {context}, {len(ANNEX_GOLD)} coded")
    return DevSet("annex", fragments, [[{t} for t in g] for g in ANNEX_GOLD])


def evaluate(gold: list[list[set[str]]], predicted: list[tuple[str, ...]]) -> pd.DataFrame:
    """Per-theme true positives, false positives, false negatives, precision, recall, F1."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for slots, themes_found in zip(gold, predicted, strict=True):
        found = set(themes_found)
        accepted = set().union(*slots) if slots else set()
        for theme in found:
            (tp if theme in accepted else fp)[theme] += 1
        for slot in slots:  # alternatives (education or jeunesse): a miss counts once
            if not found & slot:
                fn[sorted(slot)[0]] += 1
    labelled = sorted({t for slots in gold for slot in slots for t in slot})
    rows = []
    for theme in labelled:
        precision = _ratio(tp[theme], tp[theme] + fp[theme])
        recall = _ratio(tp[theme], tp[theme] + fn[theme])
        rows.append(
            (
                theme,
                tp[theme],
                fp[theme],
                fn[theme],
                precision,
                recall,
                _ratio(2 * precision * recall, precision + recall),
            )
        )
    table = pd.DataFrame(rows, columns=["theme", "tp", "fp", "fn", "precision", "recall", "f1"])
    outside = sum(n for theme, n in fp.items() if theme not in labelled)
    if not outside:
        return table
    other = pd.DataFrame([("(other)", 0, outside, 0, 0.0, 0.0, 0.0)], columns=table.columns)
    return pd.concat([table, other])


def summary(devset: DevSet, predicted: list[tuple[str, ...]]) -> dict[str, float]:
    """The headline figures of one set."""
    table = evaluate(devset.gold, predicted)
    labelled = table[table["theme"] != "(other)"]
    tp, fp, fn = table["tp"].sum(), table["fp"].sum(), table["fn"].sum()
    return {
        "texts": len(devset.texts),
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "micro_f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "macro_f1": float(labelled["f1"].mean()),
        "themes_per_text": sum(len(p) for p in predicted) / len(predicted),
        "gold_per_text": sum(len(g) for g in devset.gold) / len(devset.gold),
    }


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--context", type=Path, default=DEFAULT_CONTEXT)
    parser.add_argument("--codebook", type=Path)
    parser.add_argument(
        "--set",
        action="append",
        dest="sets",
        choices=["titles", "descriptions", "residents", "annex"],
    )
    parser.add_argument("--per-theme", action="store_true", help="print per-theme tables")
    parser.add_argument("--misses", type=int, default=0, help="print N wrong rows per set")
    args = parser.parse_args()

    builders = {
        "titles": lambda: paris_set(args.data, "text"),
        "descriptions": lambda: paris_set(args.data, "description"),
        "residents": residents_set,
        "annex": lambda: annex_set(args.context),
    }
    tagger = Tagger(load_codebook(args.codebook) if args.codebook else None)
    print(f"codebook {tagger.codebook.slug} {tagger.codebook.version}\n")
    lines = []
    for name in args.sets or list(builders):
        devset = builders[name]()
        predicted = [tags.themes for tags in tagger.tag_many(devset.texts)]
        if args.per_theme:
            table = evaluate(devset.gold, predicted)
            print(f"{name}\n{table.to_string(index=False, float_format=lambda x: f'{x:.2f}')}\n")
        _print_misses(devset, predicted, args.misses)
        lines.append({"set": name, **summary(devset, predicted)})
    pd.set_option("display.width", 120)
    print(pd.DataFrame(lines).to_string(index=False, float_format=lambda x: f"{x:.3f}"))


def _print_misses(devset: DevSet, predicted, limit: int) -> None:
    shown = 0
    for text, found, slots in zip(devset.texts, predicted, devset.gold, strict=True):
        accepted = set().union(*slots) if slots else set()
        wrong = set(found) - accepted or any(not set(found) & slot for slot in slots)
        if shown < limit and wrong:
            print(f"  {[sorted(s) for s in slots]} <- {list(found)} : {text[:300]}")
            shown += 1


if __name__ == "__main__":
    main()
