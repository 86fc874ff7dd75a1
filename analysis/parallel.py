"""Tag with several processes: each worker holds its own :class:`Tagger` (spaCy, caches).

``TaggerPool(codebook, workers).tag_many(texts)`` returns what ``Tagger.tag_many`` would, in
order; a batch is cut in one chunk per worker. ``tag_batches`` streams: each batch goes to the
first free worker while a few more wait in line, so the caller reads and writes its file while
the workers tag (nobody waits for the slowest chunk of a batch). The calling process never loads
spaCy, which keeps the peak memory of a CSV run to one pipeline per worker.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from analysis.codebook import Codebook
from analysis.tagging import Tagger, Tags

_worker_tagger: Tagger | None = None
AHEAD = 2  # batches waiting in line per worker while the caller reads and writes


def _start(codebook: Codebook) -> None:
    global _worker_tagger
    _worker_tagger = Tagger(codebook)


def _tag(texts: list[str | None]) -> tuple[list[Tags], int, int]:
    tagger = _worker_tagger
    if tagger is None:
        raise RuntimeError("a tagging worker was not started with its codebook")
    hits, modelled = tagger.hits, tagger.modelled
    tags = tagger.tag_many(texts)
    return tags, tagger.hits - hits, tagger.modelled - modelled


class TaggerPool:
    """A drop-in for :class:`Tagger` where only ``tag_many`` is used (CSV files, stored
    answers), spread over ``workers`` processes."""

    def __init__(self, codebook: Codebook, workers: int) -> None:
        self.codebook = codebook
        self.order = {theme: i for i, theme in enumerate(codebook.theme_ids)}
        self.workers = workers
        # fork would copy the caller's threads and locks; spawn starts clean workers.
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(workers, context, initializer=_start, initargs=(codebook,))
        self.lookups = self.hits = self.modelled = 0

    def tag_many(self, texts: Iterable[str | None]) -> list[Tags]:
        texts = list(texts)
        size = -(-len(texts) // self.workers) or 1
        chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
        found: list[Tags] = []
        for tags, hits, modelled in self._pool.map(_tag, chunks):
            found += tags
            self.hits += hits
            self.modelled += modelled
        self.lookups += len(texts)
        return found

    def tag_batches(self, batches: Iterable[list[str | None]]) -> Iterator[list[Tags]]:
        """``tag_many`` of each batch, in order, a whole batch per worker task, with up to
        ``AHEAD`` batches per worker in flight (memory stays a few batches)."""
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(self._pool.submit(_tag, batch))
            if len(pending) > AHEAD * self.workers:
                yield self._collected(pending.popleft())
        while pending:
            yield self._collected(pending.popleft())

    def _collected(self, future: Future) -> list[Tags]:
        tags, hits, modelled = future.result()
        self.hits += hits
        self.modelled += modelled
        self.lookups += len(tags)
        return tags

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> TaggerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
