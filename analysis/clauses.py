"""Cut an answer into sentences and list items, as cleaned words.

Joined, the segments are exactly :func:`analysis.normalize.clean_words` of the whole text (the
cuts fall on punctuation and list marks, never inside a word), so lemmas do not change; the
tagger uses the cuts to scope demands (« il faut … » up to the end of its sentence) and context
rules (neighbours in the same sentence).
"""

from __future__ import annotations

import re

from analysis.normalize import clean_words

# Sentence ends, semicolons, line breaks and bullets; a dash or star only as a list mark (between
# spaces or at a line start), never inside « city-stade ».
_BOUNDARY = re.compile(r"[.!?;…\n\r•·]+|(?:^|(?<=\s))[-–—*]+(?=\s)")


def clean_segments(text: str | None) -> list[list[str]]:
    """The cleaned words of each sentence or list item of ``text`` (empty ones dropped)."""
    return [words for part in _BOUNDARY.split(text or "") if (words := clean_words(part))]


def joined(segments: list[list[str]]) -> list[str]:
    """The words of all segments, in order."""
    return [word for words in segments for word in words]


def segment_numbers(segments: list[list[str]]) -> list[int]:
    """For each word of the joined segments, the number of its segment."""
    return [number for number, words in enumerate(segments) for _ in words]
