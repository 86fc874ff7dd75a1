"""Evaluate theme tagging on the Paris participatory-budget winners (real resident texts).

    .venv/bin/python bench/themes_eval.py [--data ../shared/data/paris-budget-participatif]
        [--codebook FILE] [--field text|description] [--misses N]

Prints per-theme precision, recall and F1, micro/macro F1, hit rate (a prediction with at least
one accepted theme) and coverage (share of texts given any theme). Gold labels are the City's
single theme mapped to ours (``themes_accepted``): a predicted theme counts as a true positive
when it is accepted for that row. Use it to find gaps in the codebook, never to tune to one row.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import load_codebook  # noqa: E402
from analysis.tagging import Tagger  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "paris-budget-participatif"


def evaluate(gold: list[set[str]], predicted: list[tuple[str, ...]], themes) -> pd.DataFrame:
    """Per-theme true positives, false positives, false negatives, precision, recall, F1."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for accepted, themes_found in zip(gold, predicted, strict=True):
        found = set(themes_found)
        for theme in found:
            (tp if theme in accepted else fp)[theme] += 1
        # Several accepted themes are alternatives (education or jeunesse): a miss counts once.
        if not found & accepted:
            fn[sorted(accepted)[0]] += 1
    rows = []
    for theme in themes:
        precision = _ratio(tp[theme], tp[theme] + fp[theme])
        recall = _ratio(tp[theme], tp[theme] + fn[theme])
        rows.append((theme, tp[theme], fp[theme], fn[theme], precision, recall,
                     _ratio(2 * precision * recall, precision + recall)))  # fmt: skip
    return pd.DataFrame(rows, columns=["theme", "tp", "fp", "fn", "precision", "recall", "f1"])


def micro_f1(table: pd.DataFrame) -> float:
    tp, fp, fn = table["tp"].sum(), table["fp"].sum(), table["fn"].sum()
    return _ratio(2 * tp, 2 * tp + fp + fn)


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--codebook", type=Path)
    parser.add_argument("--field", default="text", choices=["text", "description"])
    parser.add_argument("--misses", type=int, default=0, help="print N untagged/wrong rows")
    args = parser.parse_args()

    rows = pd.read_csv(args.data / "laureats.csv", dtype=str, keep_default_na=False)
    rows = rows[rows[args.field].str.strip() != ""]
    tagger = Tagger(load_codebook(args.codebook) if args.codebook else None)
    predicted = [tags.themes for tags in tagger.tag_many(rows[args.field])]
    gold = [set(value.split(";")) for value in rows["themes_accepted"]]
    labelled = sorted({t for g in gold for t in g})
    table = evaluate(gold, predicted, labelled)
    hits = sum(bool(set(p) & g) for p, g in zip(predicted, gold, strict=True))
    covered = sum(bool(p) for p in predicted)

    pd.set_option("display.width", 120)
    print(f"{len(rows)} textes ({args.field}), codebook {tagger.codebook.version}\n")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print(f"\nmicro-F1  {micro_f1(table):.3f}")
    print(f"macro-F1  {table['f1'].mean():.3f}  (over the {len(labelled)} themes Paris labels)")
    print(f"hit rate  {hits / len(rows):.3f}")
    print(f"coverage  {covered / len(rows):.3f}")
    _print_misses(rows, predicted, gold, args.misses)


def _print_misses(rows: pd.DataFrame, predicted, gold, limit: int) -> None:
    shown = 0
    for text, found, accepted in zip(rows["text"], predicted, gold, strict=True):
        if shown < limit and not set(found) & accepted:
            print(f"  {sorted(accepted)} <- {list(found)} : {text}")
            shown += 1


if __name__ == "__main__":
    main()
