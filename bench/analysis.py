"""End-to-end throughput of `consult analyze themes` on distinct answers, against the naive way.

    .venv/bin/python bench/analysis.py [--answers 200000] [--workers 2] [--naive-sample 300]
        [--resample]

Answers are made from the real texts in ../shared/data/ (titles and description sentences of
the Paris participatory budget, each at most 110 characters): fragments are joined until an
answer reaches a length drawn between 5 and 75 characters, and an answer whose cleaned text was
already made is drawn again, so **every answer is distinct** and the cache cannot answer any of
them (the hit rate measured is printed). ``--resample`` draws answers from the fragments with
replacement instead (the old, cache-friendly measure).

The fast path is the code ``consult analyze themes`` runs (:func:`analysis.csvthemes.tag_csv`
with ``--workers`` processes: CSV in, CSV out). The naive way is the full ``fr_core_news_sm``
pipeline on each answer one by one, in its own process, on the first answers of the same file.
Prints answers/s, the ratio, answers per CPU second against the naive way's (the same ratio
without the other processes' load: on a shared machine the wall-clock ratio also measures how
many cores were free), the peak memory of the fast run (resident memory of this process
and its workers, summed, sampled every 50 ms), the share of answers that needed spaCy's
statistical model, and whether the fast path wrote exactly the naive themes and evidence on
the naive sample (context rules and demands included).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import random
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.codebook import default_codebook  # noqa: E402
from analysis.csvthemes import tag_csv  # noqa: E402
from analysis.normalize import clean_text  # noqa: E402

SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT / "shared")
DATA = SHARED / "data"
LONGEST_FRAGMENT = 110
LENGTH = (5, 75)  # an answer grows until it reaches a length drawn in this range


def fragments() -> list[str]:
    """Every title and description sentence of the shared data, at most 110 characters."""
    texts: list[str] = []
    for path in sorted(DATA.glob("*/*.csv")):
        rows = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("text", "description"):
            for value in rows.get(column, []):
                texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+", value) if s.strip()]
    return [text for text in texts if len(text) <= LONGEST_FRAGMENT]


def distinct_answers(pool: list[str], count: int, rng: random.Random):
    """``count`` answers, no two with the same cleaned text."""
    seen: set[str] = set()
    while len(seen) < count:
        target = rng.uniform(*LENGTH)
        parts = [rng.choice(pool)]
        while len(" ".join(parts)) < target:
            parts.append(rng.choice(pool))
        answer = " ".join(parts)
        key = clean_text(answer)
        if key not in seen:
            seen.add(key)
            yield answer


def write_input(path: Path, answers) -> tuple[int, float]:
    rows = total = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "texte"])
        for answer in answers:
            rows += 1
            total += len(answer)
            writer.writerow([rows, answer])
    return rows, total / rows


def naive_run(texts: list[str], queue) -> None:
    """In a child process: the full pipeline, one answer at a time."""
    from analysis.nlp import full_pipeline
    from analysis.tagging import Tagger

    tagger, nlp = Tagger(), full_pipeline()
    tagger.tag_naive("chauffe", nlp)
    started, cpu = time.perf_counter(), time.process_time()
    tags = [tagger.tag_naive(text, nlp) for text in texts]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    evidence = [(";".join(t.themes), t.evidence_text()) for t in tags]
    queue.put((len(texts) / elapsed, len(texts) / cpu, evidence))


class PeakMemory(threading.Thread):
    """Samples the resident memory of this process and its children, summed."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            time.sleep(0.05)


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as handle:
                total += next(int(x.split()[1]) for x in handle if x.startswith("VmRSS"))
        except (OSError, StopIteration):
            continue
    return total * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive-sample", type=int, default=300)
    parser.add_argument("--resample", action="store_true", help="answers drawn with replacement")
    args = parser.parse_args()

    pool, rng = fragments(), random.Random(2026)
    folder = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    source, output = folder / "answers.csv", folder / "themes.csv"
    answers = (
        (rng.choice(pool) for _ in range(args.answers))
        if args.resample
        else distinct_answers(pool, args.answers, rng)
    )
    rows, mean_length = write_input(source, answers)
    kind = "resampled with replacement" if args.resample else "distinct"
    print(
        f"{rows:,} {kind} answers made from {len(pool):,} real fragments, "
        f"mean {mean_length:.0f} characters"
    )

    sample = pd.read_csv(source, sep=";", dtype=str, keep_default_na=False, nrows=args.naive_sample)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=naive_run, args=(sample["texte"].tolist(), queue))
    child.start()
    naive_rate, naive_cpu_rate, naive = queue.get()
    child.join()
    print(
        f"naive (full pipeline, one by one, own process): {naive_rate:,.0f} answers/s "
        f"on {len(naive)} ({naive_cpu_rate:,.0f} per CPU second)"
    )

    memory = PeakMemory()
    memory.start()
    cpu = _cpu_seconds()
    started = time.perf_counter()
    tagger = _tagger(args.workers)
    report = tag_csv(tagger, source, output, "texte", "id", progress=False)
    elapsed = time.perf_counter() - started
    memory.running = False
    memory.join()
    hits, lookups, modelled = tagger.hits, tagger.lookups, tagger.modelled
    if hasattr(tagger, "close"):
        tagger.close()  # its workers' CPU time is counted once they have ended
    cpu = _cpu_seconds() - cpu

    written = pd.read_csv(output, dtype=str, keep_default_na=False, nrows=len(naive))
    fast = list(zip(written["themes"], written["evidence"], strict=True))
    same = sum(a == b for a, b in zip(fast, naive, strict=True))
    rate = report.rows / elapsed
    print(
        f"fast path (tag_csv, {args.workers} worker(s), start-up included): "
        f"{report.rows:,} answers in {elapsed:.1f} s = {rate:,.0f} answers/s"
    )
    print(f"ratio fast/naive: {rate / naive_rate:.1f}x")
    per_cpu = report.rows / cpu / naive_cpu_rate
    print(
        f"CPU time (this process and its workers): {cpu:.1f} s = "
        f"{report.rows / cpu:,.0f} answers per CPU second, {per_cpu:.1f}x the naive way's "
        f"(times {args.workers} workers: {per_cpu * args.workers:.1f}x, the wall-clock ratio "
        f"when no other process takes the cores)"
    )
    print(f"cache hit rate: {hits / lookups:.2%} ({hits:,} of {lookups:,} answers)")
    print(f"answers that needed the statistical model: {modelled / max(lookups, 1):.1%}")
    print(f"answers with at least one theme: {report.tagged / report.rows:.1%}")
    print(f"peak memory (this process and its workers): {memory.peak / 2**20:,.0f} MB")
    print(f"same themes and evidence as the naive path: {same} of {len(naive)}")
    for path in (source, output):
        path.unlink(missing_ok=True)
    folder.rmdir()


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of its ended children."""
    import resource

    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _tagger(workers: int):
    if workers == 1:
        from analysis.tagging import Tagger

        return Tagger()
    from analysis.parallel import TaggerPool

    return TaggerPool(default_codebook(), workers)


if __name__ == "__main__":
    main()
