"""End-to-end tagging throughput against the naive way, measured in the same run.

    .venv/bin/python bench/analysis.py --answers 1000000 [--naive-sample 300]

Answers are resampled (with replacement, fixed seed) from the real texts in ../shared/data/
(titles and description sentences of the Paris participatory budget). The fast path is
``Tagger.tag_many`` in batches, as the CSV command and ``consult analyze tag`` use it; the naive
way is the full ``fr_core_news_sm`` pipeline on each answer one by one. Prints answers/s, the
ratio, peak memory (max RSS of the process, spaCy model included) and whether both paths gave
the same themes on the naive sample.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.nlp import full_pipeline  # noqa: E402
from analysis.tagging import Tagger  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CHUNK = 10_000


def real_texts() -> list[str]:
    """Every title and description sentence found in the shared data."""
    texts: list[str] = []
    for path in sorted(DATA.glob("*/*.csv")):
        rows = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("text", "description"):
            for value in rows.get(column, []):
                texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+", value) if s.strip()]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=300)
    args = parser.parse_args()

    pool = real_texts()
    rng = random.Random(2025)
    started = time.perf_counter()
    tagger = Tagger()
    full_pipeline()
    print(f"set-up (spaCy x2, codebook): {time.perf_counter() - started:.1f} s")
    print(f"{len(pool)} distinct real texts, {args.answers} answers resampled from them")

    sample = rng.choices(pool, k=args.naive_sample)
    started = time.perf_counter()
    naive = [tagger.tag_naive(text) for text in sample]
    naive_rate = len(sample) / (time.perf_counter() - started)

    started = time.perf_counter()
    tagged = 0
    for start in range(0, args.answers, CHUNK):
        batch = rng.choices(pool, k=min(CHUNK, args.answers - start))
        tagged += sum(bool(t.themes) for t in tagger.tag_many(batch))
    elapsed = time.perf_counter() - started
    fast_rate = args.answers / elapsed
    same = tagger.tag_many(sample) == naive

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"naive (full pipeline, one by one): {naive_rate:,.0f} answers/s on {len(sample)}")
    print(f"fast path: {args.answers:,} answers in {elapsed:.1f} s = {fast_rate:,.0f} answers/s")
    print(f"ratio fast/naive: {fast_rate / naive_rate:,.0f}x")
    print(f"projected time for 1 000 000 answers: {1_000_000 / fast_rate:.0f} s")
    print(f"answers with at least one theme: {tagged / args.answers:.1%}")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")
    print(f"same themes as the naive path on the sample: {same}")


if __name__ == "__main__":
    main()
