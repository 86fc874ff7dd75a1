"""Forgive one spelling slip (insertion, deletion, substitution, swap) in long words."""

from __future__ import annotations

from collections.abc import Iterable


def deletions(word: str) -> set[str]:
    """The word itself and every way of deleting one letter from it."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit (adjacent swaps count as one)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


class VariantIndex:
    """Deletion-variant index of vocabulary words: finds the words one edit away quickly."""

    def __init__(self, vocabulary: Iterable[str], min_length: int) -> None:
        self.min_length = min_length
        self._index: dict[str, set[str]] = {}
        for word in vocabulary:
            if len(word) >= min_length:
                for variant in deletions(word):
                    self._index.setdefault(variant, set()).add(word)

    def nearest(self, word: str) -> str | None:
        """The vocabulary word one edit away from ``word`` (first alphabetically), if any."""
        if len(word) < self.min_length:
            return None
        candidates = set()
        for variant in deletions(word):
            candidates |= self._index.get(variant, set())
        matches = sorted(c for c in candidates if within_one_edit(word, c))
        return matches[0] if matches else None
